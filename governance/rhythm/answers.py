"""A check-in answer attaches to the person's open round; blocked twice tells the sponsor."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.rhythm import messages
from governance.rhythm.occurrences import working_moment
from governance.rhythm.outbox import Outgoing, enqueue
from governance.rhythm.store import recipients
from governance.states import RoundState
from governance.tables import Checkin, CheckinRound, Membership, Person, Project


async def attach(
    session: AsyncSession, project: Project, person: Person, checkin: Checkin, now: datetime
) -> CheckinRound | None:
    """Mark the open round answered by ``checkin``; None when no round is open."""
    rounds = list(
        await session.exec(
            select(CheckinRound)
            .where(
                CheckinRound.project_id == project.id,
                CheckinRound.person_id == person.id,
                col(CheckinRound.slot_at) <= now,
            )
            .order_by(col(CheckinRound.slot_at).desc())
            .limit(2)
        )
    )
    if not rounds or rounds[0].state != RoundState.OPEN or now >= rounds[0].closes_at:
        return None
    current = rounds[0]
    current.state, current.checkin_id = RoundState.ANSWERED, checkin.id
    session.add(current)
    if checkin.status == "blocked" and len(rounds) > 1 and rounds[1].checkin_id is not None:
        previous = await session.get(Checkin, rounds[1].checkin_id)
        if previous is not None and previous.status == "blocked":
            await _tell_sponsors(session, project, person, checkin, current, now)
    return current


async def _tell_sponsors(
    session: AsyncSession, project: Project, person: Person, checkin: Checkin,
    current: CheckinRound, now: datetime,
) -> None:  # fmt: skip
    zones = dict(
        (
            await session.exec(
                select(Membership.person_id, Person.tz)
                .join(Person, col(Person.id) == col(Membership.person_id))
                .where(
                    Membership.project_id == project.id,
                    Membership.role == "sponsor",
                    col(Membership.confirmed_at).is_not(None),  # a sponsor who said yes
                )
            )
        ).all()
    )
    where = await recipients(session, set(zones))
    reply = messages.blocked_twice(person.display_name, project.name, checkin.note)
    # Held until the sponsor's working hours: an escalation at 02:00 helps nobody.
    items = [
        Outgoing(f"blocked-twice:{current.id}:{s}", where[s], reply, working_moment(now, tz))
        for s, tz in zones.items()
        if s in where
    ]
    await enqueue(session, items, now)
