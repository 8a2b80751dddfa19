"""`portfolio chart`: the portfolio's summaries (read once, as `portfolio` reads them)
counted into the plain numbers governance/chart.py draws."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from governance import commands as c
from governance.chart import Age, PhaseCount, draw
from governance.phases import CLOSED, ORDER, Phase, Standing
from governance.portfolio import Summary, summaries
from governance.replies import Image, Reply

if TYPE_CHECKING:
    from governance.handlers.base import Ctx

FILENAME = "portfolio-chart.png"
PHASES = (*ORDER, Phase.ABANDONED)


def chart_data(found: list[Summary], now: datetime) -> tuple[list[PhaseCount], list[Age]]:
    """Counts per phase and health (closed projects apart), and the done-not-live ages."""
    counted = Counter((s.phase, "closed" if s.phase in CLOSED else s.health.value) for s in found)
    funnel = [
        PhaseCount(
            phase.value,
            red=counted[phase, "red"],
            amber=counted[phase, "amber"],
            green=counted[phase, "green"],
            closed=counted[phase, "closed"],
        )
        for phase in PHASES
    ]
    ages = [
        Age(s.slug, (now - s.accepted_at).days, s.health.value)
        for s in found
        if s.delivery == Standing.DONE_NOT_LIVE and s.accepted_at is not None
    ]
    return funnel, ages


def describe(funnel: list[PhaseCount], ages: list[Age]) -> str:
    """The picture in words: its alt text, and the reply's text wherever it is not shown."""
    total = sum(p.total for p in funnel)
    if not total:
        return "No projects yet, so the chart is empty. Start one with `new <name>`."
    by_phase = ", ".join(f"{p.phase} {p.total}" for p in funnel if p.total)
    running = [p for p in funnel if p.phase not in {ph.value for ph in CLOSED}]
    health = ", ".join(
        f"{sum(getattr(p, h) for p in running)} {h}" for h in ("red", "amber", "green")
    )
    oldest = max((a.days for a in ages), default=None)
    waiting = (
        f"{len(ages)} done but not in production (oldest {oldest} days)"
        if oldest is not None
        else "none done but not in production"
    )
    return f"{total} project{'s' if total != 1 else ''} by phase: {by_phase}. Running: {health}. {waiting}."


async def portfolio_chart(ctx: Ctx, cmd: c.PortfolioChart) -> Reply:
    funnel, ages = chart_data(await summaries(ctx.session, ctx.policy, ctx.now), ctx.now)
    words = describe(funnel, ages)
    # Drawing takes a few hundred milliseconds of CPU: off the event loop.
    png = await asyncio.to_thread(draw, funnel, ages)
    return Reply(
        text=words,
        title="Portfolio chart",
        context="Bars: projects in each phase, stacked by health (grey: retired or "
        "abandoned). Below: the projects done but not in production, oldest first. "
        "The numbers: `portfolio metrics`.",
        image=Image(png, FILENAME, words),
        query=True,
    )
