"""People the bot cannot write to yet: where a chat with them could be opened from, and
telling their projects' owners, once, what the person must do.

A member added by a mention in a channel may never have spoken to the bot. Teams lets the
bot open a chat with them from a team it is installed in; where that is impossible, the
check-ins meant for them cannot arrive, and the people who rely on them should know why.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.phases import CLOSED
from governance.rhythm import messages
from governance.rhythm.outbox import Outgoing, enqueue
from governance.rhythm.store import recipients
from governance.sending import Recipient
from governance.states import Platform
from governance.tables import ConversationRef, Identity, Membership, Person, Project
from governance.uow import UnitOfWork

PLATFORM_NAMES: dict[str, str] = {
    Platform.SLACK: "Slack",
    Platform.TEAMS: "Teams",
    Platform.CONSOLE: "the terminal",
}


async def newest_channel_reference(uow: UnitOfWork, platform: str, tenant: str) -> str | None:
    """The reference of the channel in this tenant the bot heard from most recently: where
    it is installed, and the service to ask for a new conversation."""
    async with uow:
        return (
            await uow.session.exec(
                select(ConversationRef.reference)
                .where(
                    ConversationRef.platform == platform,
                    ConversationRef.tenant == tenant,
                    ConversationRef.scope == "channel",
                )
                .order_by(col(ConversationRef.updated_at).desc(), col(ConversationRef.id).desc())
                .limit(1)
            )
        ).first()


async def tell_owners(session: AsyncSession, person: Recipient, what: str, now: datetime) -> int:
    """Queue, for the owners of each active project ``person`` is a member of, one message
    naming them and saying ``what`` they must do; once ever per person and project (the
    key). Returns how many were new."""
    found = (
        await session.exec(
            select(Person.id, Person.display_name)
            .join(Identity, col(Identity.person_id) == col(Person.id))
            .where(
                Identity.platform == person.platform,
                Identity.tenant == person.tenant,
                Identity.external_id == person.target_id,
            )
        )
    ).first()
    if found is None:
        return 0
    person_id, name = found
    theirs = (
        select(Membership.project_id)
        .join(Project, col(Project.id) == col(Membership.project_id))
        .where(
            Membership.person_id == person_id,
            col(Project.phase).not_in([p.value for p in CLOSED]),
        )
    )
    owners = list(
        await session.exec(
            select(Membership.project_id, Project.name, Membership.person_id)
            .join(Project, col(Project.id) == col(Membership.project_id))
            .where(
                col(Membership.project_id).in_(theirs),
                Membership.role == "owner",
                Membership.person_id != person_id,
            )
            .order_by(col(Membership.project_id), col(Membership.person_id))
        )
    )
    where = await recipients(session, {owner for _, _, owner in owners})
    platform = PLATFORM_NAMES.get(person.platform, person.platform)
    key = f"unreachable:{person.platform}:{person.tenant}:{person.target_id}"
    items = [
        Outgoing(f"{key}:{project_id}:{owner}", where[owner],
                 messages.unreachable(name, platform, what, project))
        for project_id, project, owner in owners
        if owner in where
    ]  # fmt: skip
    return await enqueue(session, items, now)
