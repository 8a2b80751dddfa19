"""Handlers for who is on a project and in which role."""

from __future__ import annotations

from sqlmodel import select

from governance import commands as c
from governance.errors import Conflict
from governance.handlers.base import OWNER, Ctx
from governance.handlers.sponsorship import appoint, ask, asked_text, refuse_owner, refuse_sponsor
from governance.phases import ProjectRole
from governance.replies import Reply
from governance.tables import Membership, Person, Project


def join(ctx: Ctx, project: Project, person: Person, role: ProjectRole) -> None:
    ctx.session.add(
        Membership(project_id=project.id, person_id=person.id, role=role.value, since=ctx.now)  # type: ignore[arg-type]
    )


async def change_member(ctx: Ctx, cmd: c.ChangeMember) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "change its members")
    person = await ctx.mentioned(cmd.person)
    existing = (
        await ctx.session.exec(
            select(Membership).where(
                Membership.project_id == project.id,
                Membership.person_id == person.id,
                Membership.role == cmd.role.value,
            )
        )
    ).first()
    role = cmd.role.value
    if cmd.add:
        if existing is not None:
            raise Conflict(f"{person.display_name} is already {role} on {project.slug}.")
        consented = False
        if cmd.role == ProjectRole.OWNER:
            await refuse_sponsor(ctx, project, person)
        if cmd.role == ProjectRole.SPONSOR:
            await refuse_owner(ctx, project, person)
            has_sponsor = (
                await ctx.session.exec(
                    select(Membership).where(
                        Membership.project_id == project.id, Membership.role == role
                    )
                )
            ).first()
            if has_sponsor is not None:
                raise Conflict(
                    f"{project.slug} has a sponsor; say `sponsor {project.slug} @name` to change it."
                )
            # A sponsor is asked, as by `sponsor <p> @u`, and counts once they say yes.
            consented = appoint(ctx, project, person)
        else:
            join(ctx, project, person, cmd.role)
        event = ctx.audit(
            "member.added",
            f"added {person.display_name} as {role}",
            project,
            after={"person": person.display_name, "role": role},
        )
        text = f"{person.display_name} is now {role} on {project.name}."
        if cmd.role == ProjectRole.SPONSOR:
            if not consented:
                await ask(ctx, event, project, person)
            text = asked_text(project, person, consented)
    else:
        if existing is None:
            raise Conflict(f"{person.display_name} is not {role} on {project.slug}.")
        if cmd.role == ProjectRole.OWNER:
            owners = (
                await ctx.session.exec(
                    select(Membership).where(
                        Membership.project_id == project.id, Membership.role == role
                    )
                )
            ).all()
            if len(owners) == 1:
                raise Conflict(f"{project.slug} needs an owner; add another owner first.")
        await ctx.session.delete(existing)
        if cmd.role == ProjectRole.SPONSOR:
            project.sponsorship_renewed_at = None  # no sponsor, nothing to reconfirm
        ctx.audit(
            "member.removed",
            f"removed {person.display_name} as {role}",
            project,
            before={"person": person.display_name, "role": role},
        )
        text = f"{person.display_name} is no longer {role} on {project.name}."
    ctx.touch(project)
    return Reply.ok(text)
