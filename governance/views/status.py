"""`status <project>`: everything a manager asks about one project."""

from __future__ import annotations

from datetime import datetime

from governance import commands as c
from governance.derived import (
    HealthInputs,
    days_late,
    delivery,
    health,
    late_text,
    review_due_at,
)
from governance.facts import ProjectFacts
from governance.gates import ItemState, items_for
from governance.phases import CLOSED, ORDER, Phase, Standing
from governance.policy import Gate, Policy
from governance.replies import Action, Field, Reply, Row
from governance.rhythm.messages import checkin_actions
from governance.states import CriterionStatus
from governance.tables import Person
from governance.values import format_amount
from governance.views import signoffs
from governance.views.costs import cost_summary, yearly_text

HEALTH_MARK = {"green": "🟢", "amber": "🟠", "red": "🔴"}
CLOSED_MARK = "⚪"


def shown_sponsor(person: Person, confirmed: bool) -> str:
    """A sponsor by name, and whether they have said yes yet."""
    return person.display_name if confirmed else f"{person.display_name} (asked, not yet confirmed)"


def days_since(then: datetime, now: datetime) -> int:
    return max(0, (now - then).days)


def delivery_text(facts: ProjectFacts, states: list[ItemState], now: datetime) -> str:
    project = facts.project
    status = delivery(project.phase, project.accepted_at)
    if status == Standing.DONE_NOT_LIVE and project.accepted_at is not None:
        days = days_since(project.accepted_at, now)
        text = f"{status.value} for {days} day{'s' if days != 1 else ''}"
        if Phase(project.phase) == Phase.DEPLOYMENT:
            open_keys = [s.item.key for s in states if not s.done]
            if open_keys:
                text += f"; missing: {', '.join(open_keys)}"
        return text
    if status == Standing.IN_PRODUCTION and project.live_since is not None:
        owner = facts.owner.display_name if facts.owner else "no owner"
        sla = facts.readiness.get("sla")
        text = f"in production since {project.live_since.date().isoformat()}, owner {owner}"
        if sla is not None and sla.evidence:
            text += f", SLA {sla.evidence}"
        return text
    if status == Standing.ABANDONED and project.closed_reason:
        return f"abandoned: {project.closed_reason}"
    return status.value


def phase_text(facts: ProjectFacts, now: datetime) -> str:
    """``production (for 3 days) — forced by Ada on 2026-11-20: pilot``."""
    project = facts.project
    text = f"{project.phase} (for {days_since(project.phase_entered_at, now)} days)"
    return text + (f" — {facts.forced.text()}" if facts.forced else "")


def health_text(phase: Phase, level: str, reasons: list[str]) -> str:
    if phase in CLOSED:
        return f"{CLOSED_MARK} closed"
    return f"{HEALTH_MARK[level]} {level}" + (f" — {', '.join(reasons)}" if reasons else "")


def target_text(inputs: HealthInputs, now: datetime) -> str:
    """``2026-06-30 — 45 days late``, or the date alone while it is not passed."""
    target = inputs.target_date
    late = days_late(inputs, now)
    shown = target.isoformat() if target else "not set"
    return shown + (f" — {late_text(late)}" if late is not None else "")


def headline(project_name: str, phase: Phase, delivery: str, since: datetime) -> str:
    if phase in CLOSED:
        return f"{project_name} was {phase.value} on {since.date().isoformat()}" + (
            f": {delivery.split(': ', 1)[1]}." if ": " in delivery else "."
        )
    return f"{project_name} is in {phase.value}: {delivery}."


def ahead_rows(facts: ProjectFacts, gate: Gate, policy: Policy) -> list[Row]:
    """Items of a later gate already signed: prepared early, shown as ahead."""
    phase = Phase(facts.project.phase)
    if phase not in ORDER:
        return []
    current = {item.key for item in gate.items}
    rows = []
    for later in ORDER[ORDER.index(phase) + 1 :]:
        next_gate = policy.gate_from(later)
        if next_gate is None:
            continue
        for item in items_for(next_gate, facts.project.risk):
            record = facts.readiness.get(item.key)
            if item.manual and item.key not in current and record and record.done_at:
                current.add(item.key)
                rows.append(
                    Row(
                        f"Ahead: {item.key} ✓ — {item.label} (gate to {next_gate.target.value})",
                        detail=signoffs.signed(record, facts.name_of),
                    )
                )
    return rows


