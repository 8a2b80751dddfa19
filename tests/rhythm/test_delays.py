"""Rate limits and a refused token delay deliveries; they never throw them away."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from adapters.slack.client import web_client
from adapters.slack.sender import SlackSender
from bot.settings import Settings
from bot.worker import list_deliveries, retry_deliveries
from governance.rhythm.dispatcher import Dispatched, dispatch_due
from governance.rhythm.outbox import MAX_ATTEMPTS
from tests.rhythm.conftest import deliveries_of, queue_notes
from tests.slack.fake_slack import FakeSlack


@pytest.fixture
async def slack(mlgov):
    fake = await FakeSlack().start()
    sender = SlackSender(web_client("xoxb-test", f"{fake.url}/api/", retry_rate_limits=False))
    yield fake, {"slack": sender}
    await fake.stop()


async def _send(mlgov, senders, worker: str = "w1"):  # noqa: ANN001, ANN202
    return await dispatch_due(mlgov.uow(), senders, mlgov.clock, worker)


async def test_a_429_is_not_a_failed_attempt(slack, mlgov, engine, clock):
    fake, senders = slack
    fake.rate_limited["chat.postMessage"] = 3 * MAX_ATTEMPTS
    await queue_notes(engine, 1, now=clock.now())
    for _ in range(4 * MAX_ATTEMPTS):
        await _send(mlgov, senders)
        clock.advance(seconds=1)  # the fake's Retry-After
    (row,) = await deliveries_of(engine)
    assert (row.status, row.attempts) == ("sent", 1)
    assert len(fake.of("chat.postMessage:429")) == 3 * MAX_ATTEMPTS
    assert len(fake.of("chat.postMessage")) == 1


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("1", 1), ("1.5", 1.5), ("0", 1), ("-5", 1), ("1e12", 900), ("inf", 900),
     ("nan", 5), ("soon", 5), (None, 5)],
)  # fmt: skip
async def test_any_retry_after_is_honoured_within_bounds(slack, mlgov, engine, clock, header,
                                                         seconds):  # fmt: skip
    fake, senders = slack
    fake.rate_limited["chat.postMessage"], fake.retry_after = 1, header
    await queue_notes(engine, 1, now=clock.now())
    outcome = await _send(mlgov, senders)
    assert (outcome.sent, outcome.retried, outcome.failed) == (0, 1, 0)
    (row,) = await deliveries_of(engine)
    assert (row.status, row.attempts) == ("pending", 0)
    assert row.due_at == clock.now() + timedelta(seconds=seconds)


async def test_a_429_holds_back_the_rest_of_that_workspaces_batch(slack, mlgov, engine, clock):
    fake, senders = slack
    fake.rate_limited["chat.postMessage"] = 1
    await queue_notes(engine, 5, now=clock.now())
    first = await _send(mlgov, senders)
    assert (first.sent, first.retried) == (0, 5)
    assert len(fake.calls) == 1  # one 429, and no more asking while it lasts
    clock.advance(seconds=1)
    assert (await _send(mlgov, senders)).sent == 5
    assert [(r.status, r.attempts) for r in await deliveries_of(engine)] == [("sent", 1)] * 5


async def test_an_outage_is_retried_for_as_long_as_it_lasts(slack, mlgov, engine, clock):
    fake, senders = slack
    fake.errors["chat.postMessage"] = "service_unavailable"
    await queue_notes(engine, 2, now=clock.now())
    for _ in range(MAX_ATTEMPTS + 4):  # half a day of Slack being down
        outcome = await _send(mlgov, senders)
        assert (outcome.failed, outcome.retried) == (0, 2)
        clock.advance(hours=1)
    # One try per workspace each time: the other message waited with the first.
    assert len(fake.of("chat.postMessage")) == MAX_ATTEMPTS + 4
    del fake.errors["chat.postMessage"]
    assert (await _send(mlgov, senders)).sent == 2


async def test_a_revoked_token_pauses_the_workspace_and_says_so(
    slack, mlgov, engine, clock, database_url, capsys, caplog
):
    fake, senders = slack
    fake.errors["chat.postMessage"] = "token_revoked"
    await queue_notes(engine, 3, now=clock.now())
    await queue_notes(engine, 1, team="T0OTHER", now=clock.now())
    with caplog.at_level(logging.WARNING, logger="mlgov.dispatch"):
        first = await _send(mlgov, senders)
        assert first.failed == 0
        assert len(fake.of("chat.postMessage")) == 2  # one for T0TEST, one for T0OTHER
        assert await _statuses(engine) == ["pending"] * 4
        assert await _send(mlgov, senders) == Dispatched()  # paused: nothing is tried
        assert len(fake.of("chat.postMessage")) == 2
        clock.advance(minutes=5)  # one probe per workspace; still refused
        await _send(mlgov, senders)
        assert len(fake.of("chat.postMessage")) == 4
    paused = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in paused] == [
        "sending to slack T0TEST paused: token_revoked — fix SLACK_BOT_TOKEN; "
        "deliveries wait and one is tried every 5 minutes",
        "sending to slack T0OTHER paused: token_revoked — fix SLACK_BOT_TOKEN; "
        "deliveries wait and one is tried every 5 minutes",
    ]
    assert [r.attempts for r in await deliveries_of(engine)] == [0] * 4
    await list_deliveries(Settings(database_url=database_url), failed_only=False)
    lines = capsys.readouterr().out.splitlines()
    since, retry = clock.now() - timedelta(minutes=5), clock.now() + timedelta(minutes=5)
    assert lines[:2] == [
        f"sending to slack T0OTHER paused since {since:%Y-%m-%d %H:%M} UTC: token_revoked — "
        f"fix SLACK_BOT_TOKEN; next try {retry:%Y-%m-%d %H:%M} UTC",
        f"sending to slack T0TEST paused since {since:%Y-%m-%d %H:%M} UTC: token_revoked — "
        f"fix SLACK_BOT_TOKEN; next try {retry:%Y-%m-%d %H:%M} UTC",
    ]
    del fake.errors["chat.postMessage"]  # someone fixed the token
    clock.advance(minutes=5)
    resumed = await _send(mlgov, senders)
    assert (resumed.sent, resumed.failed) == (4, 0)
    assert len(fake.of("chat.postMessage")) == 8
    await list_deliveries(Settings(database_url=database_url), failed_only=False)
    assert "paused" not in capsys.readouterr().out


async def _statuses(engine) -> list[str]:  # noqa: ANN001
    return [r.status for r in await deliveries_of(engine)]


async def test_a_probe_refused_for_another_reason_lifts_the_pause(slack, mlgov, engine, clock):
    fake, senders = slack
    fake.errors["chat.postMessage"] = "invalid_auth"
    await queue_notes(engine, 2, now=clock.now())
    assert (await _send(mlgov, senders)).retried == 2
    fake.errors["chat.postMessage"] = "channel_not_found"  # the token works again
    clock.advance(minutes=5)
    assert (await _send(mlgov, senders)).failed == 2  # the probe, then the other one
    assert await _statuses(engine) == ["failed", "failed"]
    assert len(fake.of("chat.postMessage")) == 3


async def test_failed_deliveries_can_be_queued_again(slack, mlgov, engine, clock, database_url,
                                                     capsys):  # fmt: skip
    fake, senders = slack
    fake.errors["chat.postMessage"] = "channel_not_found"
    await queue_notes(engine, 3, now=clock.now())
    assert (await _send(mlgov, senders)).failed == 3
    settings = Settings(database_url=database_url)
    assert await retry_deliveries(settings, "2") == 0
    assert capsys.readouterr().out == "re-queued 1 failed delivery\n"
    rows = await deliveries_of(engine)
    assert [(r.status, r.attempts) for r in rows] == [("failed", 1), ("pending", 0), ("failed", 1)]
    assert rows[1].last_error == "Slack: channel_not_found"  # kept until the next try
    assert abs(rows[1].due_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert await retry_deliveries(settings, "all-failed") == 0
    assert capsys.readouterr().out == "re-queued 2 failed deliveries\n"
    del fake.errors["chat.postMessage"]
    clock.set(datetime.now(UTC) + timedelta(seconds=1))
    assert (await _send(mlgov, senders)).sent == 3
    assert await retry_deliveries(settings, "all-failed") == 0
    assert capsys.readouterr().out == "re-queued 0 failed deliveries\n"
