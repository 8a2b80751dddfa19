"""The rhythm's jobs: planning once a minute, sending every few seconds.

They are separate so that a long fan-out (thousands of prompts paced to Slack's limits
take minutes) never holds up the next planning pass, and a message queued by one pass
goes out within seconds rather than at the next minute.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text

from bot.senders import build_senders
from bot.settings import Settings
from governance.rhythm.dispatcher import Dispatched, dispatch_due
from governance.rhythm.store import plan_and_queue
from governance.sending import Sender
from governance.service import Mlgov
from governance.workers import worker_name

log = logging.getLogger("mlgov.rhythm")

SEND_EVERY_SECONDS = 5
PASS_SECONDS = 300
STOP_WAIT_SECONDS = 30  # a batch of 50 paced to Slack's limits takes about one second


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep CPython's cyclic garbage collector out of a planning pass.

    A pass over a large organisation holds a few hundred thousand small objects until it
    ends, and the generational collector would sweep them again and again: a third of the
    pass at 10,000 projects (bench/fanout.py). They hold no cycles, so reference counting
    frees them when the pass ends; the collector is back on straight after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def plan_due(mlgov: Mlgov) -> tuple[int, int]:
    """One planning pass in one unit of work: (rounds opened or skipped, messages queued)."""
    with collector_paused():
        async with mlgov.uow() as uow:
            if uow.session.bind is not None and uow.session.bind.dialect.name == "postgresql":
                # A whole organisation's pass is not a chat command: it may take longer than
                # the few seconds a person is kept waiting (MLGOV_DB_STATEMENT_TIMEOUT).
                await uow.session.exec(text(f"SET LOCAL statement_timeout = '{PASS_SECONDS}s'"))  # type: ignore[call-overload]
            result = await plan_and_queue(uow.session, mlgov.policy, mlgov.clock.now())
            await uow.commit()
    return result


async def send_due(
    mlgov: Mlgov, senders: dict[str, Sender], going_on: Callable[[], bool] = lambda: True
) -> Dispatched:
    """Send what is due, batch after batch, while ``going_on()``."""
    return await dispatch_due(mlgov.uow(), senders, mlgov.clock, worker_name(),
                              going_on=going_on)  # fmt: skip


async def one_pass(mlgov: Mlgov, settings: Settings) -> tuple[int, int, Dispatched]:
    """Plan what is due now, queue it, and send what is due: `mlgov tick`."""
    opened, queued = await plan_due(mlgov)
    return opened, queued, await send_due(mlgov, build_senders(settings, mlgov))


class RhythmJobs:
    """Both jobs on an AsyncIOScheduler; each skips a turn while its last one runs.

    ``stop`` is graceful: no new turns start, a sending job ends after the batch in hand,
    and both are awaited (up to ``STOP_WAIT_SECONDS``) before the scheduler goes, so a deploy's
    SIGTERM leaves no half-recorded batch behind.
    """

    def __init__(self, mlgov: Mlgov, senders: dict[str, Sender]) -> None:
        self.mlgov = mlgov
        self.senders = senders
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._running: set[asyncio.Task] = set()
        self._stopping = False

    def start(self) -> None:
        now = datetime.now(UTC)
        self.scheduler.add_job(self._planned, "interval", minutes=1, next_run_time=now,
                               coalesce=True, max_instances=1, id="plan")  # fmt: skip
        self.scheduler.add_job(self._sent, "interval", seconds=SEND_EVERY_SECONDS,
                               next_run_time=now, coalesce=True, max_instances=1,
                               id="send")  # fmt: skip
        self.scheduler.start()

    async def stop(self) -> None:
        self._stopping = True
        self.scheduler.pause()
        if self._running:
            await asyncio.wait(self._running, timeout=STOP_WAIT_SECONDS)
        self.scheduler.shutdown(wait=False)

    async def _planned(self) -> None:
        with self._tracked():
            try:
                opened, queued = await plan_due(self.mlgov)
                if opened or queued:
                    log.info("planned: %s check-in round(s), %s message(s) queued", opened, queued)
            except Exception:  # noqa: BLE001 - the next minute tries again; nothing was committed
                log.exception("planning pass failed")

    async def _sent(self) -> None:
        with self._tracked():
            try:
                sent = await send_due(self.mlgov, self.senders, lambda: not self._stopping)
                if sent.sent or sent.retried or sent.failed:
                    log.info(
                        "sent %s, retrying %s, failed %s", sent.sent, sent.retried, sent.failed
                    )
            except Exception:  # noqa: BLE001 - claimed deliveries come back when their lease ends
                log.exception("sending failed")

    @contextmanager
    def _tracked(self) -> Iterator[None]:
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            yield
        finally:
            self._running.discard(task)


def start_rhythm(mlgov: Mlgov, settings: Settings) -> RhythmJobs:
    jobs = RhythmJobs(mlgov, build_senders(settings, mlgov))
    jobs.start()
    return jobs
