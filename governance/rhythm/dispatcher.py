"""Sending what the outbox holds, through each platform's sender, once.

A failure decides what happens next (see SendFailed): a rate limit, an outage or a
refused token delays the delivery, and holds back the rest of that workspace's batch
with it; only a failure no retry can mend, or one that keeps coming for no known reason,
ends a delivery for good.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.clock import Clock
from governance.rhythm import pauses
from governance.rhythm.closed_channels import tell_linkers
from governance.rhythm.outbox import LEASE, MAX_ATTEMPTS, backoff, claim, release, renew
from governance.rhythm.payload import load
from governance.rhythm.unreachable import tell_owners
from governance.sending import Recipient, Sender, SendFailed, wait_seconds
from governance.states import DeliveryStatus
from governance.tables import Delivery
from governance.uow import UnitOfWork

log = logging.getLogger("mlgov.dispatch")
Where = tuple[str, str]  # (platform, tenant): one Slack workspace, one Teams tenant
Then = Callable[[AsyncSession], Awaitable[None]]


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


@dataclass(frozen=True)
class Hold:
    """A workspace not to send to before ``until``; its deliveries wait until ``due_at``
    (None: a paused workspace's keep their place, and its probe decides)."""

    until: datetime
    due_at: datetime | None


@dataclass
class Step:
    """What one send came to: the row's new values, and what else to write with them."""

    values: dict[str, object]
    then: Then | None = None
    hold: Hold | None = None
    paused: bool = False  # the platform refused our credentials
    heard: bool = False  # the platform accepted them (it sent, or refused this message)


async def dispatch_batch(
    uow: UnitOfWork, senders: dict[str, Sender], clock: Clock, worker: str, limit: int = 50,
    *, lease: timedelta = LEASE, held: dict[Where, Hold] | None = None,
) -> tuple[int, Dispatched]:  # fmt: skip
    """Claim up to ``limit`` deliveries, send them; returns (claimed, outcome)."""
    held = {} if held is None else held
    async with uow:
        batch = await claim(uow.session, worker, clock.now(), list(senders), limit, lease)
        paused = {(p.platform, p.tenant) for p in await pauses.standing(uow.session,
                                                                        list(senders))}  # fmt: skip
        await uow.commit()
    outcome = Dispatched()
    released: set[int] = set()
    for n, delivery in enumerate(batch):
        assert delivery.id is not None
        if delivery.id in released:
            continue
        where = (delivery.platform, delivery.tenant)
        hold = held.get(where)
        if hold is not None and hold.until > clock.now():
            rest = [d.id for d in batch[n:] if (d.platform, d.tenant) == where and d.id]
            async with uow:
                outcome.retried += await release(uow.session, rest, worker, hold.due_at)
                await uow.commit()
            released.update(rest)
            continue
        async with uow:
            ours = await renew(uow.session, delivery.id, worker, clock.now() + lease)
            await uow.commit()
        if not ours:
            continue  # the lease ran out mid-batch and another worker has it now
        step = await _send(senders[delivery.platform], delivery, clock)
        if step.hold is not None:
            held[where] = step.hold
        then = step.then
        if step.paused:
            paused.add(where)
        elif where in paused and step.heard:
            # Whatever paused this workspace is fixed.
            paused.discard(where)
            then = _lifting(where, then)
        if not await _record(uow, delivery, worker, step.values, then):
            continue
        status = step.values["status"]
        outcome.sent += status == DeliveryStatus.SENT
        outcome.failed += status == DeliveryStatus.FAILED
        outcome.retried += status == DeliveryStatus.PENDING
    return len(batch), outcome


async def _send(sender: Sender, delivery: Delivery, clock: Clock) -> Step:
    recipient = Recipient(delivery.platform, delivery.tenant, delivery.kind, delivery.target_id)
    try:
        await sender.send(recipient, load(delivery.payload), delivery.key)
    except SendFailed as failure:
        return _after(failure, delivery, recipient, clock.now())
    except Exception as error:  # noqa: BLE001 - an unknown failure is retried, and logged
        log.exception("sending %s failed", delivery.key)
        return _retry(delivery, repr(error)[:500], clock.now())
    return Step(
        {"status": DeliveryStatus.SENT, "sent_at": clock.now(), "last_error": None}, heard=True
    )


def _after(failure: SendFailed, delivery: Delivery, recipient: Recipient, now: datetime) -> Step:
    reason = failure.reason[:500]
    uncounted = max(0, delivery.attempts - 1)  # the claim counted an attempt
    if failure.paused:
        retry_at = now + pauses.PROBE_EVERY

        async def pause(session: AsyncSession) -> None:
            if await pauses.pause(session, delivery.platform, delivery.tenant, reason, now):
                log.warning("sending to %s %s paused: %s; deliveries wait and one is tried "
                            "every %d minutes", delivery.platform, delivery.tenant, reason,
                            pauses.PROBE_EVERY.seconds // 60)  # fmt: skip

        values = {"status": DeliveryStatus.PENDING, "attempts": uncounted, "last_error": reason}
        return Step(values, pause, Hold(retry_at, None), paused=True)
    if failure.rate_limited:
        due = now + timedelta(seconds=wait_seconds(failure.retry_after))
        values = {"status": DeliveryStatus.PENDING, "attempts": uncounted, "due_at": due,
                  "last_error": reason}  # fmt: skip
        return Step(values, hold=Hold(due, due))
    if failure.no_channel:
        log.warning("delivery %s failed for good: can't post in %s: %s", delivery.key,
                    recipient.target_id, reason)  # fmt: skip

        async def tell_linker(session: AsyncSession) -> None:
            await tell_linkers(session, recipient, reason, now)

        return Step({"status": DeliveryStatus.FAILED, "last_error": f"no channel: {reason}"}, tell_linker,
                    heard=True)  # fmt: skip
    if failure.unreachable:
        log.warning("delivery %s failed for good: %s can't be reached: %s", delivery.key,
                    recipient.target_id, reason)  # fmt: skip

        async def tell(session: AsyncSession) -> None:
            await tell_owners(session, recipient, reason, now)

        return Step({"status": DeliveryStatus.FAILED, "last_error": f"unreachable: {reason}"}, tell,
                    heard=True)  # fmt: skip
    if failure.permanent:
        log.warning("delivery %s failed for good: %s", delivery.key, reason)
        return Step({"status": DeliveryStatus.FAILED, "last_error": reason}, heard=True)
    return _retry(delivery, reason, now, outage=failure.outage)


def _retry(delivery: Delivery, reason: str, now: datetime, outage: bool = False) -> Step:
    """Again after a backoff; after MAX_ATTEMPTS of failures nobody explained, for good.
    An outage never gives up (the platform comes back, and the message is still due), and
    the rest of the workspace's batch waits with it rather than time out one by one."""
    if not outage and delivery.attempts >= MAX_ATTEMPTS:
        log.warning("delivery %s failed for good: %s", delivery.key, reason)
        return Step({"status": DeliveryStatus.FAILED, "last_error": reason})
    due = now + backoff(delivery.attempts)
    hold = Hold(due, due) if outage else None
    return Step({"status": DeliveryStatus.PENDING, "due_at": due, "last_error": reason}, hold=hold)


def _lifting(where: Where, then: Then | None) -> Then:
    async def lift(session: AsyncSession) -> None:
        if then is not None:
            await then(session)
        if await pauses.lift(session, *where):
            log.info("sending to %s %s resumed", *where)

    return lift


async def _record(
    uow: UnitOfWork, delivery: Delivery, worker: str, values: dict[str, object], then: Then | None
) -> bool:
    """Write the outcome, and what goes with it, only while the lease is ours: a worker
    that lost it must not overwrite. Returns whether it was written."""
    async with uow:
        written = await uow.session.exec(
            update(Delivery)  # type: ignore[call-overload]
            .where(
                col(Delivery.id) == delivery.id,
                col(Delivery.claimed_by) == worker,
                col(Delivery.status) == DeliveryStatus.CLAIMED,
            )  # fmt: skip
            .values(lease_until=None, **values)
            .returning(Delivery.id)
        )
        if written.first() is None:
            return False
        if then is not None:
            await then(uow.session)
        await uow.commit()
    return True


async def dispatch_due(
    uow: UnitOfWork, senders: dict[str, Sender], clock: Clock, worker: str, rounds: int = 100,
    going_on: Callable[[], bool] = lambda: True, *, lease: timedelta = LEASE,
) -> Dispatched:  # fmt: skip
    """Send everything due now (bounded), batch after batch, while ``going_on()``."""
    total = Dispatched()
    held: dict[Where, Hold] = {}  # a workspace that said "wait" is not asked again this pass
    for _ in range(rounds):
        if not going_on():
            break
        claimed, outcome = await dispatch_batch(uow, senders, clock, worker, lease=lease,
                                                held=held)  # fmt: skip
        total += outcome
        if not claimed:
            break
    return total
