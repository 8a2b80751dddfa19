"""Delivery status and health: derived from state and the time, never stored.

Health has one set of inputs, built by `health_inputs` from what each caller holds (status
from a project's facts, the portfolio and the rhythm from plain rows), and one rule,
`health`, which returns every reason that applies. Thresholds are the policy's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from governance.phases import CLOSED, CheckinStatus, Health, Phase, Standing
from governance.policy import Policy

SPONSORSHIP_LAPSED = "sponsorship lapsed"
NO_SPONSOR = "no sponsor"
SPONSOR_UNCONFIRMED = "sponsor not confirmed"
BLOCKED = "blocked"
AT_RISK = "at risk"
MISSED_ONE = "check-in missed"
MISSED_TWO = "2 check-ins missed in a row"
REVIEW_DUE = "review due"
# The ends of the plan's reasons ("45 days past target", "yearly cost 24% over budget"):
# the digest lists the projects whose reasons end so.
PAST_TARGET = "past target"
OVER_BUDGET = "over budget"
# The re-attestation after go-live sets one of these (None: nothing due).
REATTESTATION_DUE = "due"
REATTESTATION_LAPSED = "lapsed"
REATTESTATION_REASONS = {
    REATTESTATION_DUE: "re-attestation due",
    REATTESTATION_LAPSED: "re-attestation lapsed",
}


def delivery(phase: str, accepted_at: datetime | None) -> Standing:
    """`done` is the sponsor's acceptance; `in production` is passing the production gate."""
    # Phase is a StrEnum, so the stored string compares equal to its member.
    if phase == Phase.ABANDONED:
        return Standing.ABANDONED
    if phase == Phase.RETIRED:
        return Standing.RETIRED
    if phase == Phase.PRODUCTION:
        return Standing.IN_PRODUCTION
    return Standing.DONE_NOT_LIVE if accepted_at is not None else Standing.EXPLORING


@dataclass(frozen=True, slots=True)
class CostFigures:
    """The latest cost estimate's figures that make up the yearly cost."""

    monthly: Decimal | float | None = None
    fte: float | None = None
    ops_hours_month: float | None = None


def yearly_cost(cost: CostFigures | None, policy: Policy) -> Decimal | None:
    """12 × monthly + FTE × one FTE's yearly cost + 12 × ops hours × the hourly rate."""
    if cost is None or (cost.monthly is None and cost.fte is None and cost.ops_hours_month is None):
        return None
    total = Decimal(12) * Decimal(str(cost.monthly or 0))
    total += Decimal(str(cost.fte or 0)) * Decimal(str(policy.fte_yearly))
    total += Decimal(12) * Decimal(str(cost.ops_hours_month or 0)) * Decimal(str(policy.ops_hourly))
    return total


@dataclass(frozen=True, slots=True)
class HealthInputs:
    phase: str
    phase_entered_at: datetime
    last_review_at: datetime | None = None  # the latest review in the current phase
    review_every_days: int | None = None
    sponsorship_renewed_at: datetime | None = None
    has_sponsor: bool = False  # a sponsor is named
    sponsor_confirmed: bool = False  # and has said yes
    latest_checkins: tuple[str, ...] = ()  # each current member's latest check-in status
    missed_in_a_row: int = 0  # the most rounds any member missed in a row, latest first
    accepted_at: datetime | None = None
    target_date: date | None = None
    yearly_cost: Decimal | None = None
    budget: Decimal | None = None
    reattestation: str | None = None  # REATTESTATION_DUE / _LAPSED; None: nothing due


class ProjectLike(Protocol):
    """A project row or table object: the columns health reads."""

    @property
    def phase(self) -> str: ...
    @property
    def phase_entered_at(self) -> datetime: ...
    @property
    def review_every_days(self) -> int | None: ...
    @property
    def sponsorship_renewed_at(self) -> datetime | None: ...
    @property
    def accepted_at(self) -> datetime | None: ...
    @property
    def target_date(self) -> date | None: ...
    @property
    def budget(self) -> Decimal | None: ...


def health_inputs(
    project: ProjectLike,
    *,
    last_review_at: datetime | None = None,
    has_sponsor: bool = False,
    sponsor_confirmed: bool = False,
    latest_checkins: tuple[str, ...] = (),
    missed_in_a_row: int = 0,
    yearly: Decimal | None = None,  # yearly_cost() of the latest estimate
    reattestation: str | None = None,
) -> HealthInputs:
    """The one place health's inputs are built: each caller passes what it has."""
    return HealthInputs(
        phase=project.phase,
        phase_entered_at=project.phase_entered_at,
        last_review_at=last_review_at,
        review_every_days=project.review_every_days,
        sponsorship_renewed_at=project.sponsorship_renewed_at,
        has_sponsor=has_sponsor,
        sponsor_confirmed=has_sponsor and sponsor_confirmed,
        latest_checkins=latest_checkins,
        missed_in_a_row=missed_in_a_row,
        accepted_at=project.accepted_at,
        target_date=project.target_date,
        yearly_cost=yearly,
        budget=project.budget,
        reattestation=reattestation,
    )


