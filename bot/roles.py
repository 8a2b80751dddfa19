"""Granting, revoking and listing org roles from the command line (the first admin has to
come from somewhere)."""

from __future__ import annotations

from sqlmodel import col, delete, select

from adapters.console.chat import handle_id
from governance import audit, people
from governance.context import Actor
from governance.phases import OrgRole
from governance.service import Mlgov
from governance.states import Platform
from governance.tables import Identity, OrgRoleGrant, Person


async def change_role(
    mlgov: Mlgov, platform: str, tenant: str, user_id: str, role: str, *, grant_it: bool
) -> str:
    wanted = OrgRole(role)
    # A console handle is case-insensitive: `mlgov role grant Alice` is `--as alice`.
    user = handle_id(user_id) if platform == Platform.CONSOLE else user_id.lstrip("@")
    async with mlgov.uow() as uow:
        now = mlgov.clock.now()
        person = await people.person_for(uow.session, Actor(platform, tenant, user), now)
        if grant_it:
            changed = await people.grant(uow.session, person, wanted, now)
        else:
            result = await uow.session.exec(
                delete(OrgRoleGrant).where(
                    col(OrgRoleGrant.person_id) == person.id,
                    col(OrgRoleGrant.role) == wanted.value,
                )
            )
            changed = bool(result.rowcount)
        if changed:
            verb = "granted" if grant_it else "revoked"
            audit.record(
                uow.session,
                at=now,
                actor_id=None,
                platform="cli",
                actor_name="the command line",
                kind=f"role.{verb}",
                summary=f"{wanted.value} {verb} for {person.display_name}",
                after={"person": person.display_name, "role": wanted.value, "granted": grant_it},
            )
        await uow.commit()
    name = person.display_name
    if not changed:
        return f"{name} {'already is' if grant_it else 'is not'} {wanted.value}; nothing changed"
    return f"{name} is {'now' if grant_it else 'no longer'} {wanted.value}"


async def list_roles(mlgov: Mlgov) -> list[str]:
    """Each person holding an org role, one line each: name, roles, and how to name them."""
    async with mlgov.uow() as uow:
        grants = (
            await uow.session.exec(
                select(Person.id, Person.display_name, OrgRoleGrant.role)
                .join(OrgRoleGrant, col(OrgRoleGrant.person_id) == col(Person.id))
                .order_by(col(Person.display_name), col(Person.id))
            )
        ).all()
        identities = (
            await uow.session.exec(
                select(Identity.person_id, Identity.platform, Identity.tenant, Identity.external_id)
                .where(col(Identity.person_id).in_({row[0] for row in grants}))
                .order_by(col(Identity.platform), col(Identity.tenant), col(Identity.external_id))
            )
        ).all()
    if not grants:
        return ["No org roles granted yet."]
    order = {role.value: index for index, role in enumerate(OrgRole)}
    names: dict[int | None, str] = {}
    roles: dict[int | None, list[str]] = {}
    for person_id, name, role in grants:
        names[person_id] = name
        roles.setdefault(person_id, []).append(role)
    known: dict[int | None, list[str]] = {}
    for person_id, platform, tenant, external_id in identities:
        known.setdefault(person_id, []).append(
            f"{platform} {tenant + '/' if tenant else ''}{external_id}"
        )
    return [
        f"{names[pid]}: {', '.join(sorted(held, key=lambda r: order.get(r, len(order))))}"
        + (f" ({'; '.join(known[pid])})" if pid in known else "")
        for pid, held in roles.items()
    ]
