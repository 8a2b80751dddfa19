"""Acknowledged deliveries: a command is written down before the platform is told "received",
carried out once (its row settles in the command's own transaction), then answered.

A process that dies between acknowledging and answering leaves the row behind; the next
process to look (``claim``) carries it out if nobody has, and answers it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance import wire
from governance.commands import Command
from governance.context import Actor, Conversation
from governance.replies import Reply
from governance.rhythm.payload import dump
from governance.rhythm.payload import load as load_reply
from governance.spoken import said
from governance.states import InboundState
from governance.tables import Event, Inbound

log = logging.getLogger("mlgov.intake")

RECEIVE_TIMEOUT = 2.0  # seconds: the acknowledgement is due within Slack's three
LEASE = timedelta(minutes=2)  # a delivery's process has this long before another takes over
GIVE_UP = timedelta(hours=24)  # an answer nobody could deliver for a day is dropped, loudly
RECEIVED, DONE, ANSWERED = InboundState.RECEIVED, InboundState.DONE, InboundState.ANSWERED


@dataclass(frozen=True)
class Received:
    """What a platform delivered: who, where, what (a typed line, or a button's command with
    the message it was on and the note written), and where the answer goes (the adapter's
    own data: a response URL, a conversation reference…)."""

    key: str  # the platform's id for this delivery: a retry carries the same
    actor: Actor
    conversation: Conversation | None
    answer_to: dict[str, Any]
    line: str | None = None
    command: Command | None = None
    pressed_on: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Found:
    """An acknowledged delivery as stored: its request, and its answer once carried out."""

    id: int
    platform: str
    actor: Actor
    conversation: Conversation | None
    answer_to: dict[str, Any]
    received_at: datetime
    line: str | None = None
    command: Command | None = None
    pressed_on: str | None = None
    note: str | None = None
    reply: Reply | None = None
    seen_event: int | None = None
    asked: str = field(default="")  # what was asked, in words, for a late answer


@dataclass(frozen=True)
class Carried:
    """What carrying out a delivery gave: the answer to send, and whether it is final. Not
    final: the database failed on the way, the person is told so, and a later pass carries
    the delivery out and answers again."""

    reply: Reply
    final: bool


class Answerer(Protocol):
    """A platform's way of answering a delivery later, from another process if need be."""

    @property
    def platform(self) -> str: ...

    async def answer(self, found: Found, reply: Reply, now: datetime) -> None: ...


async def receive(session: AsyncSession, received: Received, now: datetime, worker: str) -> int:
    """Write the delivery down, leased to ``worker``; IntegrityError when its key exists."""
    actor, where = received.actor, received.conversation
    seen = (await session.exec(select(func.max(Event.id)))).one()
    row = Inbound(
        key=received.key[:255],
        platform=actor.platform,
        tenant=actor.tenant,
        user_id=actor.user_id,
        display_name=actor.display_name,
        tz=actor.tz,
        channel_id=where.channel_id if where else None,
        channel_name=where.name if where else None,
        line=received.line,
        command=wire.dumps(received.command) if received.command is not None else None,
        pressed_on=received.pressed_on,
        note=received.note,
        answer_to=json.dumps(received.answer_to, separators=(",", ":")),
        seen_event=seen or 0,
        state=RECEIVED,
        attempts=1,
        received_at=now,
        lease_until=now + LEASE,
        claimed_by=worker,
    )
    session.add(row)
    await session.flush()
    assert row.id is not None
    return row.id


def _found(row: Inbound) -> Found:
    assert row.id is not None
    actor = Actor(row.platform, row.tenant, row.user_id, row.display_name, row.tz)
    where = Conversation(row.platform, row.tenant, row.channel_id, row.channel_name)
    command = wire.loads(row.command) if row.command else None
    return Found(
        id=row.id,
        platform=row.platform,
        actor=actor,
        conversation=where,
        answer_to=json.loads(row.answer_to),
        received_at=row.received_at,
        line=row.line,
        command=command,
        pressed_on=row.pressed_on,
        note=row.note,
        reply=load_reply(row.reply) if row.reply else None,
        seen_event=row.seen_event,
        asked=row.line or (said(command) if command is not None else ""),
    )


async def load(session: AsyncSession, inbound: int) -> Found:
    row = await session.get(Inbound, inbound)
    assert row is not None, f"inbound {inbound} is gone"
    return _found(row)


async def settled_reply(session: AsyncSession, inbound: int) -> Reply | None:
    """The answer, if the delivery was carried out already (by this process or another)."""
    stored = (
        await session.exec(select(Inbound.state, Inbound.reply).where(col(Inbound.id) == inbound))
    ).first()
    if stored is None or stored[0] == RECEIVED or stored[1] is None:
        return None
    return load_reply(stored[1])


async def settle(session: AsyncSession, inbound: int, reply: Reply) -> bool:
    """Record the answer in the caller's transaction; False if another process got there
    first (the caller rolls back: the command must not happen twice)."""
    result = await session.exec(
        update(Inbound)  # type: ignore[call-overload]
        .where(col(Inbound.id) == inbound, col(Inbound.state) == RECEIVED)
        .values(state=DONE, reply=dump(reply))
    )
    return bool(result.rowcount)


async def answered(
    session: AsyncSession, inbound: int, now: datetime, *, any_state: bool = False
) -> None:
    """Done with: only once carried out, so a delivery answered with "the database is not
    answering" stays for the pass that carries it out later."""
    states = (RECEIVED, DONE) if any_state else (DONE,)
    await session.exec(
        update(Inbound)  # type: ignore[call-overload]
        .where(col(Inbound.id) == inbound, col(Inbound.state).in_(states))
        .values(state=ANSWERED, answered_at=now, lease_until=None)
    )


async def claim(
    session: AsyncSession,
    worker: str,
    now: datetime,
    platforms: list[str],
    died: Callable[[str | None], bool],
    limit: int = 20,
) -> list[Found]:
    """Deliveries left behind: unanswered, and their process's lease run out (or that process
    died on this machine). Each is leased to ``worker`` before it is returned."""
    rows = list(
        await session.exec(
            select(Inbound)
            .where(col(Inbound.state) != ANSWERED, col(Inbound.platform).in_(platforms))
            .order_by(col(Inbound.received_at))
            .limit(limit * 5)
        )
    )
    taken: list[Found] = []
    for row in rows:
        if len(taken) >= limit:
            break
        lease = row.lease_until
        if lease is not None and lease > now and not died(row.claimed_by):
            continue
        if now - row.received_at > GIVE_UP:
            log.warning("inbound %s (%s) could not be answered for a day; dropped", row.id,
                        row.key)  # fmt: skip
            await answered(session, row.id, now)  # type: ignore[arg-type]
            continue
        result = await session.exec(
            update(Inbound)  # type: ignore[call-overload]
            .where(
                col(Inbound.id) == row.id,
                col(Inbound.state) != ANSWERED,
                col(Inbound.lease_until) == lease if lease else col(Inbound.lease_until).is_(None),
            )
            .values(claimed_by=worker, lease_until=now + LEASE, attempts=Inbound.attempts + 1)
        )
        if result.rowcount:
            taken.append(_found(row))
    return taken
