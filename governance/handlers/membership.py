"""Handlers for who is on a project and in which role."""

from __future__ import annotations

from sqlmodel import select

from governance import commands as c
from governance.errors import Conflict
from governance.handlers.base import OWNER, Ctx
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
        if cmd.role == ProjectRole.SPONSOR:
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
            project.sponsorship_renewed_at = ctx.now
        join(ctx, project, person, cmd.role)
        ctx.audit(
            "member.added",
            f"added {person.display_name} as {role}",
            project,
            after={"person": person.display_name, "role": role},
        )
        text = f"{person.display_name} is now {role} on {project.name}."
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
        ctx.audit(
            "member.removed",
            f"removed {person.display_name} as {role}",
            project,
            before={"person": person.display_name, "role": role},
        )
        text = f"{person.display_name} is no longer {role} on {project.name}."
    ctx.touch(project)
    return Reply.ok(text)
