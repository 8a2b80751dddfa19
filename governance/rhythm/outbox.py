"""The outbox: deliveries inserted once by key, claimed under a lease, sent, recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.replies import Reply
from governance.rhythm.bulk import insert_new
from governance.rhythm.payload import dump
from governance.sending import Recipient
from governance.tables import Delivery

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
                "status": "pending", "attempts": 0, "due_at": item.due_at or now,
                "created_at": now,
            }
        )  # fmt: skip
    return rows


async def claim(
    session: AsyncSession, worker: str, now: datetime, platforms: list[str], limit: int = 50
) -> list[Delivery]:
    """Take up to ``limit`` due deliveries for this worker; an expired lease is fair game.

    On PostgreSQL, FOR UPDATE SKIP LOCKED lets several workers claim side by side
    without waiting on or taking each other's rows.
    """
    due = or_(
        and_(col(Delivery.status) == "pending", col(Delivery.due_at) <= now),
        and_(col(Delivery.status) == "claimed", col(Delivery.lease_until) < now),
    )
    query = (
        select(Delivery.id)
        .where(due, col(Delivery.platform).in_(platforms))
        .order_by(col(Delivery.due_at), col(Delivery.id))
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(await session.exec(query))
    if not ids:
        return []
    await session.exec(
        update(Delivery)  # type: ignore[call-overload]
        .where(col(Delivery.id).in_(ids), due)
        .values(
            status="claimed",
            claimed_by=worker,
            lease_until=now + LEASE,
            attempts=Delivery.attempts + 1,
        )  # fmt: skip
    )
    claimed = await session.exec(
        select(Delivery).where(
            col(Delivery.id).in_(ids),
            col(Delivery.claimed_by) == worker,
            col(Delivery.status) == "claimed",
        )  # fmt: skip
    )
    return list(claimed)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 15 * 2 ** max(0, attempts - 1)))
