"""Handlers for a project's sponsor: naming one, and the sponsor's confirmation."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import delete, select

from governance import commands as c
from governance.handlers.base import OWNER, SPONSOR, Ctx
from governance.handlers.membership import join
from governance.phases import ProjectRole
from governance.replies import Reply
from governance.tables import Membership, Person
from governance.values import format_amount


async def name_sponsor(ctx: Ctx, cmd: c.NameSponsor) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER | SPONSOR, "name its sponsor")
    sponsor = await ctx.mentioned(cmd.sponsor)
    before = [
        p.display_name
        for p in await ctx.session.exec(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)  # type: ignore[arg-type]
            .where(Membership.project_id == project.id, Membership.role == "sponsor")
        )
    ]
    await ctx.session.exec(
        delete(Membership).where(Membership.project_id == project.id, Membership.role == "sponsor")  # type: ignore[arg-type]
    )
    join(ctx, project, sponsor, ProjectRole.SPONSOR)
    project.sponsorship_renewed_at = ctx.now
    old_budget = project.budget
    if cmd.budget is not None:
        project.budget = cmd.budget
    ctx.touch(project)
    ctx.audit(
        "sponsor.named",
        f"sponsor {sponsor.display_name}"
        + (f", budget {format_amount(cmd.budget)}" if cmd.budget is not None else ""),
        project,
        before={"sponsor": before[0] if before else None, "budget": old_budget},
        after={"sponsor": sponsor.display_name, "budget": project.budget},
    )
    text = f"{sponsor.display_name} sponsors {project.name}."
    if cmd.budget is not None:
        text += f" Budget: {format_amount(cmd.budget)}."
    return Reply.ok(text)


async def confirm_sponsorship(ctx: Ctx, cmd: c.ConfirmSponsorship) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, SPONSOR, "reconfirm its sponsorship", admin=False)
    before = project.sponsorship_renewed_at
    project.sponsorship_renewed_at = ctx.now
    ctx.touch(project)
    ctx.audit(
        "sponsor.confirmed",
        "sponsorship reconfirmed",
        project,
        before={"renewed": before},
        after={"renewed": ctx.now},
    )
    due = ctx.now + timedelta(days=ctx.policy.sponsorship_every_days)
    return Reply.ok(
        f"Sponsorship of {project.name} reconfirmed; next reconfirmation due "
        f"{due.date().isoformat()}."
    )
