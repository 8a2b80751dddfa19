"""Several worker processes on one PostgreSQL database: every delivery arrives once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from governance.uow import UnitOfWork, session_factory
from tests.rhythm.conftest import queue_notes
from tests.slack.fake_slack import FakeSlack

pytestmark = pytest.mark.postgres


def _tick(url: str, api: str, *extra: str):  # noqa: ANN202
    env = {**os.environ, "MLGOV_DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-test",
           "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": api}  # fmt: skip
    return asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "tick", *extra, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _statuses(engine) -> Counter:  # noqa: ANN001
    from sqlmodel import select

    from governance.tables import Delivery

    async with UnitOfWork(session_factory(engine)) as uow:
        return Counter(await uow.session.exec(select(Delivery.status)))


async def test_three_workers_deliver_1000_messages_exactly_once(shared_database):
    url, engine = shared_database
    await queue_notes(engine, 1000)
    fake = await FakeSlack().start()
    try:
        workers = [await _tick(url, f"{fake.url}/api/") for _ in range(3)]
        results = await asyncio.gather(*(w.communicate() for w in workers))
        for worker, (_out, err) in zip(workers, results, strict=True):
            assert worker.returncode == 0, err.decode()[-2000:]
        channels = Counter(c.params["channel"] for c in fake.of("chat.postMessage"))
        assert len(channels) == 1000 and set(channels.values()) == {1}
        sent_by = [int(out.decode().split("sent ")[1].split(",")[0]) for out, _ in results]
        assert sum(sent_by) == 1000 and sum(1 for s in sent_by if s) >= 2  # they shared it
        assert await _statuses(engine) == Counter({"sent": 1000})
    finally:
        await fake.stop()


async def test_a_worker_killed_mid_batch_loses_nothing(shared_database):
    url, engine = shared_database
    await queue_notes(engine, 60)
    fake = await FakeSlack(delay=0.05).start()
    try:
        worker = await _tick(url, f"{fake.url}/api/")
        await fake.wait_for("chat.postMessage", 10, within=60)
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
        statuses = await _statuses(engine)
        assert statuses["sent"] < 60 and statuses["claimed"] > 0  # it died holding a lease
        fake.delay = 0
        # A restarted worker after the lease (2 minutes) has run out.
        later = (datetime.now(UTC) + timedelta(minutes=3)).isoformat()
        restarted = await _tick(url, f"{fake.url}/api/", "--now", later)
        out, err = await restarted.communicate()
        assert restarted.returncode == 0, err.decode()[-2000:]
        assert await _statuses(engine) == Counter({"sent": 60})
        channels = Counter(c.params["channel"] for c in fake.of("chat.postMessage"))
        assert len(channels) == 60  # nothing lost
        # At most the one message in flight at the kill can have gone twice.
        assert sum(channels.values()) - 60 <= 1
    finally:
        await fake.stop()
