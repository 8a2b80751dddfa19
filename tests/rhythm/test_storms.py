"""Bad weather on PostgreSQL with the real dispatcher: a long 429 storm, and a Slack so slow
that a batch outlives its lease while other workers wait for it."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import timedelta

import pytest

from adapters.slack.client import web_client
from adapters.slack.sender import SlackSender
from bot.db import create_engine
from governance.clock import SystemClock
from governance.rhythm.dispatcher import dispatch_due
from governance.uow import UnitOfWork, session_factory
from tests.rhythm.conftest import deliveries_of, queue_notes
from tests.slack.fake_slack import FakeSlack

pytestmark = pytest.mark.postgres


async def _workers(url: str, api: str, count: int, until: float, **options) -> None:  # noqa: ANN003
    """``count`` dispatchers, each with an engine of its own, sending every half second
    until nothing is left to send or the wall clock reaches ``until``."""
    engines = [create_engine(url) for _ in range(count)]

    async def work(engine, name: str) -> None:  # noqa: ANN001
        sender = SlackSender(web_client("xoxb-test", api, retry_rate_limits=False))
        while time.monotonic() < until:
            await dispatch_due(UnitOfWork(session_factory(engine)), {"slack": sender},
                               SystemClock(), name, **options)  # fmt: skip
            if all(d.status == "sent" for d in await deliveries_of(engine)):
                return
            await asyncio.sleep(0.5)

    try:
        await asyncio.gather(*(work(e, f"w{n}") for n, e in enumerate(engines)))
    finally:
        for engine in engines:
            await engine.dispose()


async def test_45_seconds_of_429_delay_every_message_and_lose_none(shared_database):
    url, engine = shared_database
    await queue_notes(engine, 100)
    fake = await FakeSlack().start()  # Retry-After: 1
    try:
        fake.rate_limit_for("chat.postMessage", 45)
        await _workers(url, f"{fake.url}/api/", 2, time.monotonic() + 120)
        assert len(fake.of("chat.postMessage:429")) >= 45  # the storm did blow
        channels = Counter(c.params["channel"] for c in fake.of("chat.postMessage"))
        assert len(channels) == 100 and set(channels.values()) == {1}
        assert Counter(d.status for d in await deliveries_of(engine)) == Counter({"sent": 100})
    finally:
        await fake.stop()


async def test_a_slow_slack_never_gets_a_message_twice_from_three_workers(shared_database):
    url, engine = shared_database
    await queue_notes(engine, 8)
    fake = await FakeSlack(delay=3).start()  # 3 s a post: one worker's batch outlives 5 s
    try:
        await _workers(url, f"{fake.url}/api/", 3, time.monotonic() + 120,
                       lease=timedelta(seconds=5))  # fmt: skip
        channels = Counter(c.params["channel"] for c in fake.of("chat.postMessage"))
        assert len(channels) == 8
        assert [c for c, n in channels.items() if n > 1] == []
        assert Counter(d.status for d in await deliveries_of(engine)) == Counter({"sent": 8})
    finally:
        await fake.stop()


async def test_claiming_around_a_pause_still_reads_only_the_waiting_deliveries(shared_database):
    from datetime import UTC, datetime

    from governance.rhythm import pauses
    from governance.rhythm.outbox import claim
    from governance.service import Mlgov
    from tests.migrations.test_indexes import _plan_of

    url, engine = shared_database
    now = datetime.now(UTC)
    mlgov = Mlgov(engine)
    async with mlgov.uow() as uow:
        await pauses.pause(uow.session, "slack", "T0PAUSED", "token_revoked", now)
        await uow.commit()
    plan = await _plan_of(
        mlgov, lambda session: claim(session, "w1", now, ["slack"]), "FOR UPDATE SKIP LOCKED"
    )
    # The paused workspace is left out by a filter on the same index scan.
    assert "ix_delivery_waiting" in plan and "<> 'T0PAUSED'" in plan, plan
