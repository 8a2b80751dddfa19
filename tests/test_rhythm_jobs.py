"""The rhythm's jobs in a process: planning and sending run apart; the collector pause."""

from __future__ import annotations

import asyncio
import gc
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.rhythm import RhythmJobs, collector_paused, start_rhythm
from bot.settings import Settings
from governance.replies import Reply
from governance.rhythm.outbox import Outgoing, enqueue
from governance.sending import Recipient
from governance.tables import Delivery


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_for_a_pass_and_left_as_it_was(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("a failed pass")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


async def _queue(mlgov, platform: str, n: int) -> None:  # noqa: ANN001
    async with mlgov.uow() as uow:
        items = [Outgoing(f"note:{i}", Recipient(platform, "t", "person", f"u{i}"),
                          Reply(f"hello {i}")) for i in range(n)]  # fmt: skip
        await enqueue(uow.session, items, mlgov.clock.now())
        await uow.commit()


async def _statuses(mlgov) -> list[str]:  # noqa: ANN001
    async with mlgov.uow() as uow:
        return list(await uow.session.exec(select(Delivery.status).order_by(Delivery.id)))


async def test_a_queued_message_is_sent_within_seconds_not_at_the_next_planning_pass(mlgov):
    # A Teams message to a conversation the bot never saw fails for good on the first try:
    # a visible sign that the sending job took it, without any outside service.
    await _queue(mlgov, "teams", 1)
    jobs = start_rhythm(mlgov, Settings(database_url="unused"))
    try:
        for _ in range(200):
            statuses = await _statuses(mlgov)
            if statuses[0] not in ("pending", "claimed"):  # claimed: being sent right now
                break
            await asyncio.sleep(0.05)
        assert statuses == ["failed"]
        intervals = {job.id: job.trigger.interval for job in jobs.scheduler.get_jobs()}
        assert intervals == {"plan": timedelta(minutes=1), "send": timedelta(seconds=5)}
    finally:
        await jobs.stop()


class SlowSender:
    platform = "slow"

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, recipient: Recipient, reply: Reply, key: str) -> None:
        await asyncio.sleep(0.2)
        self.sent.append(key)


async def test_stopping_lets_the_batch_in_hand_finish_and_starts_no_other(mlgov, caplog):
    await _queue(mlgov, "slow", 5)
    sender = SlowSender()
    jobs = RhythmJobs(mlgov, {"slow": sender})
    jobs.start()
    for _ in range(100):
        if "claimed" in await _statuses(mlgov):
            break
        await asyncio.sleep(0.02)
    await jobs.stop()  # as on SIGTERM, mid-batch
    assert await _statuses(mlgov) == ["sent"] * 5  # nothing left claimed, nothing lost
    assert sorted(sender.sent) == [f"note:{i}" for i in range(5)]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert not jobs.scheduler.running
