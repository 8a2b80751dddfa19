"""After go-live: what is asked of a project in production, and when.

Every ``ATTEST_EVERY`` in production the owner of each running item (`monitoring`,
`alerting`, `on-call`, `sla`, `rollback`; the item's named owner, else the project's owners)
is asked whether it is still true; unanswered ``ATTEST_LAPSE`` after it was asked, it has
lapsed and managers hear it in their daily attention message. Each quarter in production
the owners are asked to revise the cost of ownership and the LoB members whether the
project delivers its objective. Pure: over loaded state and an injected time.

The intervals are policy to come (a ``[production]`` table of the policy file); until the
policy reads them they are these constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from governance.rhythm import messages
from governance.rhythm.model import Member, Plan
from governance.rhythm.nudges import Moments
from governance.rhythm.nudges import _tell as tell

ATTEST_EVERY = timedelta(days=90)
ATTEST_LAPSE = timedelta(days=14)
QUARTER = timedelta(days=91)
ATTESTED_KEYS = ("monitoring", "alerting", "on-call", "sla", "rollback")


@dataclass(frozen=True, slots=True)
class Production:
    """A project in production, with who answers for what and what they answered."""

    id: int
    slug: str
    name: str
    live_since: datetime
    owners: tuple[Member, ...]
    lob: tuple[Member, ...]
    attesters: tuple[tuple[str, tuple[Member, ...]], ...]  # (item key, who attests it)
    attested: frozenset[tuple[str, int]] = frozenset()  # (item key, cycle) answered
    outcomes: frozenset[tuple[int, int]] = frozenset()  # (person, quarter) answered
    cost_revised_at: datetime | None = None


def cycle(live_since: datetime, at: datetime) -> int:
    """Which re-attestation cycle ``at`` falls in: n from n × ATTEST_EVERY after go-live."""
    return max(0, (at - live_since) // ATTEST_EVERY)


def quarter(live_since: datetime, at: datetime) -> int:
    """Which quarter in production ``at`` falls in: q from q × QUARTER after go-live."""
    return max(0, (at - live_since) // QUARTER)


def aftercare(projects: list[Production], out: Plan, moments: Moments, now: datetime) -> None:
    """The re-attestation, cost-revision and outcome prompts due at ``now``."""
    for project in projects:
        _asked(project, out, moments, now)


def _asked(p: Production, out: Plan, moments: Moments, now: datetime) -> None:
    n = cycle(p.live_since, now)
    if n >= 1:
        asked = p.live_since + n * ATTEST_EVERY
        for key, people in p.attesters:
            if (key, n) not in p.attested:
                tell(list(people), asked, f"attest:{p.id}:{key}:{n}", out, moments,
                     partial(messages.attest_prompt, p.name, p.slug, key))  # fmt: skip
    q = quarter(p.live_since, now)
    if q < 1:
        return
    due = p.live_since + q * QUARTER
    if p.cost_revised_at is None or p.cost_revised_at < due:
        tell(list(p.owners), due, f"cost-due:{p.id}:{q}", out, moments,
             partial(messages.cost_revision_due, p.name, p.slug, p.cost_revised_at))  # fmt: skip
    unanswered = [m for m in p.lob if (m.person_id, q) not in p.outcomes]
    tell(unanswered, due, f"outcome-due:{p.id}:{q}", out, moments,
         partial(messages.outcome_prompt, p.name, p.slug))  # fmt: skip


def lapsed_between(
    projects: list[Production], start: datetime, end: datetime
) -> list[tuple[str, str, str]]:
    """(name, slug, item key) of the re-attestations that lapsed in (start, end]."""
    found = []
    for p in projects:
        n = cycle(p.live_since, end - ATTEST_LAPSE)
        lapse = p.live_since + n * ATTEST_EVERY + ATTEST_LAPSE
        if n < 1 or not start < lapse <= end:
            continue
        found += [(p.name, p.slug, key) for key, _ in p.attesters if (key, n) not in p.attested]
    return found


def lapsed_now(project: Production, now: datetime) -> list[str]:
    """The item keys whose latest re-attestation is unanswered past its lapse."""
    n = cycle(project.live_since, now - ATTEST_LAPSE)
    if n < 1:
        return []
    return [key for key, _ in project.attesters if (key, n) not in project.attested]


def reattestation(
    live_since: datetime | None, keys: list[str], attested: set[tuple[str, int]], now: datetime
) -> str | None:
    """Health's re-attestation input for a project in production: "lapsed" when an item of
    the latest cycle is unanswered ``ATTEST_LAPSE`` after it was asked, "due" while one is
    unanswered within that time, else None (see governance.derived.REATTESTATION_*)."""
    if live_since is None:
        return None
    n = cycle(live_since, now)
    if n < 1 or all((key, n) in attested for key in keys):
        return None
    return "lapsed" if now >= live_since + n * ATTEST_EVERY + ATTEST_LAPSE else "due"
