"""`mlgov tick`, `mlgov worker` and `mlgov deliveries`: the clock around the rhythm."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from datetime import UTC, datetime

from sqlmodel import col, select

from bot.app import open_mlgov
from bot.senders import build_senders
from bot.settings import Settings
from governance.clock import FixedClock
from governance.errors import ConfigError
from governance.rhythm.dispatcher import Dispatched, dispatch_due
from governance.rhythm.store import plan_and_queue
from governance.service import Mlgov
from governance.tables import Delivery

log = logging.getLogger("mlgov.worker")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def one_pass(mlgov: Mlgov, settings: Settings) -> tuple[int, int, Dispatched]:
    """Plan what is due now, queue it, and send what is due: one tick."""
    async with mlgov.uow() as uow:
        opened, queued = await plan_and_queue(uow.session, mlgov.policy, mlgov.clock.now())
        await uow.commit()
    sent = await dispatch_due(
        mlgov.uow(), build_senders(settings, mlgov), mlgov.clock, worker_name()
    )
    return opened, queued, sent


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
        await mlgov.engine.dispose()
    print(
        f"planned at {mlgov.clock.now().isoformat()}: {opened} check-in round(s), "
        f"{queued} message(s) queued; sent {sent.sent}, retrying {sent.retried}, "
        f"failed {sent.failed}"
    )
    return 0


async def worker(settings: Settings) -> int:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    mlgov = await open_mlgov(settings)
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(pass_logged, "interval", minutes=1, args=[mlgov, settings],
                      next_run_time=datetime.now(UTC), coalesce=True, max_instances=1)  # fmt: skip
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    scheduler.start()
    print("mlgov worker: one planning-and-delivery pass a minute", flush=True)
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        await mlgov.engine.dispose()
    return 0


async def pass_logged(mlgov: Mlgov, settings: Settings) -> None:
    try:
        opened, queued, sent = await one_pass(mlgov, settings)
        if opened or queued or sent.sent or sent.failed:
            log.info("rounds %s, queued %s, sent %s, retrying %s, failed %s",
                     opened, queued, sent.sent, sent.retried, sent.failed)  # fmt: skip
    except Exception:  # noqa: BLE001 - the next minute tries again
        log.exception("rhythm pass failed")


async def list_deliveries(settings: Settings, failed_only: bool) -> int:
    mlgov = await open_mlgov(settings)
    try:
        async with mlgov.uow() as uow:
            query = select(Delivery).order_by(col(Delivery.id))
            if failed_only:
                query = query.where(Delivery.status == "failed")
            lines = [
                f"{d.id}\t{d.status}\t{d.platform}:{d.kind}:{d.target_id}\t{d.key}\t"
                f"attempts {d.attempts}" + (f" — {d.last_error}" if d.last_error else "")
                for d in await uow.session.exec(query)
            ]
    finally:
        await mlgov.engine.dispose()
    print("\n".join(lines) if lines else "no failed deliveries" if failed_only else "no deliveries")
    return 0
