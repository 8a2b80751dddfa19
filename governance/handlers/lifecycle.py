"""Handlers that move a project through its lifecycle: advance, abandon, accept."""

from __future__ import annotations

from governance import commands as c
from governance import facts as facts_module
from governance.errors import BadCommand, Conflict, GateClosed, NotAllowed
from governance.gates import evaluate
from governance.handlers.base import OWNER, SPONSOR, Ctx
from governance.phases import CLOSED, ORDER, Phase, next_phase, rank
from governance.replies import Action, Reply
from governance.tables import Project, Transition


async def advance(ctx: Ctx, cmd: c.Advance) -> Reply:
    project = await ctx.project(cmd.project)
    if cmd.force:
        if not ctx.is_admin:
            raise NotAllowed(f"Only an admin can force {project.slug} to another phase.")
    else:
        await ctx.require(project, OWNER, "advance it")
    current = Phase(project.phase)
    target = cmd.to or next_phase(current)
    if target is None:
        raise Conflict(f"{project.slug} is {current.value}; there is no phase after it.")
    if target == Phase.ABANDONED:
        raise BadCommand(
            f'To stop {project.slug}, say `abandon {project.slug} reason:"…"`.',
        )
    if target == current:
        raise Conflict(f"{project.slug} is already in {current.value}.")
    if not cmd.force:
        if current in CLOSED:
            raise Conflict(
                f"{project.slug} is {current.value}; only an admin can reopen it (force)."
            )
        if target != next_phase(current):
            raise Conflict(
                f"From {current.value} the next phase is {next_phase(current)}; "
                f'going to {target.value} needs an admin\'s `force reason:"…"`.'
            )
        _, states = evaluate(await facts_module.load(ctx.session, project), ctx.policy)
        missing = [s for s in states if not s.done]
        if missing:
            keys = ", ".join(s.item.key for s in missing)
            raise GateClosed(
                f"{project.slug} cannot leave {current.value} yet: {len(missing)} open — {keys}. "
                f"See `ready {project.slug}`.",
                [s.item.key for s in missing],
            )
    _move(ctx, project, current, target, cmd.reason, forced=cmd.force)
    verb = "forced" if cmd.force else "moved"
    text = f"{project.name} {verb} from {current.value} to {target.value}."
    if target == Phase.DEPLOYMENT:
        text += " It is done — not in production yet."
    elif target == Phase.PRODUCTION:
        text += " It is in production."
    return Reply.ok(text, actions=[Action("Status", c.Status(project.slug))])


def _move(
    ctx: Ctx, project: Project, source: Phase, target: Phase, reason: str | None, forced: bool
) -> None:
    project.phase = target.value
    project.phase_entered_at = ctx.now
    if target == Phase.PRODUCTION:
        project.live_since = ctx.now
    elif target in ORDER and rank(target) < rank(Phase.PRODUCTION):
        project.live_since = None
    ctx.touch(project)
    ctx.session.add(
        Transition(
            project_id=project.id,  # type: ignore[arg-type]
            from_phase=source.value,
            to_phase=target.value,
            reason=reason,
            forced=forced,
            actor_id=ctx.person_id,
            at=ctx.now,
        )
    )
    summary = f"{'forced' if forced else 'advanced'} {source.value} → {target.value}"
    if reason:
        summary += f": {reason}"
    ctx.audit(
        "phase.forced" if forced else "phase.changed",
        summary,
        project,
        before={"phase": source.value},
        after={"phase": target.value, "reason": reason},
    )


async def abandon(ctx: Ctx, cmd: c.Abandon) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "abandon it")
    current = Phase(project.phase)
    if current in CLOSED:
        raise Conflict(f"{project.slug} is already {current.value}.")
    project.closed_reason = cmd.reason
    _move(ctx, project, current, Phase.ABANDONED, cmd.reason, forced=False)
    return Reply.ok(
        f"{project.name} abandoned in {current.value}. Reason kept: {cmd.reason}",
    )


async def accept(ctx: Ctx, cmd: c.Accept) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, SPONSOR, "accept it", admin=False)
    phase = Phase(project.phase)
    if project.accepted_at is not None:
        raise Conflict(
            f"{project.slug} was already accepted on {project.accepted_at.date().isoformat()}."
        )
    if phase not in (Phase.DEVELOPMENT, Phase.DEPLOYMENT):
        raise Conflict(
            f"{project.slug} is in {phase.value}; a sponsor accepts a project in development."
        )
    project.accepted_at = ctx.now
    ctx.touch(project)
    ctx.audit("project.accepted", "accepted by the sponsor", project, after={"accepted": ctx.now})
    return Reply.ok(
        f"{project.name} accepted: it is done — not in production until it passes the "
        "production gate.",
        actions=[Action("Status", c.Status(project.slug))],
    )
