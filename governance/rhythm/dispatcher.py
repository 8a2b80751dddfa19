"""Sending what the outbox holds, through each platform's sender, once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col

from governance.clock import Clock
from governance.rhythm.outbox import MAX_ATTEMPTS, backoff, claim
from governance.rhythm.payload import load
from governance.sending import Recipient, Sender, SendFailed
from governance.tables import Delivery
from governance.uow import UnitOfWork

log = logging.getLogger("mlgov.dispatch")


@dataclass
class Dispatched:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __iadd__(self, other: Dispatched) -> Dispatched:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        return self


async def dispatch_batch(
    uow: UnitOfWork, senders: dict[str, Sender], clock: Clock, worker: str, limit: int = 50
) -> tuple[int, Dispatched]:
    """Claim up to ``limit`` deliveries, send them; returns (claimed, outcome)."""
    async with uow:
        batch = await claim(uow.session, worker, clock.now(), list(senders), limit)
        await uow.commit()
    outcome = Dispatched()
    for delivery in batch:
        values: dict[str, object]
        try:
            await senders[delivery.platform].send(
                Recipient(delivery.platform, delivery.tenant, delivery.kind, delivery.target_id),
                load(delivery.payload),
                delivery.key,
            )
            values = {"status": "sent", "sent_at": clock.now(), "last_error": None}
            outcome.sent += 1
        except SendFailed as failure:
            values = _after_failure(delivery, failure.reason, failure.permanent,
                                    failure.retry_after, clock)  # fmt: skip
        except Exception as error:  # noqa: BLE001 - an unknown failure is retried, and logged
            log.exception("sending %s failed", delivery.key)
            values = _after_failure(delivery, repr(error)[:500], False, None, clock)
        if values["status"] == "failed":
            outcome.failed += 1
        elif values["status"] == "pending":
            outcome.retried += 1
        async with uow:
            # Only while the lease is ours: a worker that lost it must not overwrite.
            await uow.session.exec(
                update(Delivery)  # type: ignore[call-overload]
                .where(
                    col(Delivery.id) == delivery.id,
                    col(Delivery.claimed_by) == worker,
                    col(Delivery.status) == "claimed",
                )  # fmt: skip
                .values(lease_until=None, **values)
            )
            await uow.commit()
    return len(batch), outcome


def _after_failure(
    delivery: Delivery, reason: str, permanent: bool, retry_after: float | None, clock: Clock
) -> dict[str, object]:
    if permanent or delivery.attempts >= MAX_ATTEMPTS:
        log.warning("delivery %s failed for good: %s", delivery.key, reason)
        return {"status": "failed", "last_error": reason}
    wait = timedelta(seconds=retry_after) if retry_after is not None else backoff(delivery.attempts)
    return {"status": "pending", "due_at": clock.now() + wait, "last_error": reason}


async def dispatch_due(
    uow: UnitOfWork, senders: dict[str, Sender], clock: Clock, worker: str, rounds: int = 100,
    going_on: Callable[[], bool] = lambda: True,
) -> Dispatched:  # fmt: skip
    """Send everything due now (bounded), batch after batch, while ``going_on()``."""
    total = Dispatched()
    for _ in range(rounds):
        if not going_on():
            break
        claimed, outcome = await dispatch_batch(uow, senders, clock, worker)
        total += outcome
        if not claimed:
            break
    return total
