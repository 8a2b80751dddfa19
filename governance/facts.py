"""Everything known about one project, loaded in a fixed number of queries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.derived import CostFigures, HealthInputs, health_inputs, yearly_cost
from governance.forced import ForcedMove, forced_into
from governance.health_signals import Signals, member_signals
from governance.phases import ProjectRole
from governance.policy import Policy
from governance.tables import (
    Checkin,
    CostEstimate,
    CriteriaConfirmation,
    Criterion,
    CriterionVersion,
    Event,
    Membership,
    Person,
    Project,
    ReadinessItem,
    Review,
)

RECENT_CHECKINS = 10


@dataclass
class CriterionFact:
    criterion: Criterion
    versions: list[CriterionVersion]

    @property
    def current(self) -> CriterionVersion:
        return self.versions[-1]

    @property
    def number(self) -> int:
        return self.criterion.number


# The audit events that order confirmations and changes of criteria. Two of them may share
# a moment (a fixed clock, one transaction): their ids, never their times, say which came first.
CONFIRMED, ADDED, CHANGED = "criteria.confirmed", "criterion.added", "criterion.changed"


@dataclass(frozen=True)
class CriteriaChange:
    """A criterion added or changed, as the record has it."""

    number: int | None
    added: bool
    at: datetime

    def said(self) -> str:
        what = f"criterion {self.number}" if self.number is not None else "a criterion"
        return f"{what} {'added' if self.added else 'changed'}"


@dataclass(frozen=True)
class Confirmation:
    """The newest confirmation of the criteria in a phase. It counts until a criterion is
    added or changed after it: ``voided_by`` is the first such change."""

    phase: str
    by: str
    at: datetime
    voided_by: CriteriaChange | None = None

    @property
    def stands(self) -> bool:
        return self.voided_by is None

    def said(self) -> str:
        text = f"Criteria confirmed by {self.by} on {self.at.date().isoformat()}"
        if self.voided_by is not None:
            text += f" — voided: {self.voided_by.said()} on {self.voided_by.at.date().isoformat()}"
        return text

    def why_open(self) -> str | None:
        """Why the confirmation does not count, in a few words; None when it does."""
        if self.voided_by is None:
            return None
        return f"voided: {self.voided_by.said()} after {self.by} confirmed"


def _after(event: Event) -> dict:
    try:
        value = json.loads(event.after) if event.after else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _confirmed_phase(event: Event) -> str | None:
    phase = _after(event).get("phase")
    if isinstance(phase, str):
        return phase
    # Confirmations recorded before the phase was kept with them say it in their summary.
    _, found, rest = event.summary.rpartition(" confirmed in ")
    return rest.strip() if found else None


def _change(event: Event) -> CriteriaChange:
    number = _after(event).get("number")
    if not isinstance(number, int):
        match = re.match(r"criterion (\d+)", event.summary)
        number = int(match.group(1)) if match else None
    return CriteriaChange(number=number, added=event.kind == ADDED, at=event.at)


def confirmation_in(events: list[Event], phase: str) -> Confirmation | None:
    """The newest confirmation in ``phase`` among ``events`` (oldest first), voided by the
    first criterion added or changed after it."""
    found: Confirmation | None = None
    for event in events:
        if event.kind == CONFIRMED:
            if _confirmed_phase(event) == phase:
                found = Confirmation(phase, event.actor_name or "someone", event.at)
        elif found is not None and found.voided_by is None:
            found = replace(found, voided_by=_change(event))
    return found


async def criteria_confirmation(session: AsyncSession, project: Project) -> Confirmation | None:
    """The confirmation of the project's criteria in its current phase, if there was one."""
    events = await session.exec(
        select(Event)
        .where(Event.project_id == project.id, col(Event.kind).in_((CONFIRMED, ADDED, CHANGED)))
        .order_by(col(Event.id))
    )
    return confirmation_in(list(events), project.phase)


