"""Finding the person behind a platform identity or a mention, creating them on first sight."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.context import Actor, Directory
from governance.parser import Mention
from governance.phases import OrgRole
from governance.tables import Identity, OrgRoleGrant, Person


async def find_identity(
    session: AsyncSession, platform: str, tenant: str, user_id: str
) -> Person | None:
    statement = (
        select(Person)
        .join(Identity, Identity.person_id == Person.id)  # type: ignore[arg-type]
        .where(
            Identity.platform == platform,
            Identity.tenant == tenant,
            Identity.external_id == user_id,
        )
    )
    return (await session.exec(statement)).first()


async def person_for(session: AsyncSession, actor: Actor, now: datetime) -> Person:
    """The person speaking; created on first contact, their name kept in step."""
    person = await find_identity(session, actor.platform, actor.tenant, actor.user_id)
    if person is None:
        person = Person(
            display_name=(actor.display_name or actor.user_id)[:200],
            tz=actor.tz or "UTC",
            created_at=now,
        )
        session.add(person)
        await session.flush()
        session.add(
            Identity(
                person_id=person.id,  # type: ignore[arg-type]
                platform=actor.platform,
                tenant=actor.tenant,
                external_id=actor.user_id,
            )
        )
        await session.flush()
        return person
    if actor.display_name and actor.display_name != person.display_name:
        person.display_name = actor.display_name[:200]
    # The platform's time zone seeds a new person only; afterwards `tz` decides.
    return person


async def person_for_mention(
    session: AsyncSession,
    actor: Actor,
    mention: Mention,
    now: datetime,
    directory: Directory | None,
) -> Person:
    """A mentioned person on the speaker's platform; a first mention creates them."""
    person = await find_identity(session, actor.platform, actor.tenant, mention.user_id)
    if person is not None:
        return person
    name, tz = mention.label or mention.user_id, None
    if directory is not None:
        profile = await directory.profile(actor.platform, actor.tenant, mention.user_id)
        if profile is not None:
            name, tz = profile.display_name, profile.tz
    return await person_for(
        session,
        Actor(actor.platform, actor.tenant, mention.user_id, display_name=name, tz=tz),
        now,
    )


async def org_roles(session: AsyncSession, person_id: int) -> set[OrgRole]:
    rows = await session.exec(select(OrgRoleGrant.role).where(OrgRoleGrant.person_id == person_id))
    return {OrgRole(role) for role in rows}


async def grant(session: AsyncSession, person: Person, role: OrgRole, now: datetime) -> bool:
    """Give an org role; False when the person already had it."""
    if role in await org_roles(session, person.id):  # type: ignore[arg-type]
        return False
    session.add(OrgRoleGrant(person_id=person.id, role=role.value, granted_at=now))  # type: ignore[arg-type]
    await session.flush()
    return True
