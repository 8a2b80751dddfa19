"""`portfolio`: every project by phase and health."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from governance.forced import MARK as FORCED
from governance.phases import CLOSED, ORDER, Health, Phase, Standing
from governance.portfolio import Summary
from governance.replies import Field, Reply, Row
from governance.views.status import CLOSED_MARK, HEALTH_MARK


def describe(summary: Summary, now: datetime) -> str:
    if summary.delivery == Standing.DONE_NOT_LIVE and summary.accepted_at is not None:
        return f"done — not in production for {(now - summary.accepted_at).days} days"
    if summary.delivery == Standing.IN_PRODUCTION and summary.live_since is not None:
        return f"in production since {summary.live_since.date().isoformat()}"
    return summary.delivery.value


def mark(summary: Summary) -> str:
    return CLOSED_MARK if summary.phase in CLOSED else HEALTH_MARK[summary.health.value]


def portfolio_reply(summaries: list[Summary], now: datetime, filters: str) -> Reply:
    if not summaries:
        return Reply(
            text="No projects match."
            if filters
            else "No projects yet. Start one with `new <name>`.",
            title="Portfolio" + (f" ({filters})" if filters else ""),
            query=True,
        )
    phases = Counter(s.phase for s in summaries)
    # Health is about projects still running; closed ones are shown, not counted.
    healths = Counter(s.health for s in summaries if s.phase not in CLOSED)
    by_phase = " · ".join(f"{p.value} {phases[p]}" for p in (*ORDER, Phase.ABANDONED) if phases[p])
    by_health = " · ".join(
        f"{HEALTH_MARK[h.value]} {healths[h]}" for h in (Health.RED, Health.AMBER, Health.GREEN)
    )
    done = [s for s in summaries if s.delivery == Standing.DONE_NOT_LIVE]
    fields = [
        Field("Projects", str(len(summaries))),
        Field("By phase", by_phase),
        Field("Health", by_health),
        Field("Done, not in production", str(len(done))),
    ]
    lapsed = sum(1 for s in summaries if s.sponsorship_lapsed)
    if lapsed:
        fields.append(Field("Sponsorship lapsed", str(lapsed)))
    forced = sum(1 for s in summaries if s.forced)
    if forced:
        fields.append(Field("Phase reached by force", str(forced)))
    rows = [
        Row(
            f"{mark(s)} {s.name} (`{s.slug}`) — {s.phase.value}"
            + (f" {FORCED}" if s.forced else "")
            + f" · {describe(s, now)}",
            detail=", ".join(
                part
                for part in (
                    f"owner {s.owner}" if s.owner else "no owner",
                    f"sponsor {s.sponsor}" if s.sponsor else "no sponsor",
                    "; ".join(s.reasons),
                    s.forced.text() if s.forced else "",  # last: its reason may say anything
                )
                if part
            ),
        )
        for s in summaries
    ]
    return Reply(
        text=f"{len(summaries)} project{'s' if len(summaries) != 1 else ''}"
        + (f" ({filters})" if filters else "")
        + f": {by_health}.",
        title="Portfolio" + (f" ({filters})" if filters else ""),
        fields=fields,
        rows=rows,
        query=True,
    )
