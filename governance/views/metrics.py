"""`portfolio metrics`: how many projects reach production, how long they stay in each
phase, why they are abandoned, and what is done but not live — loaded in two statements
(projects, then every transition), whatever the size of the portfolio."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance import commands as c
from governance.metrics import Conversion, History, Metrics, Move, PhaseTime, compute
from governance.replies import Field, Reply, Row
from governance.tables import Project, Transition

if TYPE_CHECKING:  # the weekly digest uses this module, and the handlers' base reaches it
    from governance.handlers.base import Ctx

HEADLINE = "Reached production"
LISTED = 15  # done-not-live projects named; the rest are counted
REASON_SHOWN = 200  # characters of an abandonment reason shown


async def load(session: AsyncSession) -> list[History]:
    """Every project's history: one statement for the projects, one for the transitions."""
    # Plain rows through the connection, not the ORM: this reads the whole organisation.
    db = await session.connection()
    projects = (
        await db.execute(
            select(  # type: ignore[call-overload]
                Project.id, Project.slug, Project.name, Project.created_at, Project.phase,
                Project.accepted_at, Project.closed_reason,
            )
        )
    ).all()  # fmt: skip
    moves: dict[int, list[Move]] = {}
    for project_id, source, target, at, forced in await db.execute(
        select(  # type: ignore[call-overload]
            Transition.project_id, Transition.from_phase, Transition.to_phase, Transition.at,
            Transition.forced,
        ).order_by(col(Transition.project_id), col(Transition.at), col(Transition.id))
    ):  # fmt: skip
        moves.setdefault(project_id, []).append(Move(source, target, at, bool(forced)))
    return [
        History(pid, slug, name, created, phase, accepted, reason, tuple(moves.get(pid, ())))
        for pid, slug, name, created, phase, accepted, reason in projects
    ]


async def portfolio_metrics(ctx: Ctx, cmd: c.PortfolioMetrics) -> Reply:
    return metrics_reply(compute(await load(ctx.session), ctx.now))


def _percent(share: float | None) -> str:
    return f"{share:.0%}" if share is not None else "—"


def _days(days: float) -> str:
    whole = round(days)
    return f"{whole} day{'s' if whole != 1 else ''}"


def _reached(conversion: Conversion) -> str:
    """``4 of 10 (40%)``, and how many of them got there by force."""
    text = f"{conversion.reached} of {conversion.started} ({_percent(conversion.share)})"
    if conversion.by_force:
        text += f", {conversion.by_force} of them by force"
    return text


def _not_live(m: Metrics) -> str:
    count = len(m.done_not_live)
    return f"{count} (oldest {_days(m.oldest_not_live)})" if m.oldest_not_live is not None else "0"


def headline(m: Metrics) -> str:
    """The numbers a manager reads first, in one line (the weekly digest carries it):
    ``4 of 10 started in the last 12 months (40%) · abandoned 20% · done, not live: 3
    (oldest 98 days)``."""
    recent = m.last_12_months
    reached = (
        f"{recent.reached} of {recent.started} started in the last 12 months "
        f"({_percent(recent.share)})"
        if recent.started
        else "none started in the last 12 months"
    )
    abandoned = f"abandoned {_percent(m.abandonment_rate)}" if m.started else "none abandoned"
    return f"{reached} · {abandoned} · done, not live: {_not_live(m)}"


def phase_row(t: PhaseTime) -> Row:
    """``experimentation: 12 left · median 34 days · p90 80 days (5 still there)``."""
    still = f" ({t.still_there} still there)" if t.still_there else ""
    if t.median_days is None or t.p90_days is None:
        return Row(f"{t.phase.value}: none left yet{still}")
    return Row(
        f"{t.phase.value}: {t.stays} left · median {_days(t.median_days)} · "
        f"p90 {_days(t.p90_days)}{still}"
    )


def _reason(text: str) -> str:
    return text if len(text) <= REASON_SHOWN else text[: REASON_SHOWN - 1].rstrip() + "…"


def metrics_reply(m: Metrics) -> Reply:
    title = "Portfolio metrics"
    if not m.started:
        return Reply(
            text="No projects yet, so nothing to measure. Start one with `new <name>`.",
            title=title,
            query=True,
        )
    fields = [
        Field("Projects", str(m.started)),
        Field("By phase", " · ".join(f"{p.value} {n}" for p, n in m.by_phase if n)),
        Field(f"{HEADLINE}, last 12 months", _reached(m.last_12_months)),
        Field(f"{HEADLINE}, all time", _reached(m.all_time)),
        Field("Abandoned", f"{m.abandoned} of {m.started} ({_percent(m.abandonment_rate)})"),
        Field("Done, not in production", _not_live(m)),
    ]
    rows = [phase_row(t) for t in m.phase_times if t.stays or t.still_there]
    rows += [
        Row(f"Abandoned: {_reason(r.text)}", detail=f"{r.count} project{'s' * (r.count != 1)}")
        for r in m.reasons
    ]
    rows += [
        Row(f"Done, not in production: {n.name} (`{n.slug}`)", detail=f"for {_days(n.days)}")
        for n in m.done_not_live[:LISTED]
    ]
    if len(m.done_not_live) > LISTED:
        rows.append(
            Row(
                f"… and {len(m.done_not_live) - LISTED} more done but not in production",
                detail="say `portfolio done-not-live`",
            )
        )
    return Reply(
        text=f"{HEADLINE}: {headline(m)}.",
        title=title,
        fields=fields,
        rows=rows,
        context="Days in a phase count finished stays only: a project still in a phase is "
        "counted as still there. p90: nine stays in ten were that long or shorter. "
        "Abandonment reasons are compared ignoring case; the three most given are shown.",
        query=True,
    )
