"""Delivery status and health: derived from state and the time, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from governance.phases import CLOSED, CheckinStatus, Health, Phase, Standing
from governance.policy import Policy

SPONSORSHIP_LAPSED = "sponsorship lapsed"


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


@dataclass(slots=True)
class HealthInputs:
    phase: str
    phase_entered_at: datetime
    last_review_at: datetime | None  # the latest review in the current phase
    review_every_days: int | None
    sponsorship_renewed_at: datetime | None
    has_sponsor: bool
    last_checkin: str | None


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


def health(inputs: HealthInputs, policy: Policy, now: datetime) -> tuple[Health, list[str]]:
    """Red: blocked, sponsorship lapsed, review overdue. Amber: at risk, review due."""
    if inputs.phase in CLOSED:
        return Health.GREEN, []
    red: list[str] = []
    amber: list[str] = []
    if inputs.last_checkin == CheckinStatus.BLOCKED:
        red.append("blocked")
    elif inputs.last_checkin == CheckinStatus.AT_RISK:
        amber.append("at risk")
    if sponsorship_lapsed(inputs, policy, now):
        red.append(SPONSORSHIP_LAPSED)
    due = review_due_at(inputs, policy)
    if now >= due + policy.review_escalate_after:
        red.append(f"review overdue by {(now - due).days} days")
    elif now >= due:
        amber.append("review due")
    if red:
        return Health.RED, red + amber
    if amber:
        return Health.AMBER, amber
    return Health.GREEN, []
