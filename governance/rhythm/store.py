"""Loading what planning needs, and applying a plan, in one unit of work."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.derived import HealthInputs
from governance.phases import CLOSED
from governance.policy import Policy
from governance.portfolio import summaries
from governance.rhythm.digest import weekly_digest
from governance.rhythm.outbox import Outgoing, _insert, enqueue
from governance.rhythm.planning import Member, Plan, ProjectState, RoundState, plan
from governance.sending import Recipient
from governance.tables import (
    AwaySpan,
    ChannelLink,
    Checkin,
    CheckinRound,
    Identity,
    Membership,
    OrgRoleGrant,
    Person,
    Project,
    Review,
)

HISTORY = timedelta(days=60)
PREFERENCE = {"slack": 0, "teams": 1, "console": 2}


async def load(session: AsyncSession, now: datetime):  # noqa: ANN201 - planning's inputs
    last_review = (
        select(func.max(Review.at))
        .where(Review.project_id == Project.id, Review.phase == Project.phase)
        .scalar_subquery()
    )
    rows = (
        await session.exec(
            select(Project, last_review).where(col(Project.phase).not_in([p.value for p in CLOSED]))
        )
    ).all()
    channels: dict[int, list[Recipient]] = {}
    for link in await session.exec(select(ChannelLink)):
        channels.setdefault(link.project_id, []).append(
            Recipient(link.platform, link.tenant, "channel", link.channel_id)
        )
    members = (
        await session.exec(
            select(Membership, Person)
            .join(Person, col(Person.id) == col(Membership.person_id))
            .join(Project, col(Project.id) == col(Membership.project_id))
            .where(col(Project.phase).not_in([p.value for p in CLOSED]))
        )
    ).all()
    away: dict[int, list[tuple]] = {}
    for span in await session.exec(
        select(AwaySpan).where(col(AwaySpan.last_day) >= (now - HISTORY).date())
    ):
        away.setdefault(span.person_id, []).append((span.first_day, span.last_day))
    by_project: dict[int, dict[int, tuple[Person, set[str], datetime]]] = {}
    for membership, person in members:
        entry = by_project.setdefault(membership.project_id, {}).setdefault(
            person.id,
            (person, set(), membership.since),  # type: ignore[arg-type]
        )
        entry[1].add(membership.role)
    projects = []
    for project, reviewed in rows:
        people = by_project.get(project.id, {})  # type: ignore[arg-type]
        projects.append(
            ProjectState(
                id=project.id, slug=project.slug, name=project.name,  # type: ignore[arg-type]
                cadence=project.checkin_cadence, weekday=project.checkin_weekday,
                hhmm=project.checkin_time, created_at=project.created_at,
                health=HealthInputs(project.phase, project.phase_entered_at, reviewed,
                                    project.review_every_days, project.sponsorship_renewed_at,
                                    any("sponsor" in r for _, r, _ in people.values()), None),
                members=tuple(
                    Member(pid, person.display_name, person.tz, frozenset(roles), since,
                           tuple(away.get(pid, ())))
                    for pid, (person, roles, since) in people.items()
                ),
                channels=tuple(channels.get(project.id, ())),  # type: ignore[arg-type]
            )
        )  # fmt: skip
    rounds = [
        RoundState(r.id, r.project_id, r.person_id, r.slot_at, r.closes_at, r.state, r.reminded_at,  # type: ignore[arg-type]
                   answer)
        for r, answer in await session.exec(
            select(CheckinRound, Checkin.status)
            .outerjoin(Checkin, col(Checkin.id) == col(CheckinRound.checkin_id))
            .where(col(CheckinRound.slot_at) >= now - HISTORY)
        )
    ]  # fmt: skip
    managers = {
        person_id: tz
        for person_id, tz in await session.exec(
            select(OrgRoleGrant.person_id, Person.tz)
            .join(Person, col(Person.id) == col(OrgRoleGrant.person_id))
            .where(OrgRoleGrant.role == "manager")
        )
    }
    return projects, rounds, managers


async def recipients(session: AsyncSession, people: set[int]) -> dict[int, Recipient]:
    """Where to reach each person: Slack first, then Teams, then the console inbox."""
    found: dict[int, Recipient] = {}
    if not people:
        return found
    for identity in await session.exec(select(Identity).where(col(Identity.person_id).in_(people))):
        current = found.get(identity.person_id)
        if current is None or PREFERENCE.get(identity.platform, 9) < PREFERENCE.get(
            current.platform, 9
        ):
            found[identity.person_id] = Recipient(
                identity.platform, identity.tenant, "person", identity.external_id
            )
    return found


async def apply(session: AsyncSession, result: Plan, now: datetime) -> tuple[int, int]:
    """Record the plan; returns (rounds opened or skipped, deliveries queued)."""
    opened = 0
    if result.new_rounds:
        rows = [
            {"project_id": r.project_id, "person_id": r.person_id, "slot_at": r.slot_at,
             "closes_at": r.closes_at, "state": r.state, "reminded_at": r.reminded_at}
            for r in result.new_rounds
        ]  # fmt: skip
        statement = (
            _insert(session)(CheckinRound)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["project_id", "person_id", "slot_at"])
            .returning(col(CheckinRound.id))
        )
        opened = len((await session.exec(statement)).all())  # type: ignore[call-overload]
    if result.reminded:
        await session.exec(
            update(CheckinRound)  # type: ignore[call-overload]
            .where(
                col(CheckinRound.id).in_(result.reminded), col(CheckinRound.reminded_at).is_(None)
            )
            .values(reminded_at=now)
        )
    if result.missed:
        await session.exec(
            update(CheckinRound)  # type: ignore[call-overload]
            .where(col(CheckinRound.id).in_(result.missed), col(CheckinRound.state) == "open")
            .values(state="missed")
        )
    wanted = [r.prompt for r in result.new_rounds if r.prompt] + result.messages
    where = await recipients(session, {m.person_id for m in wanted if m.person_id is not None})
    outgoing = [
        Outgoing(m.key, m.channel or where[m.person_id], m.reply)  # type: ignore[index]
        for m in wanted
        if m.channel is not None or m.person_id in where
    ]
    return opened, await enqueue(session, outgoing, now)


async def plan_and_queue(session: AsyncSession, policy: Policy, now: datetime) -> tuple[int, int]:
    projects, rounds, managers = await load(session, now)
    digest = None
    if managers:  # the digest needs the whole portfolio: build it only for someone to read
        digest = weekly_digest(await summaries(session, policy, now), now)
    result = plan(projects, rounds, sorted(managers), policy, now, managers, digest)
    return await apply(session, result, now)
