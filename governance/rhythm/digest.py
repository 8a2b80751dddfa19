"""The weekly manager digest and the per-project check-in summary."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from governance import commands as c
from governance.derived import plan_reasons
from governance.forced import MARK as FORCED
from governance.metrics import Metrics
from governance.phases import CLOSED, ORDER, Health, Standing
from governance.portfolio import Summary
from governance.replies import Action, Field, Reply, Row
from governance.views.metrics import HEADLINE, headline

LISTED = 10  # projects named in each of the digest's lists


def weekly_digest(projects: list[Summary], now: datetime, metrics: Metrics | None = None) -> Reply:
    active = [p for p in projects if p.phase not in CLOSED]
    phases = Counter(p.phase for p in active)
    health = Counter(p.health for p in active)
    red = [p for p in active if p.health == Health.RED]
    stale = sorted(
        (p for p in active if p.delivery == Standing.DONE_NOT_LIVE and p.accepted_at),
        key=lambda p: p.accepted_at,  # type: ignore[arg-type, return-value]
    )
    lapsed = [p for p in active if p.sponsorship_lapsed]
    off_plan = [p for p in active if plan_reasons(p.reasons)]
    forced = [p for p in active if p.forced]
    # A digest is read, not searched: each list names its first few and counts the rest,
    # pointing at the command that shows them all.
    rows = _listed(
        [Row(f"🔴 {p.name} (`{p.slug}`)" + (f" {FORCED}" if p.forced else ""),
             detail=", ".join(p.reasons)) for p in red[:LISTED]],
        len(red), "red projects", "portfolio health:red",
    )  # fmt: skip
    rows += _listed(
        [Row(f"Done, not in production: {p.name} (`{p.slug}`)",
             detail=f"for {(now - p.accepted_at).days} days" if p.accepted_at else None)
         for p in stale[:LISTED]],
        len(stale), "done but not in production", "portfolio done-not-live",
    )  # fmt: skip
    # Late or over budget, one line each: the health reasons that say so.
    rows += _listed(
        [Row(f"Off plan: {p.name} (`{p.slug}`)", detail=", ".join(plan_reasons(p.reasons)))
         for p in off_plan[:LISTED]],
        len(off_plan), "late or over budget", "portfolio",
    )  # fmt: skip
    rows += _listed(
        [Row(f"Sponsorship lapsed: {p.name} (`{p.slug}`)") for p in lapsed[:LISTED]],
        len(lapsed), "with a lapsed sponsorship", "portfolio",
    )  # fmt: skip
    # A phase reached past its gate stays in view until the project moves on through one.
    rows += _listed(
        [Row(f"{FORCED} into {p.phase.value}: {p.name} (`{p.slug}`)",
             detail=p.forced.text() if p.forced else None)
         for p in forced[:LISTED]],
        len(forced), "in a phase reached by force", "portfolio",
    )  # fmt: skip
    return Reply(
        text=f"{len(active)} active project{'s' if len(active) != 1 else ''}: "
        f"{health[Health.RED]} red, "
        f"{health[Health.AMBER]} amber, {health[Health.GREEN]} green.",
        title="Weekly ML portfolio digest",
        fields=[
            Field("By phase", " · ".join(f"{p.value} {phases[p]}" for p in ORDER if phases[p])
                  or "none"),
            *([Field(HEADLINE, headline(metrics))] if metrics is not None else []),
            Field("Done, not in production", str(len(stale))),
            Field("Sponsorships lapsed", str(len(lapsed))),
            *([Field("Phase reached by force", str(len(forced)))] if forced else []),
        ],
        rows=rows,
        actions=[Action("Portfolio", c.Portfolio()),
                 Action("Done but not live", c.Portfolio(done_not_live=True))],
    )  # fmt: skip


def _listed(rows: list[Row], total: int, what: str, command: str) -> list[Row]:
    if total > len(rows):
        rows.append(Row(f"… and {total - len(rows)} more {what}", detail=f"say `{command}`"))
    return rows


def checkin_summary(name: str, slug: str, answers: list[str | None]) -> Reply:
    counts = Counter(a or "missed" for a in answers)
    order = ("on-track", "at-risk", "blocked", "missed")
    parts = [f"{counts[k]} {k}" for k in order if counts[k]]
    return Reply(
        text=f"Check-ins for {name} this week: " + ", ".join(parts) + ".",
        actions=[Action("Status", c.Status(slug))],
    )