def status_reply(
    facts: ProjectFacts, gate: Gate | None, states: list[ItemState], policy: Policy, now: datetime,
    reattestation: str | None = None,  # after go-live: governance.rhythm.aftercare_store
) -> Reply:  # fmt: skip
    project = facts.project
    inputs = facts.health_inputs(policy, reattestation)
    level, reasons = health(inputs, policy, now)
    sponsor = facts.sponsor
    fields = [
        Field("Phase", phase_text(facts, now)),
        Field("Delivery", delivery_text(facts, states, now)),
        Field("Health", health_text(Phase(project.phase), level.value, reasons)),
        Field("Owner", facts.owner.display_name if facts.owner else "none"),
        Field("Sponsor", shown_sponsor(sponsor, facts.sponsor_confirmed) if sponsor else "none"),
        Field("Budget", format_amount(project.budget)),
        Field("Risk", project.risk or "not set"),
        Field("Cost", cost_summary(facts.costs)),
    ]
    if facts.costs:
        fields.append(Field("Yearly cost", yearly_text(inputs.yearly_cost, project.budget)))
    if project.target_date is not None:
        fields.append(Field("Target", target_text(inputs, now)))
    if Phase(project.phase) not in (Phase.RETIRED, Phase.ABANDONED):
        fields.append(Field("Next review", review_due_at(inputs, policy).date().isoformat()))
    if facts.checkins:
        last = facts.checkins[0]
        who = facts.name_of(last.person_id) or "someone"
        note = f" — {last.note}" if last.note else ""
        fields.append(Field("Last check-in", f"{last.status} by {who}, {last.at.date()}{note}"))
    rows: list[Row] = []
    actions: list[Action] = []
    if gate is not None:
        done = sum(1 for s in states if s.done)
        rows.append(Row(f"Gate to {gate.target.value}: {done} of {len(states)} done"))
        for state in states:
            mark = "✅" if state.done else "⬜"
            kind = "" if state.item.manual else " (auto)"
            row_actions: tuple[Action, ...] = ()
            detail = state.why  # a derived item open again says why
            if state.item.manual:
                # Who signed, when, the evidence; or who it is asked of and the latest refusal.
                detail = signoffs.detail(facts.readiness.get(state.item.key), facts.name_of)
            if state.item.manual and not state.done:
                sign = c.CheckOff(project.slug, state.item.key)
                prompt = signoffs.evidence_prompt(state.item)
                row_actions = (Action("Done", sign, style="primary", note_prompt=prompt),)
            rows.append(
                Row(
                    f"{mark} {state.item.key} — {state.item.label}{kind}",
                    detail=detail,
                    actions=row_actions,
                )
            )
        rows += ahead_rows(facts, gate, policy)
    if facts.criteria:
        met = sum(1 for c in facts.criteria if c.criterion.status != CriterionStatus.OPEN)
        rows.append(Row(f"Criteria: {met} of {len(facts.criteria)} met or waived"))
        if facts.confirmation is not None:  # confirmed in this phase, and whether it stands
            rows.append(Row(facts.confirmation.said()))
        for criterion in facts.criteria:
            version = f" (v{criterion.current.version})" if criterion.current.version > 1 else ""
            rows.append(
                Row(
                    f"{criterion.number}. [{criterion.criterion.status}] {criterion.current.text}{version}"
                )
            )
    if Phase(project.phase) not in (Phase.RETIRED, Phase.ABANDONED):
        actions = [
            *checkin_actions(project.slug),
            Action("History", c.History(project.slug)),
        ]
    return Reply(
        text=headline(
            project.name,
            Phase(project.phase),
            delivery_text(facts, states, now),
            project.phase_entered_at,
        ),
        title=f"{project.name} ({project.slug})",
        fields=fields,
        rows=rows,
        actions=actions,
        context=f"Objective: {project.objective}" if project.objective else None,
        query=True,
    )
