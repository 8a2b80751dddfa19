"""The rhythm's jobs in a process: planning and sending run apart; the collector pause."""

from __future__ import annotations

import asyncio
import gc
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.rhythm import collector_paused, start_scheduler
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


async def test_a_queued_message_is_sent_within_seconds_not_at_the_next_planning_pass(mlgov):
    # A Teams message to a conversation the bot never saw fails for good on the first try:
    # a visible sign that the sending job took it, without any outside service.
    async with mlgov.uow() as uow:
        await enqueue(uow.session, [Outgoing("note:1", Recipient("teams", "t", "person", "aad"),
                                             Reply("hello"))], mlgov.clock.now())  # fmt: skip
        await uow.commit()
    scheduler = start_scheduler(mlgov, Settings(database_url="unused"))
    try:
        for _ in range(200):
            async with mlgov.uow() as uow:
                status = (await uow.session.exec(select(Delivery.status))).one()
            if status not in ("pending", "claimed"):  # claimed: being sent right now
                break
            await asyncio.sleep(0.05)
        assert status == "failed"
        jobs = {job.id: job.trigger.interval for job in scheduler.get_jobs()}
        assert jobs == {"plan": timedelta(minutes=1), "send": timedelta(seconds=5)}
    finally:
        scheduler.shutdown(wait=False)
