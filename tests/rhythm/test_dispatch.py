"""The dispatcher sends each delivery once, honours Retry-After, and keeps failures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.slack.blocks import pressed
from adapters.slack.client import web_client
from adapters.slack.sender import SlackSender
from bot.settings import Settings
from bot.worker import list_deliveries
from governance.commands import RecordCheckin
from governance.context import Actor
from governance.phases import CheckinStatus
from governance.rhythm.dispatcher import dispatch_due
from tests.rhythm.conftest import Rhythm, utc
from tests.slack.fake_slack import FakeSlack

ALICE = Actor("slack", "T0TEST", "U0ALICE", "Alice Owner", "Europe/Berlin")
MONDAY_SLOT = utc(2026, 3, 2, 8, 30)


@pytest.fixture
async def slack_team(mlgov, clock):
    clock.set(utc(2026, 2, 20, 12))
    await mlgov.handle("new Churn Model", ALICE)
    fake = await FakeSlack().start()
    sender = SlackSender(web_client("xoxb-test", f"{fake.url}/api/", retry_rate_limits=False))
    yield Rhythm(mlgov), fake, {"slack": sender}
    await fake.stop()


async def test_a_prompt_reaches_slack_once(slack_team, mlgov):
    rhythm, fake, senders = slack_team
    await rhythm.tick(MONDAY_SLOT + timedelta(minutes=1))
    sent = await dispatch_due(mlgov.uow(), senders, mlgov.clock, "w1")
    again = await dispatch_due(mlgov.uow(), senders, mlgov.clock, "w2")
    assert (sent.sent, again.sent) == (1, 0)
    (post,) = fake.of("chat.postMessage")
    assert post.params["channel"] == "U0ALICE"
    assert post.params["text"] == "How is Churn Model going this week?"
    buttons = [pressed(e["value"]).command for b in post.params["blocks"]
               if b["type"] == "actions" for e in b["elements"]]  # fmt: skip
    assert buttons == [RecordCheckin("churn-model", status) for status in CheckinStatus]


async def test_429_is_honoured_and_nothing_is_lost_or_doubled(slack_team, mlgov, clock):
    rhythm, fake, senders = slack_team
    fake.rate_limited["chat.postMessage"] = 1
    await rhythm.tick(MONDAY_SLOT + timedelta(minutes=1))
    first = await dispatch_due(mlgov.uow(), senders, clock, "w1")
    assert (first.sent, first.retried) == (0, 1)
    again = await dispatch_due(mlgov.uow(), senders, clock, "w1")  # Retry-After: 1 s not over
    assert (again.sent, again.retried) == (0, 0)
    clock.advance(seconds=1)
    later = await dispatch_due(mlgov.uow(), senders, clock, "w1")
    assert later.sent == 1
    assert len(fake.of("chat.postMessage:429")) == 1 and len(fake.of("chat.postMessage")) == 1


async def test_a_permanent_failure_is_kept_and_listed(slack_team, mlgov, database_url, capsys):
    rhythm, fake, senders = slack_team
    fake.errors["chat.postMessage"] = "channel_not_found"
    await rhythm.tick(MONDAY_SLOT + timedelta(minutes=1))
    result = await dispatch_due(mlgov.uow(), senders, mlgov.clock, "w1")
    assert result.failed == 1
    await list_deliveries(Settings(database_url=database_url), failed_only=True)
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert "\tfailed\tslack:person:U0ALICE\tprompt:" in line
    assert line.endswith("attempts 1 — Slack: channel_not_found")


async def test_a_crashed_workers_claim_comes_back_after_its_lease(slack_team, mlgov, clock):
    from governance.rhythm.outbox import claim

    rhythm, fake, senders = slack_team
    await rhythm.tick(MONDAY_SLOT + timedelta(minutes=1))
    async with mlgov.uow() as uow:  # a worker claims, then dies without sending
        assert len(await claim(uow.session, "dead", clock.now(), ["slack"])) == 1
        await uow.commit()
    assert (await dispatch_due(mlgov.uow(), senders, clock, "w2")).sent == 0  # lease held
    clock.advance(minutes=3)
    assert (await dispatch_due(mlgov.uow(), senders, clock, "w2")).sent == 1
    assert len(fake.of("chat.postMessage")) == 1
