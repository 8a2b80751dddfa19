"""Sending paused for a workspace or tenant whose platform refused our credentials.

A revoked or invalid token fails every message to that workspace the same way; rather
than spend each delivery's attempts on it and throw them all away, the outbox stops
sending there and keeps them waiting. Once every ``PROBE_EVERY``, one delivery is tried:
success lifts the pause, the same refusal renews it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.tables import SendingPause

# Someone has to act (a new token, the app reinstalled) before anything can go: trying
# one message every five minutes notices the fix within minutes, without knocking on a
# closed door hundreds of times an hour or filling the log.
PROBE_EVERY = timedelta(minutes=5)


async def standing(session: AsyncSession, platforms: list[str]) -> list[SendingPause]:
    """The pauses on these platforms (a handful of rows at most)."""
    query = select(SendingPause).where(col(SendingPause.platform).in_(platforms))
    return list(await session.exec(query.order_by(col(SendingPause.platform),
                                                  col(SendingPause.tenant))))  # fmt: skip


async def take_probe(session: AsyncSession, pause: SendingPause, now: datetime) -> bool:
    """Whether this worker gets to try one delivery now: the first to move ``retry_at``
    on does, so several workers probe once between them."""
    moved = await session.exec(
        update(SendingPause)  # type: ignore[call-overload]
        .where(
            col(SendingPause.platform) == pause.platform,
            col(SendingPause.tenant) == pause.tenant,
            col(SendingPause.retry_at) <= now,
        )
        .values(retry_at=now + PROBE_EVERY)
        .returning(SendingPause.platform)
    )
    return moved.first() is not None


async def pause(
    session: AsyncSession, platform: str, tenant: str, reason: str, now: datetime
) -> bool:
    """Pause sending to (platform, tenant), or renew its pause; True when it is new."""
    dialect = (await session.connection()).dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    row = {"platform": platform, "tenant": tenant, "reason": reason, "since": now,
           "retry_at": now + PROBE_EVERY}  # fmt: skip
    new = await session.exec(
        insert(SendingPause)  # type: ignore[call-overload]
        .values(**row)
        .on_conflict_do_nothing(index_elements=["platform", "tenant"])
        .returning(SendingPause.platform)
    )
    if new.first() is not None:
        return True
    await session.exec(
        update(SendingPause)  # type: ignore[call-overload]
        .where(col(SendingPause.platform) == platform, col(SendingPause.tenant) == tenant)
        .values(reason=reason, retry_at=now + PROBE_EVERY)
    )
    return False


async def lift(session: AsyncSession, platform: str, tenant: str) -> bool:
    """End the pause (a delivery went through); True when there was one."""
    lifted = await session.exec(
        delete(SendingPause)  # type: ignore[call-overload]
        .where(col(SendingPause.platform) == platform, col(SendingPause.tenant) == tenant)
        .returning(SendingPause.platform)
    )
    return lifted.first() is not None
