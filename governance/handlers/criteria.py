"""Evaluation criteria: added, changed with a reason (old text kept), met, waived, confirmed."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from governance import commands as c
from governance.errors import Conflict
from governance.handlers.base import MEMBERS, Ctx
from governance.phases import ProjectRole
from governance.replies import Reply
from governance.states import CriterionStatus
from governance.tables import CriteriaConfirmation, Criterion, CriterionVersion, Project

DECIDERS = {ProjectRole.OWNER, ProjectRole.SPONSOR}


async def add(ctx: Ctx, cmd: c.AddCriterion) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, MEMBERS, "add criteria")
    highest = (
        await ctx.session.exec(
            select(func.max(Criterion.number)).where(Criterion.project_id == project.id)
        )
    ).one()
    number = (highest or 0) + 1
    criterion = Criterion(project_id=project.id, number=number, created_at=ctx.now)  # type: ignore[arg-type]
    ctx.session.add(criterion)
    await ctx.session.flush()
    _version(ctx, project, criterion, 1, cmd.text, None)
    ctx.touch(project)
    ctx.audit(
        "criterion.added",
        f"criterion {number}: {cmd.text}",
        project,
        after={"number": number, "text": cmd.text},
    )
    return Reply.ok(f"Criterion {number} added to {project.name}: {cmd.text}")


def _version(
    ctx: Ctx, project: Project, criterion: Criterion, version: int, text: str, reason: str | None
) -> None:
    ctx.session.add(
        CriterionVersion(
            criterion_id=criterion.id,  # type: ignore[arg-type]
            version=version,
            text=text,
            reason=reason,
            phase=project.phase,
            actor_id=ctx.person_id,
            at=ctx.now,
        )
    )


async def _criterion(ctx: Ctx, project: Project, number: int) -> tuple[Criterion, CriterionVersion]:
    row = (
        await ctx.session.exec(
            select(Criterion, CriterionVersion)
            .join(CriterionVersion, CriterionVersion.criterion_id == Criterion.id)  # type: ignore[arg-type]
            .where(Criterion.project_id == project.id, Criterion.number == number)
            .order_by(CriterionVersion.version.desc())  # type: ignore[attr-defined]
        )
    ).first()
    if row is None:
        raise Conflict(
            f"{project.slug} has no criterion {number}; say `criteria {project.slug}` to list them."
        )
    return row


async def change(ctx: Ctx, cmd: c.ChangeCriterion) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, MEMBERS, "change criteria")
    criterion, current = await _criterion(ctx, project, cmd.number)
    if current.text == cmd.text:
        raise Conflict(f"Criterion {cmd.number} already says that.")
    _version(ctx, project, criterion, current.version + 1, cmd.text, cmd.reason)
    reopened = criterion.status != CriterionStatus.OPEN
    before_status = criterion.status
    criterion.status, criterion.waive_reason = CriterionStatus.OPEN, None
    ctx.session.add(criterion)
    ctx.touch(project)
    ctx.audit(
        "criterion.changed",
        f"criterion {cmd.number} changed: {cmd.reason}",
        project,
        before={"text": current.text, "status": before_status},
        after={"text": cmd.text, "reason": cmd.reason, "status": CriterionStatus.OPEN.value},
    )
    text = f"Criterion {cmd.number} of {project.name} is now: {cmd.text} (v{current.version + 1})."
    if reopened:
        text += f" It was {before_status}; it is open again."
    return Reply.ok(text + f" History: `criteria {project.slug} history`.")


async def resolve(ctx: Ctx, cmd: c.ResolveCriterion) -> Reply:
    project = await ctx.project(cmd.project)
    if cmd.met:
        await ctx.require(project, MEMBERS, "mark criteria met")
    else:
        await ctx.require(project, DECIDERS, "waive criteria")
    criterion, current = await _criterion(ctx, project, cmd.number)
    status = CriterionStatus.MET if cmd.met else CriterionStatus.WAIVED
    if criterion.status == status:
        raise Conflict(f"Criterion {cmd.number} is already {status}.")
    before = criterion.status
    criterion.status = status
    criterion.waive_reason = None if cmd.met else cmd.reason
    ctx.session.add(criterion)
    ctx.touch(project)
    summary = f"criterion {cmd.number} {status}" + (f": {cmd.reason}" if cmd.reason else "")
    ctx.audit(
        f"criterion.{status}",
        summary,
        project,
        before={"status": before},
        after={"status": status, "reason": cmd.reason},
    )
    return Reply.ok(f"Criterion {cmd.number} of {project.name} {status}: {current.text}")


async def confirm(ctx: Ctx, cmd: c.ConfirmCriteria) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, DECIDERS, "confirm its criteria")
    count = (
        await ctx.session.exec(
            select(func.count()).select_from(Criterion).where(Criterion.project_id == project.id)
        )
    ).one()
    if not count:
        raise Conflict(
            f'{project.slug} has no criteria to confirm; add one with `criteria {project.slug} add "…"`.'
        )
    ctx.session.add(
        CriteriaConfirmation(
            project_id=project.id,  # type: ignore[arg-type]
            phase=project.phase,
            actor_id=ctx.person_id,
            at=ctx.now,
        )
    )
    ctx.touch(project)
    ctx.audit("criteria.confirmed", f"{count} criteria confirmed in {project.phase}", project)
    return Reply.ok(f"The {count} criteria of {project.name} are confirmed for {project.phase}.")
