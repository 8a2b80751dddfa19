"""Read-only handlers: status, portfolio, history, criteria, readiness, cost."""

from __future__ import annotations

from sqlmodel import col, select

from governance import audit
from governance import commands as c
from governance import facts as facts_module
from governance.gates import evaluate
from governance.handlers.base import Ctx
from governance.people import find_identity
from governance.phases import CLOSED, Health
from governance.portfolio import summaries
from governance.replies import Reply, Row
from governance.rhythm.aftercare_store import reattestations
from governance.tables import Event, Membership, Person
from governance.views.costs import cost_reply
from governance.views.outcomes import with_outcome
from governance.views.portfolio import portfolio_reply
from governance.views.status import status_reply


async def status(ctx: Ctx, cmd: c.Status) -> Reply:
    project = await ctx.project(cmd.project)
    facts = await facts_module.load(ctx.session, project)
    gate, states = evaluate(facts, ctx.policy)
    if project.live_since is None or project.id is None:  # never in production
        return status_reply(facts, gate, states, ctx.policy, ctx.now)
    # After go-live: the re-attestation health reads, and the LoB's word on the objective.
    due = await reattestations(ctx.session, ctx.policy, ctx.now, [project.id])
    reply = status_reply(facts, gate, states, ctx.policy, ctx.now, due.get(project.id))
    return await with_outcome(ctx.session, project.id, reply)


async def portfolio(ctx: Ctx, cmd: c.Portfolio) -> Reply:
    sponsor_id = None
    if cmd.sponsor is not None:
        person = await find_identity(
            ctx.session, ctx.actor.platform, ctx.actor.tenant, cmd.sponsor.user_id
        )
        sponsor_id = person.id if person else -1
    found = await summaries(
        ctx.session,
        ctx.policy,
        ctx.now,
        phase=cmd.phase,
        health_is=cmd.health,
        sponsor_id=sponsor_id,
        done_not_live=cmd.done_not_live,
    )
    # Health and its reasons are derived with the time, so these filters apply here.
    if cmd.at_risk:
        found = [s for s in found if s.phase not in CLOSED and s.health != Health.GREEN]
    if cmd.blocked:
        found = [s for s in found if "blocked" in s.reasons]
    if cmd.lapsed:
        found = [s for s in found if s.sponsorship_lapsed]
    filters = [
        f"phase {cmd.phase.value}" if cmd.phase else "",
        f"health {cmd.health.value}" if cmd.health else "",
        f"sponsor {cmd.sponsor}" if cmd.sponsor else "",
        "at risk (red or amber)" if cmd.at_risk else "",
        "blocked" if cmd.blocked else "",
        "done but not in production" if cmd.done_not_live else "",
        "sponsorship lapsed" if cmd.lapsed else "",
    ]
    return portfolio_reply(found, ctx.now, ", ".join(f for f in filters if f))


async def show_members(ctx: Ctx, cmd: c.ShowMembers) -> Reply:
    project = await ctx.project(cmd.project)
    rows = await ctx.session.exec(
        select(Person.display_name, Membership.role, Membership.person_id)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.project_id == project.id)
        .order_by(col(Membership.since), col(Membership.id))
    )
    roles: dict[int, tuple[str, list[str]]] = {}
    for name, role, person_id in rows:
        roles.setdefault(person_id, (name, []))[1].append(role)
    count = len(roles)
    return Reply(
        text=f"{project.name} has {count} member{'s' if count != 1 else ''}.",
        title=f"Members of {project.name}",
        rows=[Row(name, detail=", ".join(held)) for name, held in roles.values()],
        context=f"Add one: member {project.slug} add @name role:ml",
        query=True,
    )


async def history(ctx: Ctx, cmd: c.History) -> Reply:
    project = await ctx.project(cmd.project)
    rows = await ctx.session.exec(
        select(Event).where(Event.project_id == project.id).order_by(col(Event.at), col(Event.id))
    )
    lines = [
        Row(
            f"{event.at.strftime('%Y-%m-%d %H:%M')} UTC · "
            f"{audit.who(event.actor_name, event.platform, event.actor_identity)} · {event.summary}",
            detail=f"via {event.platform}",
        )
        for event in rows
    ]
    return Reply(
        text=f"{project.name}: {len(lines)} change{'s' if len(lines) != 1 else ''}.",
        title=f"History of {project.name}",
        rows=lines,
        query=True,
    )


async def show_criteria(ctx: Ctx, cmd: c.ShowCriteria) -> Reply:
    project = await ctx.project(cmd.project)
    facts = await facts_module.load(ctx.session, project)
    if not facts.criteria:
        return Reply(
            text=f'{project.name} has no evaluation criteria yet. Add one: criteria {project.slug} add "…"',
            query=True,
        )
    rows: list[Row] = []
    for fact in facts.criteria:
        criterion = fact.criterion
        status = criterion.status + (
            f" ({criterion.waive_reason})" if criterion.waive_reason else ""
        )
        rows.append(Row(f"{criterion.number}. {fact.current.text}", detail=status))
        if cmd.history:
            for version in fact.versions:
                who = facts.name_of(version.actor_id) or "someone"
                why = f" — reason: {version.reason}" if version.reason else ""
                rows.append(
                    Row(
                        f"    v{version.version} ({version.at.date()}, {version.phase}, {who}): "
                        f"{version.text}{why}"
                    )
                )
    confirmed = ", ".join(sorted(facts.confirmed_phases)) or "never"
    if facts.confirmation is not None and not facts.confirmation.stands:
        confirmed += f" ({facts.confirmation.said()})"
    return Reply(
        text=f"{project.name} has {len(facts.criteria)} criteria.",
        title=f"Criteria of {project.name}" + (" — history" if cmd.history else ""),
        rows=rows,
        context=f"Confirmed in: {confirmed}",
        query=True,
    )


async def show_readiness(ctx: Ctx, cmd: c.ShowReadiness) -> Reply:
    reply = await status(ctx, c.Status(cmd.project))
    gate_rows = []
    for row in reply.rows:
        if row.text.startswith("Criteria:"):
            break
        gate_rows.append(row)
    if not gate_rows:
        return Reply(text=f"{reply.title}: no gate to pass from here.", query=True)
    return Reply(
        text=gate_rows[0].text, title=f"Readiness — {reply.title}", rows=gate_rows[1:], query=True
    )


async def show_cost(ctx: Ctx, cmd: c.ShowCost) -> Reply:
    project = await ctx.project(cmd.project)
    return await cost_reply(ctx.session, project, policy=ctx.policy)
