"""The outbox: deliveries inserted once by key, claimed under a lease, sent, recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, not_, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.replies import Reply
from governance.rhythm import pauses
from governance.rhythm.bulk import insert_new
from governance.rhythm.payload import dump
from governance.sending import Recipient
from governance.states import DeliveryStatus
from governance.tables import Delivery

# A send takes seconds (the Slack client gives up on one after 15 s, three times at most);
# the lease is renewed before each send, so it only has to outlast one.
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Outgoing:
    key: str
    recipient: Recipient
    reply: Reply
    due_at: datetime | None = None  # None: now


async def enqueue(session: AsyncSession, items: list[Outgoing], now: datetime) -> int:
    """Insert each delivery unless its key exists; returns how many were new."""
    return await insert_new(session, Delivery, delivery_rows(items, now), ["key"])


def delivery_rows(items: list[Outgoing], now: datetime) -> list[dict]:
    """The outbox rows for these messages, each reply serialised once."""
    payloads: dict[int, str] = {}  # one reply is often sent to many: serialise it once
    rows = []
    for item in items:
        payload = payloads.get(id(item.reply))
        if payload is None:
            payload = payloads[id(item.reply)] = dump(item.reply)
        recipient = item.recipient
        rows.append(
            {
                "key": item.key[:255], "platform": recipient.platform,
                "tenant": recipient.tenant, "kind": recipient.kind,
                "target_id": recipient.target_id, "payload": payload,
                "status": DeliveryStatus.PENDING, "attempts": 0, "due_at": item.due_at or now,
                "created_at": now,
            }
        )  # fmt: skip
    return rows


async def claim(
    session: AsyncSession,
    worker: str,
    now: datetime,
    platforms: list[str],
    limit: int = 50,
    lease: timedelta = LEASE,
) -> list[Delivery]:
    """Take up to ``limit`` due deliveries for this worker; an expired lease is fair game.

    On PostgreSQL, FOR UPDATE SKIP LOCKED lets several workers claim side by side
    without waiting on or taking each other's rows. Deliveries to a paused workspace stay
    where they are, but for one probe when its pause says it is time.
    """
    due = or_(
        and_(col(Delivery.status) == DeliveryStatus.PENDING, col(Delivery.due_at) <= now),
        and_(col(Delivery.status) == DeliveryStatus.CLAIMED, col(Delivery.lease_until) < now),
    )
    paused = await pauses.standing(session, platforms)
    elsewhere = [
        not_(and_(col(Delivery.platform) == p.platform, col(Delivery.tenant) == p.tenant))
        for p in paused
    ]
    ids = await _due(session, limit, due, col(Delivery.platform).in_(platforms), *elsewhere)
    for p in paused:
        if p.retry_at <= now and await pauses.take_probe(session, p, now):
            where = (col(Delivery.platform) == p.platform, col(Delivery.tenant) == p.tenant)
            ids += await _due(session, 1, due, *where)
    if not ids:
        return []
    await session.exec(
        update(Delivery)  # type: ignore[call-overload]
        .where(col(Delivery.id).in_(ids), due)
        .values(
            status=DeliveryStatus.CLAIMED,
            claimed_by=worker,
            lease_until=now + lease,
            attempts=Delivery.attempts + 1,
        )  # fmt: skip
    )
    claimed = await session.exec(
        select(Delivery)
        .where(
            col(Delivery.id).in_(ids),
            col(Delivery.claimed_by) == worker,
            col(Delivery.status) == DeliveryStatus.CLAIMED,
        )
        .order_by(col(Delivery.due_at), col(Delivery.id))
    )
    return list(claimed)


async def _due(session: AsyncSession, limit: int, *conditions: Any) -> list[int]:
    query = (
        select(Delivery.id)
        .where(*conditions)
        .order_by(col(Delivery.due_at), col(Delivery.id))
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return [i for i in await session.exec(query) if i is not None]


async def renew(session: AsyncSession, delivery_id: int, worker: str, until: datetime) -> bool:
    """Hold the lease on one claimed delivery until ``until``, if this worker still has it.

    A batch is sent one message at a time, and a slow platform can make it outlive the
    lease it was claimed under; another worker may have claimed the rest since. Checked
    and extended in one statement right before each send, a delivery is sent by the one
    worker whose lease holds for the whole of the send.
    """
    kept = await session.exec(
        update(Delivery)  # type: ignore[call-overload]
        .where(
            col(Delivery.id) == delivery_id,
            col(Delivery.claimed_by) == worker,
            col(Delivery.status) == DeliveryStatus.CLAIMED,
        )
        .values(lease_until=until)
        .returning(Delivery.id)
    )
    return kept.first() is not None


async def release(
    session: AsyncSession, ids: list[int], worker: str, due_at: datetime | None
) -> int:
    """Give claimed deliveries back untried: pending again (at ``due_at``, or when they
    were due), their claim not counted as an attempt."""
    values: dict[str, Any] = {"status": DeliveryStatus.PENDING, "lease_until": None,
                              "attempts": Delivery.attempts - 1}  # fmt: skip
    if due_at is not None:
        values["due_at"] = due_at
    released = await session.exec(
        update(Delivery)  # type: ignore[call-overload]
        .where(
            col(Delivery.id).in_(ids),
            col(Delivery.claimed_by) == worker,
            col(Delivery.status) == DeliveryStatus.CLAIMED,
        )
        .values(**values)
        .returning(Delivery.id)
    )
    return len(released.all())


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 15 * 2 ** max(0, attempts - 1)))
