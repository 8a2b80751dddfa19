"""Telling people and channels about governance events, once, through the outbox.

A governance event (a sponsor named, criteria changed, a sign-off asked for, a project
accepted, advanced or abandoned) reaches the people it concerns as a delivery with a key
made of the event and the person: written in the same transaction as the change, so a
change that rolls back tells nobody and a change retried tells nobody twice. What is not
urgent waits for the person's working hours; the linked channels hear it at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.replies import Reply
from governance.rhythm.occurrences import working_moment
from governance.rhythm.outbox import Outgoing, enqueue
from governance.rhythm.store import recipients
from governance.sending import Recipient
from governance.tables import AwaySpan, ChannelLink, Membership, Person


async def tell(
    session: AsyncSession,
    people: Iterable[int],
    key: str,
    reply: Reply,
    now: datetime,
    *,
    urgent: bool = False,
) -> int:
    """Queue ``reply`` for each of ``people`` (person ids) under ``key:<person>``: at once when
    ``urgent``, else at the start of their working hours, after any time away. Returns how
    many deliveries were new (a key already queued is not queued again)."""
    wanted = sorted(set(people))
    if not wanted:
        return 0
    where = await recipients(session, set(wanted))
    zones = dict(
        (await session.exec(select(Person.id, Person.tz).where(col(Person.id).in_(wanted)))).all()
    )
    away: dict[int, list[tuple]] = {}
    if not urgent:
        for person_id, first, last in await session.exec(
            select(  # type: ignore[call-overload]
                AwaySpan.person_id, AwaySpan.first_day, AwaySpan.last_day
            ).where(col(AwaySpan.person_id).in_(wanted))
        ):
            away.setdefault(person_id, []).append((first, last))
    items = [
        Outgoing(
            f"{key}:{person}",
            where[person],
            reply,
            now
            if urgent
            else working_moment(now, zones.get(person) or "UTC", tuple(away.get(person, ()))),
        )  # fmt: skip
        for person in wanted
        if person in where
    ]
    return await enqueue(session, items, now)


async def tell_channels(session: AsyncSession, project_id: int, key: str, reply: Reply,
                        now: datetime, *, said_in: Recipient | None = None) -> int:  # fmt: skip
    """Queue ``reply`` for every channel linked to the project, at once, under
    ``key:channel:<link>``; not to ``said_in``, the channel that already saw the answer."""
    links = [
        link
        for link in await session.exec(
            select(ChannelLink).where(ChannelLink.project_id == project_id)
        )
        if said_in is None
        or (link.platform, link.tenant, link.channel_id)
        != (said_in.platform, said_in.tenant, said_in.target_id)
    ]
    items = [
        Outgoing(
            f"{key}:channel:{link.id}",
            Recipient(link.platform, link.tenant, "channel", link.channel_id),
            reply,
            now,
        )
        for link in links
    ]
    return await enqueue(session, items, now) if items else 0


async def members(session: AsyncSession, project_id: int, *roles: str) -> set[int]:
    """The people holding any of ``roles`` on the project (all members when none given)."""
    statement = select(Membership.person_id).where(Membership.project_id == project_id)
    if roles:
        statement = statement.where(col(Membership.role).in_(roles))
    return set(await session.exec(statement))
