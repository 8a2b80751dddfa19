"""`mlgov tick`, `mlgov worker` and `mlgov deliveries`: the clock around the rhythm."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime

from sqlalchemy import update
from sqlmodel import col, func, select

from bot.app import open_mlgov
from bot.recovery import start_recovery
from bot.rhythm import SEND_EVERY_SECONDS, one_pass, start_rhythm
from bot.settings import Settings
from governance.clock import FixedClock
from governance.errors import ConfigError
from governance.rhythm import pauses
from governance.states import DeliveryStatus, Platform
from governance.tables import Delivery


def parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(
            f"--now: {text!r} is not an ISO-8601 time, like 2026-03-02T09:30:00Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def tick(settings: Settings, now: str | None) -> int:
    clock = FixedClock(parse_now(now)) if now else None
    mlgov = await open_mlgov(settings, clock=clock)
    try:
        opened, queued, sent = await one_pass(mlgov, settings)
    finally:
        await mlgov.close()
    print(
        f"planned at {mlgov.clock.now().isoformat()}: {opened} check-in round(s), "
        f"{queued} message(s) queued; sent {sent.sent}, retrying {sent.retried}, "
        f"failed {sent.failed}"
    )
    return 0


async def worker(settings: Settings) -> int:
    mlgov = await open_mlgov(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    jobs = start_rhythm(mlgov, settings)
    recovery = start_recovery(mlgov, settings)
    print(
        f"mlgov worker: planning once a minute, sending every {SEND_EVERY_SECONDS} seconds",
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        await recovery.stop()
        await jobs.stop()
        await mlgov.close()
    return 0


async def list_deliveries(settings: Settings, failed_only: bool, last: int = 100) -> int:
    """The newest ``last`` deliveries (all when 0), oldest first: the outbox keeps every
    message it sent, so the whole of it is rarely what anyone wants to read. Paused
    workspaces come first: nothing goes there until someone acts."""
    mlgov = await open_mlgov(settings)
    try:
        async with mlgov.uow() as uow:
            paused = [
                f"sending to {p.platform} {p.tenant} paused since {_moment(p.since)}: "
                f"{p.reason}; next try {_moment(p.retry_at)}"
                for p in await pauses.standing(uow.session, list(Platform))
            ]
            which = [col(Delivery.status) == DeliveryStatus.FAILED] if failed_only else []
            query = select(Delivery).where(*which).order_by(col(Delivery.id).desc())
            rows = list(await uow.session.exec(query.limit(last) if last else query))
            counting = select(func.count()).select_from(Delivery).where(*which)
            total = (await uow.session.exec(counting)).one()
            lines = [
                f"{d.id}\t{d.status}\t{d.platform}:{d.kind}:{d.target_id}\t{d.key}\t"
                f"attempts {d.attempts}" + (f" — {d.last_error}" if d.last_error else "")
                for d in reversed(rows)
            ]
    finally:
        await mlgov.close()
    if paused:
        print("\n".join(paused))
    if not lines:
        print("no failed deliveries" if failed_only else "no deliveries")
        return 0
    if total > len(lines):
        print(f"the newest {len(lines):,} of {total:,}; `--last 0` lists them all")
    print("\n".join(lines))
    return 0


def _moment(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


async def retry_deliveries(settings: Settings, which: str) -> int:
    """`mlgov deliveries --retry <id|all-failed>`: failed deliveries go back to the queue,
    due now, with their attempts reset; the last error stays until the next try."""
    wanted = None if which == "all-failed" else _delivery_id(which)
    mlgov = await open_mlgov(settings)
    try:
        async with mlgov.uow() as uow:
            if wanted is not None:
                status = (
                    await uow.session.exec(select(Delivery.status).where(Delivery.id == wanted))
                ).first()
                if status is None:
                    raise ConfigError(f"--retry: there is no delivery {wanted}")
                if status != DeliveryStatus.FAILED:
                    raise ConfigError(f"--retry: delivery {wanted} has not failed (it is {status})")
            chosen = [col(Delivery.id) == wanted] if wanted is not None else []
            requeued = await uow.session.exec(
                update(Delivery)  # type: ignore[call-overload]
                .where(col(Delivery.status) == DeliveryStatus.FAILED, *chosen)
                .values(
                    status=DeliveryStatus.PENDING,
                    due_at=mlgov.clock.now(),
                    attempts=0,
                    lease_until=None,
                )  # fmt: skip
                .returning(Delivery.id)
            )
            count = len(requeued.all())
            await uow.commit()
    finally:
        await mlgov.close()
    print(f"re-queued {count} failed deliver{'y' if count == 1 else 'ies'}")
    return 0


def _delivery_id(text: str) -> int:
    if not text.isdigit() or len(text) > 18:
        raise ConfigError(f"--retry: {text!r} is not a delivery id or all-failed")
    return int(text)
