"""Portfolio metrics: what the portfolio's history says, computed from plain data and a time.

No database and no I/O here: the caller loads every project's history (see
``governance.views.metrics.load``) and this module does the arithmetic.

The rules an analyst would ask about:

- **Started**: every project, from the day it was created. "The last 12 months" are the
  projects created on or after the same instant a year before ``now``.
- **Reached production**: any transition into production, forced or not (the forced ones
  are counted apart), or a project in production now. A project that reached production
  and was later retired or abandoned still reached it.
- **Days in a phase** count *finished* stays only: from entering the phase to leaving it.
  A project still in a phase has not finished its stay, and counting its days so far would
  pull the median down for phases that are slow; those are shown as "still there" beside
  the figures instead. A project that comes back to a phase (forced back) makes a second
  stay. Retired and abandoned are ends, not stays, and have no figures.
- **Median and 90th percentile** interpolate linearly between the sorted stays (the usual
  median; NumPy's and Excel's PERCENTILE.INC rule for the 90th).
- **Abandonment rate**: projects abandoned now over all projects started. Reasons are
  compared case-folded with spaces collapsed; the three most given are shown, ties in
  alphabetical order.
- **Done, not in production** is ``governance.derived.delivery``'s definition (accepted by
  the sponsor, not in production, not closed), aged from the acceptance.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import floor

from governance.derived import delivery
from governance.phases import CLOSED, ORDER, Phase, Standing

TOP_REASONS = 3
DAY = timedelta(days=1)
# Phases a project stays in for a while; retired and abandoned are where it ends.
STAYS: tuple[Phase, ...] = tuple(p for p in ORDER if p not in CLOSED)


@dataclass(frozen=True, slots=True)
class Move:
    """One transition of a project, as recorded."""

    from_phase: str
    to_phase: str
    at: datetime
    forced: bool = False


@dataclass(frozen=True, slots=True)
class History:
    """One project as the metrics need it: its current state and every move it made."""

    project_id: int
    slug: str
    name: str
    created_at: datetime
    phase: str
    accepted_at: datetime | None = None
    closed_reason: str | None = None
    moves: tuple[Move, ...] = ()  # oldest first


@dataclass(frozen=True, slots=True)
class Conversion:
    started: int
    reached: int  # reached production
    by_force: int = 0  # of ``reached``: only ever entered production by a forced move

    @property
    def share(self) -> float | None:
        return self.reached / self.started if self.started else None


@dataclass(frozen=True, slots=True)
class PhaseTime:
    phase: Phase
    stays: int  # finished stays, the ones the figures are over
    median_days: float | None
    p90_days: float | None
    still_there: int  # projects in this phase now (their stay is not finished)


@dataclass(frozen=True, slots=True)
class Reason:
    text: str  # normalised
    count: int


@dataclass(frozen=True, slots=True)
class NotLive:
    slug: str
    name: str
    days: int  # since the sponsor accepted it


@dataclass(frozen=True, slots=True)
class Metrics:
    started: int
    by_phase: tuple[tuple[Phase, int], ...]  # every phase, in order, abandoned last
    last_12_months: Conversion
    all_time: Conversion
    phase_times: tuple[PhaseTime, ...]
    abandoned: int
    reasons: tuple[Reason, ...]  # the most given, at most TOP_REASONS
    done_not_live: tuple[NotLive, ...]  # oldest first

    @property
    def abandonment_rate(self) -> float | None:
        return self.abandoned / self.started if self.started else None

    @property
    def oldest_not_live(self) -> int | None:
        return self.done_not_live[0].days if self.done_not_live else None


def year_before(now: datetime) -> datetime:
    """The same instant a year earlier (29 February falls back to the 28th)."""
    try:
        return now.replace(year=now.year - 1)
    except ValueError:
        return now.replace(year=now.year - 1, day=28)


def quantile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile of ``values``, interpolating between the two nearest (None: empty)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def normalised(reason: str) -> str:
    return " ".join(reason.casefold().split())


def stays(history: History) -> list[tuple[str, datetime, datetime | None]]:
    """Each stay of a project: (phase, entered, left — None while it is still there)."""
    out: list[tuple[str, datetime, datetime | None]] = []
    phase = history.moves[0].from_phase if history.moves else history.phase
    entered = history.created_at
    for move in sorted(history.moves, key=lambda m: m.at):  # stable: ties keep their order
        out.append((phase, entered, move.at))
        phase, entered = move.to_phase, move.at
    out.append((phase, entered, None))
    return out


def _conversion(histories: list[History]) -> Conversion:
    reached = by_force = 0
    for h in histories:
        into = [m for m in h.moves if m.to_phase == Phase.PRODUCTION]
        if into or h.phase == Phase.PRODUCTION:
            reached += 1
            by_force += bool(into) and all(m.forced for m in into)
    return Conversion(len(histories), reached, by_force)


def compute(histories: list[History], now: datetime) -> Metrics:
    counts = Counter(h.phase for h in histories)
    since = year_before(now)
    days: dict[str, list[float]] = {p.value: [] for p in STAYS}
    for h in histories:
        for phase, entered, left in stays(h):
            if left is not None and phase in days:
                days[phase].append((left - entered) / DAY)
    phase_times = tuple(
        PhaseTime(
            phase,
            len(days[phase.value]),
            quantile(days[phase.value], 0.5),
            quantile(days[phase.value], 0.9),
            counts[phase.value],
        )
        for phase in STAYS
    )
    abandoned = [h for h in histories if h.phase == Phase.ABANDONED]
    given = Counter(normalised(h.closed_reason) for h in abandoned if h.closed_reason)
    given.pop("", None)
    reasons = sorted(given.items(), key=lambda item: (-item[1], item[0]))[:TOP_REASONS]
    not_live = sorted(
        (
            NotLive(h.slug, h.name, max(0, (now - h.accepted_at).days))
            for h in histories
            if h.accepted_at is not None
            and delivery(h.phase, h.accepted_at) == Standing.DONE_NOT_LIVE
        ),
        key=lambda n: (-n.days, n.slug),
    )
    return Metrics(
        started=len(histories),
        by_phase=tuple((p, counts[p.value]) for p in (*ORDER, Phase.ABANDONED)),
        last_12_months=_conversion([h for h in histories if h.created_at >= since]),
        all_time=_conversion(histories),
        phase_times=phase_times,
        abandoned=len(abandoned),
        reasons=tuple(Reason(text, count) for text, count in reasons),
        done_not_live=tuple(not_live),
    )
