"""Evaluating a phase gate: which exit items are done, derived or checked off."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from governance.facts import ProjectFacts
from governance.phases import Phase, ProjectRole, RiskTier
from governance.policy import Gate, GateItem, Policy
from governance.states import CriterionStatus


def _criteria_resolved(f: ProjectFacts) -> bool:
    return bool(f.criteria) and all(
        c.criterion.status in (CriterionStatus.MET, CriterionStatus.WAIVED) for c in f.criteria
    )


CHECKS: dict[str, Callable[[ProjectFacts], bool]] = {
    "sponsor_named": lambda f: f.sponsor_confirmed,  # named and said yes
    "budget_set": lambda f: f.project.budget is not None,
    "objective_set": lambda f: bool(f.project.objective),
    "has_criteria": lambda f: bool(f.criteria),
    "has_cost_estimate": lambda f: bool(f.costs),
    "risk_tier_set": lambda f: f.project.risk is not None,
    "review_in_phase": lambda f: bool(f.reviews_in_phase()),
    "criteria_confirmed_in_phase": lambda f: f.project.phase in f.confirmed_phases,
    "cost_revised_in_phase": lambda f: bool(f.costs_in_phase()),
    "criteria_resolved": _criteria_resolved,
    "sponsor_accepted": lambda f: f.project.accepted_at is not None,
    "it_contact_named": lambda f: bool(f.with_role(ProjectRole.IT)),
}


def _confirmation_voided(f: ProjectFacts) -> str | None:
    return f.confirmation.why_open() if f.confirmation is not None else None


def _sponsor_not_yet_confirmed(f: ProjectFacts) -> str | None:
    sponsor = f.sponsor
    return f"{sponsor.display_name} has not confirmed yet" if sponsor is not None else None


# Why a derived item that was done is open again, where there is more to say than its label.
WHY_OPEN: dict[str, Callable[[ProjectFacts], str | None]] = {
    "sponsor_named": _sponsor_not_yet_confirmed,
    "criteria_confirmed_in_phase": _confirmation_voided,
}


@dataclass(frozen=True)
class ItemState:
    item: GateItem
    done: bool
    owner: str | None = None
    evidence: str | None = None
    why: str | None = None  # why an open item is open, when it is not plain (see WHY_OPEN)

    def named(self) -> str:
        """The item's key, with why it is open when that needs saying."""
        return f"{self.item.key} ({self.why})" if self.why else self.item.key


def items_for(gate: Gate, risk: str | None) -> list[GateItem]:
    tier = RiskTier(risk) if risk else None
    return [item for item in gate.items if item.applies_to(tier)]


def evaluate(facts: ProjectFacts, policy: Policy) -> tuple[Gate | None, list[ItemState]]:
    """The gate out of the project's current phase, and the state of each of its items."""
    gate = policy.gate_from(Phase(facts.project.phase))
    if gate is None:
        return None, []
    states = []
    for item in items_for(gate, facts.project.risk):
        record = facts.readiness.get(item.key)
        why = None
        if item.check is not None:
            done = CHECKS[item.check](facts)
            if not done and item.check in WHY_OPEN:
                why = WHY_OPEN[item.check](facts)
        else:
            done = record is not None and record.done_at is not None
        states.append(
            ItemState(
                item=item,
                done=done,
                owner=facts.name_of(record.owner_id) if record else None,
                evidence=record.evidence if record else None,
                why=why,
            )
        )
    return gate, states


def missing(states: list[ItemState]) -> list[str]:
    return [state.item.key for state in states if not state.done]