@dataclass
class ProjectFacts:
    project: Project
    members: list[tuple[Person, ProjectRole]] = field(default_factory=list)
    criteria: list[CriterionFact] = field(default_factory=list)
    # The phases whose criteria were confirmed; the current one only while that stands.
    confirmed_phases: set[str] = field(default_factory=set)
    confirmation: Confirmation | None = None  # the newest in the current phase
    costs: list[CostEstimate] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    readiness: dict[str, ReadinessItem] = field(default_factory=dict)
    checkins: list[Checkin] = field(default_factory=list)  # newest first
    people: dict[int, Person] = field(default_factory=dict)
    # Named sponsors who have not yet said yes (person ids): they do not count yet.
    unconfirmed_sponsors: set[int] = field(default_factory=set)
    forced: ForcedMove | None = None  # the current phase was reached by force
    signals: Signals = field(default_factory=Signals)  # members' check-ins, for health

    def with_role(self, role: ProjectRole) -> list[Person]:
        return [person for person, r in self.members if r == role]

    @property
    def owner(self) -> Person | None:
        owners = self.with_role(ProjectRole.OWNER)
        return owners[0] if owners else None

    @property
    def sponsor(self) -> Person | None:
        sponsors = self.with_role(ProjectRole.SPONSOR)
        return sponsors[0] if sponsors else None

    @property
    def sponsor_confirmed(self) -> bool:
        """A sponsor is named and has said yes."""
        sponsor = self.sponsor
        return sponsor is not None and sponsor.id not in self.unconfirmed_sponsors

    def reviews_in_phase(self) -> list[Review]:
        return [r for r in self.reviews if r.phase == self.project.phase]

    def costs_in_phase(self) -> list[CostEstimate]:
        return [c for c in self.costs if c.phase == self.project.phase]

    def yearly_cost(self, policy: Policy) -> Decimal | None:
        """The latest estimate's yearly cost of ownership (None: no estimate)."""
        latest = self.costs[-1] if self.costs else None
        if latest is None:
            return None
        return yearly_cost(CostFigures(latest.monthly, latest.fte, latest.ops_hours_month), policy)

    def health_inputs(self, policy: Policy, reattestation: str | None = None) -> HealthInputs:
        """Health's inputs from these facts: the same builder the portfolio uses."""
        reviews = self.reviews_in_phase()
        sponsors = self.with_role(ProjectRole.SPONSOR)
        return health_inputs(
            self.project,
            last_review_at=reviews[-1].at if reviews else None,
            has_sponsor=bool(sponsors),
            sponsor_confirmed=any(p.id not in self.unconfirmed_sponsors for p in sponsors),
            latest_checkins=self.signals.latest_checkins,
            missed_in_a_row=self.signals.missed_in_a_row,
            yearly=self.yearly_cost(policy),
            reattestation=reattestation,
        )

    def name_of(self, person_id: int | None) -> str | None:
        if person_id is None:
            return None
        person = self.people.get(person_id)
        return person.display_name if person else None


async def load(session: AsyncSession, project: Project) -> ProjectFacts:
    pid = project.id
    facts = ProjectFacts(project=project)
    rows = list(
        await session.exec(
            select(Person, Membership.role, Membership.confirmed_at)
            .join(Membership, Membership.person_id == Person.id)  # type: ignore[arg-type]
            .where(Membership.project_id == pid)
            .order_by(col(Membership.id))
        )
    )
    facts.members = [(person, ProjectRole(role)) for person, role, _ in rows]
    facts.unconfirmed_sponsors = {
        person.id  # type: ignore[misc]
        for person, role, confirmed_at in rows
        if role == ProjectRole.SPONSOR and confirmed_at is None
    }
    versions = await session.exec(
        select(Criterion, CriterionVersion)
        .join(CriterionVersion, CriterionVersion.criterion_id == Criterion.id)  # type: ignore[arg-type]
        .where(Criterion.project_id == pid)
        .order_by(col(Criterion.number), col(CriterionVersion.version))
    )
    by_number: dict[int, CriterionFact] = {}
    for criterion, version in versions:
        by_number.setdefault(criterion.number, CriterionFact(criterion, [])).versions.append(
            version
        )
    facts.criteria = list(by_number.values())
    facts.confirmed_phases = set(
        await session.exec(
            select(CriteriaConfirmation.phase).where(CriteriaConfirmation.project_id == pid)
        )
    )
    facts.confirmation = await criteria_confirmation(session, project)
    if facts.confirmation is not None and not facts.confirmation.stands:
        facts.confirmed_phases.discard(project.phase)
    facts.costs = list(
        await session.exec(
            select(CostEstimate)
            .where(CostEstimate.project_id == pid)
            .order_by(col(CostEstimate.at), col(CostEstimate.id))
        )
    )
    facts.reviews = list(
        await session.exec(
            select(Review).where(Review.project_id == pid).order_by(col(Review.at), col(Review.id))
        )
    )
    facts.readiness = {
        item.key: item
        for item in await session.exec(select(ReadinessItem).where(ReadinessItem.project_id == pid))
    }
    facts.checkins = list(
        await session.exec(
            select(Checkin)
            .where(Checkin.project_id == pid)
            .order_by(col(Checkin.at).desc(), col(Checkin.id).desc())
            .limit(RECENT_CHECKINS)
        )
    )
    facts.people = {person.id: person for person, _ in facts.members if person.id is not None}
    # Who owns, signed, was asked for or refused an item, and who checked in: named in status.
    wanted = {
        who
        for i in facts.readiness.values()
        for who in (i.owner_id, i.done_by, i.requested_of, i.requested_by, i.refused_by)
    } | {c.person_id for c in facts.checkins}
    wanted -= set(facts.people) | {None}
    if wanted:
        for person in await session.exec(select(Person).where(col(Person.id).in_(wanted))):
            facts.people[person.id] = person  # type: ignore[index]
    facts.forced = await forced_into(session, project)
    if pid is not None:
        facts.signals = (await member_signals(session, [pid])).get(pid, Signals())
    return facts
