"""Granting org roles from the command line (the first admin has to come from somewhere)."""

from __future__ import annotations

from sqlmodel import col, delete

from adapters.console.chat import handle_id
from governance import audit, people
from governance.context import Actor
from governance.phases import OrgRole
from governance.service import Mlgov
from governance.states import Platform
from governance.tables import OrgRoleGrant


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
