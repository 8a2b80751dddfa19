"""Handlers that move a project through its lifecycle: advance, abandon, accept."""

from __future__ import annotations

from sqlmodel import col, select

from governance import commands as c
from governance import facts as facts_module
from governance import lifecycle_news as news
from governance import notices
from governance.errors import BadCommand, Conflict, GateClosed, NotAllowed
from governance.gates import evaluate
from governance.handlers import criteria
from governance.handlers.base import OWNER, SPONSOR, Ctx
from governance.phases import CLOSED, ORDER, Phase, ProjectRole, next_phase, rank
from governance.replies import Action, Reply
from governance.states import Platform
from governance.tables import ChannelLink, Event, Project, ReadinessItem, Transition


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
            keys = ", ".join(s.named() for s in missing)
            raise GateClosed(
                f"{project.slug} cannot leave {current.value} yet: {len(missing)} open — {keys}. "
                f"See `ready {project.slug}`.",
                [s.item.key for s in missing],
            )
    elif _asks_first(ctx, cmd.confirmed):
        return news.confirm_force(cmd, project.slug, current, target, await _channels(ctx, project))
    event = _move(ctx, project, current, target, cmd.reason, forced=cmd.force)
    who = ctx.person.display_name
    if cmd.force:
        told = news.forced(who, project.name, project.slug, current, target, cmd.reason or "")
    else:
        told = news.advanced(who, project.name, project.slug, current, target)
    await _tell_members(ctx, project, event, told)
    verb = "forced" if cmd.force else "moved"
    text = f"{project.name} {verb} from {current.value} to {target.value}."
    text += news.where_it_stands(target)
    return Reply.ok(text, actions=[Action("Status", c.Status(project.slug))])


def _asks_first(ctx: Ctx, confirmed: bool) -> bool:
    """On Slack and Teams a destructive command is a button press away from a slip of the
    fingers: it asks first, and its button says yes. On the console the whole command was
    typed, and it acts at once."""
    return not confirmed and ctx.actor.platform in (Platform.SLACK, Platform.TEAMS)


async def _channels(ctx: Ctx, project: Project) -> list[str]:
    """The names of the channels linked to ``project``, as a question names them."""
    names = await ctx.session.exec(
        select(ChannelLink.name)
        .where(ChannelLink.project_id == project.id)
        .order_by(col(ChannelLink.id))
    )
    return [name or "the linked channel" for name in names]


async def _tell_members(ctx: Ctx, project: Project, event: Event, told: Reply) -> None:
    """Every member (but the speaker) in their working hours, the linked channels at once."""
    await ctx.tell(event, await notices.members(ctx.session, project.id), told)  # type: ignore[arg-type]
    await ctx.tell_channels(event, project, told)


def _move(
    ctx: Ctx, project: Project, source: Phase, target: Phase, reason: str | None, forced: bool
) -> Event:
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
    return ctx.audit(
        "phase.forced" if forced else "phase.changed",
        summary,
        project,
        before={"phase": source.value},
        after={"phase": target.value, "reason": reason},
    )


# Abandoning a project in production leaves something running: it needs a plan to take it
# down (the retirement gate's item), or an admin.
DECOMMISSION_PLAN = "decommission-plan"


async def abandon(ctx: Ctx, cmd: c.Abandon) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "abandon it")
    current = Phase(project.phase)
    if current in CLOSED:
        raise Conflict(f"{project.slug} is already {current.value}.")
    if current == Phase.PRODUCTION and not ctx.is_admin and not await _planned(ctx, project):
        raise Conflict(
            f"{project.slug} is in production: abandoning it needs the `{DECOMMISSION_PLAN}` "
            f"done first (`ready {project.slug} {DECOMMISSION_PLAN} done`), or an admin."
        )
    if _asks_first(ctx, cmd.confirmed):
        return news.confirm_abandon(cmd, project.slug, await _channels(ctx, project))
    project.closed_reason = cmd.reason
    event = _move(ctx, project, current, Phase.ABANDONED, cmd.reason, forced=False)
    told = news.abandoned(ctx.person.display_name, project.name, project.slug, current, cmd.reason)
    await _tell_members(ctx, project, event, told)
    return Reply.ok(
        f"{project.name} abandoned in {current.value}. Reason kept: {cmd.reason}",
    )


async def _planned(ctx: Ctx, project: Project) -> bool:
    done = await ctx.session.exec(
        select(ReadinessItem.id).where(
            ReadinessItem.project_id == project.id,
            ReadinessItem.key == DECOMMISSION_PLAN,
            col(ReadinessItem.done_at).is_not(None),
        )
    )
    return done.first() is not None


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
    await criteria.require_resolved(ctx, project)
    project.accepted_at = ctx.now
    ctx.touch(project)
    event = ctx.audit(
        "project.accepted", "accepted by the sponsor", project, after={"accepted": ctx.now}
    )
    told = news.accepted(ctx.person.display_name, project.name, project.slug)
    await ctx.tell(event, await notices.members(ctx.session, project.id, ProjectRole.OWNER), told)  # type: ignore[arg-type]
    await ctx.tell_channels(event, project, told)
    return Reply.ok(
        f"{project.name} accepted: it is done — not in production until it passes the "
        "production gate.",
        actions=[Action("Status", c.Status(project.slug))],
    )
