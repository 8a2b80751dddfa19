"""Proactive messages reach the connector from a stored reference, through retries."""

from __future__ import annotations

import pytest

from adapters.teams.http import build_adapter
from adapters.teams.proactive import TeamsSender
from bot.settings import Settings
from governance.replies import Reply
from governance.sending import Recipient, SendFailed
from tests.teams.conftest import card_of, headline

ALICE = Recipient("teams", "tenant-1", "person", "aad-alice")


@pytest.fixture
async def sender(teams, mlgov):
    await teams.say("help")  # Alice talks to the bot once: her reference is stored
    waits: list[float] = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    adapter = build_adapter(Settings(database_url="unused"))
    return TeamsSender(adapter, mlgov, None, sleep=no_sleep), waits


async def test_a_proactive_message_reaches_the_person(teams, sender):
    send, _ = sender
    await send.send(ALICE, Reply(text="Time to check in on churn-model."), "checkin:1")
    (_, proactive) = await teams.connector.wait_for(2)
    assert proactive.conversation_id == "a:1personal-alice"
    assert headline(card_of(proactive.activity)) == "Time to check in on churn-model."


@pytest.mark.parametrize("status", [429, 412, 502, 504])
async def test_busy_answers_are_retried(teams, sender, status):
    send, waits = sender
    teams.connector.failures = [status, status]
    await send.send(ALICE, Reply(text="Review due."), "review:1")
    await teams.connector.wait_for(2)
    assert waits == [0.0, 0.0]  # the fake says Retry-After: 0, and it is honoured


async def test_giving_up_hands_back_a_retry_time(teams, sender):
    send, waits = sender
    teams.connector.failures = [429] * 10
    with pytest.raises(SendFailed) as failed:
        await send.send(ALICE, Reply(text="x"), "x:1")
    assert not failed.value.permanent and failed.value.retry_after is not None
    assert len(waits) == 3


async def test_nobody_to_write_to_is_permanent(sender):
    send, _ = sender
    with pytest.raises(SendFailed) as failed:
        await send.send(
            Recipient("teams", "tenant-1", "person", "aad-nobody"), Reply(text="x"), "k"
        )
    assert failed.value.permanent


async def test_a_long_retry_after_goes_back_to_the_queue_at_once(teams, sender):
    send, waits = sender
    teams.connector.failures, teams.connector.retry_after = [429] * 10, "120"
    before = teams.connector.attempts
    with pytest.raises(SendFailed) as failed:
        await send.send(ALICE, Reply(text="x"), "x:1")
    assert failed.value.retry_after == 120 and not failed.value.permanent
    assert waits == [] and teams.connector.attempts == before + 1
