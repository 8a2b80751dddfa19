"""Everything known about one project, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.phases import ProjectRole
from governance.tables import (
    Checkin,
    CostEstimate,
    CriteriaConfirmation,
    Criterion,
    CriterionVersion,
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


@dataclass
class ProjectFacts:
    project: Project
    members: list[tuple[Person, ProjectRole]] = field(default_factory=list)
    criteria: list[CriterionFact] = field(default_factory=list)
    confirmed_phases: set[str] = field(default_factory=set)
    costs: list[CostEstimate] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    readiness: dict[str, ReadinessItem] = field(default_factory=dict)
    checkins: list[Checkin] = field(default_factory=list)  # newest first
    people: dict[int, Person] = field(default_factory=dict)

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

    def reviews_in_phase(self) -> list[Review]:
        return [r for r in self.reviews if r.phase == self.project.phase]

    def costs_in_phase(self) -> list[CostEstimate]:
        return [c for c in self.costs if c.phase == self.project.phase]

    def name_of(self, person_id: int | None) -> str | None:
        if person_id is None:
            return None
        person = self.people.get(person_id)
        return person.display_name if person else None


async def load(session: AsyncSession, project: Project) -> ProjectFacts:
    pid = project.id
    facts = ProjectFacts(project=project)
    rows = await session.exec(
        select(Person, Membership.role)
        .join(Membership, Membership.person_id == Person.id)  # type: ignore[arg-type]
        .where(Membership.project_id == pid)
        .order_by(col(Membership.id))
    )
    facts.members = [(person, ProjectRole(role)) for person, role in rows]
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
    wanted = {i.owner_id for i in facts.readiness.values()} | {c.person_id for c in facts.checkins}
    wanted -= set(facts.people) | {None}
    if wanted:
        for person in await session.exec(select(Person).where(col(Person.id).in_(wanted))):
            facts.people[person.id] = person  # type: ignore[index]
    return facts
