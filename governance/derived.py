"""Delivery status and health: derived from state and the time, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from governance.phases import CLOSED, CheckinStatus, Delivery, Health, Phase
from governance.policy import Policy


def delivery(phase: str, accepted_at: datetime | None) -> Delivery:
    """`done` is the sponsor's acceptance; `in production` is passing the production gate."""
    match Phase(phase):
        case Phase.ABANDONED:
            return Delivery.ABANDONED
        case Phase.RETIRED:
            return Delivery.RETIRED
        case Phase.PRODUCTION:
            return Delivery.IN_PRODUCTION
    return Delivery.DONE_NOT_LIVE if accepted_at is not None else Delivery.EXPLORING


@dataclass(frozen=True)
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
    return base + timedelta(days=inputs.review_every_days or policy.review_every_days)


def sponsorship_due_at(inputs: HealthInputs, policy: Policy) -> datetime | None:
    if not inputs.has_sponsor or inputs.sponsorship_renewed_at is None:
        return None
    return inputs.sponsorship_renewed_at + timedelta(days=policy.sponsorship_every_days)


def sponsorship_lapsed(inputs: HealthInputs, policy: Policy, now: datetime) -> bool:
    if Phase(inputs.phase) in CLOSED:
        return False
    due = sponsorship_due_at(inputs, policy)
    return due is not None and now >= due + timedelta(days=policy.sponsorship_lapse_days)


def health(inputs: HealthInputs, policy: Policy, now: datetime) -> tuple[Health, list[str]]:
    """Red: blocked, sponsorship lapsed, review overdue. Amber: at risk, review due."""
    if Phase(inputs.phase) in CLOSED:
        return Health.GREEN, []
    red: list[str] = []
    amber: list[str] = []
    if inputs.last_checkin == CheckinStatus.BLOCKED:
        red.append("blocked")
    elif inputs.last_checkin == CheckinStatus.AT_RISK:
        amber.append("at risk")
    if sponsorship_lapsed(inputs, policy, now):
        red.append("sponsorship lapsed")
    due = review_due_at(inputs, policy)
    if now >= due + timedelta(days=policy.review_escalate_after_days):
        red.append(f"review overdue by {(now - due).days} days")
    elif now >= due:
        amber.append("review due")
    if red:
        return Health.RED, red + amber
    if amber:
        return Health.AMBER, amber
    return Health.GREEN, []