def review_due_at(inputs: HealthInputs, policy: Policy) -> datetime:
    base = inputs.last_review_at or inputs.phase_entered_at
    base = max(base, inputs.phase_entered_at)
    days = inputs.review_every_days
    return base + (timedelta(days=days) if days else policy.review_every)


def sponsorship_due_at(inputs: HealthInputs, policy: Policy) -> datetime | None:
    if not inputs.has_sponsor or inputs.sponsorship_renewed_at is None:
        return None
    return inputs.sponsorship_renewed_at + policy.sponsorship_every


def sponsorship_lapsed(inputs: HealthInputs, policy: Policy, now: datetime) -> bool:
    if inputs.phase in CLOSED:
        return False
    due = sponsorship_due_at(inputs, policy)
    return due is not None and now >= due + policy.sponsorship_lapse


def days_late(inputs: HealthInputs, now: datetime) -> int | None:
    """Days past the target date while not in production (None: not late)."""
    if inputs.target_date is None or inputs.phase in CLOSED or inputs.phase == Phase.PRODUCTION:
        return None
    late = (now.date() - inputs.target_date).days
    return late if late > 0 else None


def plan_reasons(reasons: list[str] | tuple[str, ...]) -> list[str]:
    """The reasons that say a project is late or over its budget."""
    return [r for r in reasons if r.endswith((PAST_TARGET, OVER_BUDGET))]


def late_text(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''} late"


def percent_over(yearly: Decimal | None, budget: Decimal | None) -> int | None:
    """How far a yearly cost is over a budget, in percent (None: not over, or no figures)."""
    if yearly is None or budget is None or yearly <= budget:
        return None
    if budget <= 0:
        return 100
    return max(1, round((yearly - budget) / budget * 100))


def over_budget(inputs: HealthInputs) -> int | None:
    return percent_over(inputs.yearly_cost, inputs.budget)


def health(inputs: HealthInputs, policy: Policy, now: datetime) -> tuple[Health, list[str]]:
    """Every reason that applies, red ones first (PRODUCT.md, "Health is derived")."""
    if inputs.phase in CLOSED:
        return Health.GREEN, []
    red: list[str] = []
    amber: list[str] = []
    if not inputs.has_sponsor:
        if inputs.phase != Phase.IDEA:
            red.append(NO_SPONSOR)
    elif not inputs.sponsor_confirmed:
        amber.append(SPONSOR_UNCONFIRMED)
    if sponsorship_lapsed(inputs, policy, now):
        red.append(SPONSORSHIP_LAPSED)
    # Each member's latest check-in: a teammate's later "on track" hides nobody's "blocked".
    if CheckinStatus.BLOCKED in inputs.latest_checkins:
        red.append(BLOCKED)
    if CheckinStatus.AT_RISK in inputs.latest_checkins:
        amber.append(AT_RISK)
    if inputs.missed_in_a_row >= 2:
        red.append(MISSED_TWO)
    elif inputs.missed_in_a_row == 1:
        amber.append(MISSED_ONE)
    due = review_due_at(inputs, policy)
    if now >= due + policy.review_escalate_after:
        red.append(f"review overdue by {(now - due).days} days")
    elif now >= due:
        amber.append(REVIEW_DUE)
    if inputs.accepted_at is not None and delivery(inputs.phase, inputs.accepted_at) == (
        Standing.DONE_NOT_LIVE
    ):
        days = (now - inputs.accepted_at).days
        if days > policy.done_not_live_red_days:
            red.append(f"done, not live for {days} days")
        elif days > policy.done_not_live_amber_days:
            amber.append(f"done, not live for {days} days")
    if inputs.reattestation == REATTESTATION_LAPSED:
        red.append(REATTESTATION_REASONS[REATTESTATION_LAPSED])
    elif inputs.reattestation == REATTESTATION_DUE:
        amber.append(REATTESTATION_REASONS[REATTESTATION_DUE])
    late = days_late(inputs, now)
    if late is not None:
        amber.append(f"{late} day{'s' if late != 1 else ''} {PAST_TARGET}")
    over = over_budget(inputs)
    if over is not None:
        amber.append(f"yearly cost {over:,}% {OVER_BUDGET}")
    if red:
        return Health.RED, red + amber
    if amber:
        return Health.AMBER, amber
    return Health.GREEN, []
