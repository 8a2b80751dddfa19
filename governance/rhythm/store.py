"""Loading what planning needs, and applying a plan, in one unit of work."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.derived import health_inputs
from governance.metrics import compute
from governance.phases import CLOSED
from governance.policy import Policy
from governance.portfolio import summaries
from governance.rhythm import aftercare_store
from governance.rhythm.bulk import among, prepare, run
from governance.rhythm.digest import weekly_digest
from governance.rhythm.model import Member, Plan, ProjectState, RoundRow
from governance.rhythm.outbox import Outgoing, delivery_rows
from governance.rhythm.planning import digests_due, plan
from governance.sending import Recipient
from governance.states import Platform, RoundState
from governance.tables import (
    AwaySpan,
    ChannelLink,
    Checkin,
    CheckinRound,
    Delivery,
    Identity,
    Membership,
    OrgRoleGrant,
    Person,
    Project,
    Review,
)
from governance.views import metrics

HISTORY = timedelta(days=60)  # away spans that can still move a nudge
# Rounds planning looks at: this slot's and the one before it (two misses in a row), even
# on a biweekly schedule a week after its slot, and the weeks whose summary may be due.
# Older rounds are settled, but for any left open by a long downtime, loaded by state.
RECENT = timedelta(days=22)
PREFERENCE: dict[str, int] = {Platform.SLACK: 0, Platform.TEAMS: 1, Platform.CONSOLE: 2}


async def load(session: AsyncSession, now: datetime):  # noqa: ANN201 - planning's inputs
    last_review = (
        select(func.max(Review.at))
        .where(Review.project_id == Project.id, Review.phase == Project.phase)
        .scalar_subquery()
    )
    active = col(Project.phase).not_in([p.value for p in CLOSED])
    # Plain rows through the connection, not the ORM: this runs every minute over the
    # whole organisation.
    db = await session.connection()
    rows = (
        await db.execute(
            select(  # type: ignore[call-overload, misc]
                Project.id,
                Project.slug,
                Project.name,
                Project.phase,
                Project.phase_entered_at,
                Project.checkin_cadence,
                Project.checkin_weekday,
                Project.checkin_time,
                Project.created_at,
                Project.review_every_days,
                Project.sponsorship_renewed_at,
                Project.accepted_at,
                Project.target_date,
                Project.budget,
                last_review.label("last_review"),
            ).where(active)
        )
    ).all()
    channels: dict[int, list[Recipient]] = {}
    for link in await session.exec(select(ChannelLink)):
        channels.setdefault(link.project_id, []).append(
            Recipient(link.platform, link.tenant, "channel", link.channel_id)
        )
    members = (
        await db.execute(
            select(  # type: ignore[call-overload]
                Membership.project_id,
                Membership.role,
                Membership.since,
                Person.id,
                Person.display_name,
                Person.tz,
            )
            .join(Person, col(Person.id) == col(Membership.person_id))
            .join(Project, col(Project.id) == col(Membership.project_id))
            .where(active)
        )
    ).all()
    away: dict[int, list[tuple]] = {}
    for span in await session.exec(
        select(AwaySpan).where(col(AwaySpan.last_day) >= (now - HISTORY).date())
    ):
        away.setdefault(span.person_id, []).append((span.first_day, span.last_day))
    by_project: dict[int, dict[int, tuple[str, str, set[str], datetime]]] = {}
    for project_id, role, since, person_id, name, tz in members:
        entry = by_project.setdefault(project_id, {}).setdefault(
            person_id, (name, tz, set(), since)
        )
        entry[2].add(role)
    projects = []
    for row in rows:
        pid = row.id
        people = by_project.get(pid, {})
        projects.append(
            ProjectState(
                id=pid, slug=row.slug, name=row.name, cadence=row.checkin_cadence,
                weekday=row.checkin_weekday, hhmm=row.checkin_time, created_at=row.created_at,
                # The rhythm reads the review and sponsorship dates: the same inputs' builder.
                health=health_inputs(row, last_review_at=row.last_review,
                                     has_sponsor=any("sponsor" in r for _, _, r, _ in people.values())),
                members=tuple(
                    Member(person, pname, tz, frozenset(roles), since, tuple(away.get(person, ())))
                    for person, (pname, tz, roles, since) in people.items()
                ),
                channels=tuple(channels.get(pid, ())),
            )
        )  # fmt: skip
    rounds = [
        RoundRow(*row)
        for row in await db.execute(
            select(  # type: ignore[call-overload]
                CheckinRound.id, CheckinRound.project_id, CheckinRound.person_id,
                CheckinRound.slot_at, CheckinRound.closes_at, CheckinRound.state,
                CheckinRound.reminded_at, Checkin.status,
            )
            .outerjoin(Checkin, col(Checkin.id) == col(CheckinRound.checkin_id))
            .where(
                or_(col(CheckinRound.slot_at) >= now - RECENT, col(CheckinRound.state) == RoundState.OPEN)
            )
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
    dialect = (await session.connection()).dialect
    for condition in among(dialect, col(Identity.person_id), sorted(people)):
        identities = await session.exec(
            select(  # type: ignore[call-overload]
                Identity.person_id, Identity.platform, Identity.tenant, Identity.external_id
            ).where(condition)
        )
        for person_id, platform, tenant, external_id in identities:
            current = found.get(person_id)
            if current is None or PREFERENCE.get(platform, 9) < PREFERENCE.get(current.platform, 9):
                found[person_id] = Recipient(platform, tenant, "person", external_id)
    return found


async def apply(session: AsyncSession, result: Plan, now: datetime) -> tuple[int, int]:
    """Record the plan; returns (rounds opened or skipped, deliveries queued)."""
    # A nudge stays due through its grace window, so most passes plan again what an earlier
    # one queued: look the keys up rather than build and send every payload again.
    # (The outbox's unique key, not this lookup, is what keeps a message from going twice.)
    queued = await _queued(session, [m.key for m in result.messages if not m.new])
    wanted = [r.prompt for r in result.new_rounds if r.prompt]
    wanted += [m for m in result.messages if m.key not in queued]
    where = await recipients(session, {m.person_id for m in wanted if m.person_id is not None})
    outgoing = [
        Outgoing(m.key, m.channel or where[m.person_id], m.reply, m.at)  # type: ignore[index]
        for m in wanted
        if m.channel is not None or m.person_id in where
    ]
    db = await session.connection()
    rows = [
        {"project_id": r.project_id, "person_id": r.person_id, "slot_at": r.slot_at,
         "closes_at": r.closes_at, "state": r.state, "reminded_at": r.reminded_at}
        for r in result.new_rounds
    ]  # fmt: skip
    rounds = prepare(db.dialect, CheckinRound, rows, ["project_id", "person_id", "slot_at"])
    # While the database writes the rounds, the messages' rows are serialised on a thread:
    # at the start of a week both are thousands of rows, and this overlaps the two.
    writing = asyncio.create_task(run(db, rounds))
    try:
        messages = await asyncio.to_thread(
            lambda: prepare(db.dialect, Delivery, delivery_rows(outgoing, now), ["key"])
        )
    finally:
        opened = await writing  # never leave the connection busy behind an error
    for condition in among(db.dialect, col(CheckinRound.id), result.reminded):
        await session.exec(
            update(CheckinRound)  # type: ignore[call-overload]
            .where(condition, col(CheckinRound.reminded_at).is_(None))
            .values(reminded_at=now)
        )
    for condition in among(db.dialect, col(CheckinRound.id), result.missed):
        await session.exec(
            update(CheckinRound)  # type: ignore[call-overload]
            .where(condition, col(CheckinRound.state) == RoundState.OPEN)
            .values(state=RoundState.MISSED.value)
        )
    return opened, await run(db, messages)


async def plan_and_queue(session: AsyncSession, policy: Policy, now: datetime) -> tuple[int, int]:
    projects, rounds, managers = await load(session, now)
    digest = None
    keys = digests_due(managers, now)
    if keys and len(await _queued(session, list(keys.values()))) < len(keys):
        # The digest needs the whole portfolio: build it only while a manager's Monday
        # window is open and some manager's digest is not queued yet.
        history = compute(await metrics.load(session), now)  # two statements
        digest = weekly_digest(await summaries(session, policy, now), now, history)
    live = await aftercare_store.load(session, projects, policy)
    result = plan(projects, rounds, managers, policy, now, digest, live)
    return await apply(session, result, now)


async def _queued(session: AsyncSession, keys: list[str]) -> set[str]:
    """Which of these messages the outbox already holds."""
    found: set[str] = set()
    dialect = (await session.connection()).dialect
    for condition in among(dialect, col(Delivery.key), keys):
        found.update(await session.exec(select(Delivery.key).where(condition)))
    return found
