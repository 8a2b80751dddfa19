"""Proactive messages reach the connector from a stored reference, through retries."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from adapters.teams.http import build_adapter
from adapters.teams.proactive import TeamsSender
from bot.settings import Settings
from governance.context import Actor
from governance.replies import Reply
from governance.rhythm.dispatcher import dispatch_due
from governance.rhythm.outbox import Outgoing, enqueue
from governance.sending import Recipient, SendFailed
from governance.tables import Delivery
from tests.teams.conftest import activity, card_of, headline

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


async def test_refused_credentials_pause_the_tenant(teams, sender):
    send, _ = sender
    teams.connector.failures = [401]
    with pytest.raises(SendFailed) as failed:
        await send.send(ALICE, Reply(text="x"), "x:1")
    assert failed.value.paused and not failed.value.permanent
    assert "fix MICROSOFT_APP_ID" in failed.value.reason


async def test_a_person_who_removed_the_bot_is_unreachable(teams, sender):
    send, _ = sender
    teams.connector.failures = [403]
    with pytest.raises(SendFailed) as failed:
        await send.send(ALICE, Reply(text="x"), "x:1")
    assert failed.value.unreachable


async def test_a_long_retry_after_goes_back_to_the_queue_at_once(teams, sender):
    send, waits = sender
    teams.connector.failures, teams.connector.retry_after = [429] * 10, "120"
    before = teams.connector.attempts
    with pytest.raises(SendFailed) as failed:
        await send.send(ALICE, Reply(text="x"), "x:1")
    assert failed.value.retry_after == 120 and not failed.value.permanent
    assert waits == [] and teams.connector.attempts == before + 1


# Someone who never wrote to the bot: a member added by a mention in a channel.
CAROL = Recipient("teams", "tenant-1", "person", "aad-carol")
UNREACHABLE = ("Carol ML can't get mlgov's messages in Teams yet: ask them to open a chat "
               "with mlgov (Apps → mlgov → Chat) or add mlgov to a team they are in.")  # fmt: skip


@pytest.fixture
async def carol_added_in_a_channel(teams, sender, mlgov):
    """Alice starts a project in a channel (the bot is in that team) and adds Carol by
    mentioning her there; Carol never writes to the bot."""
    body = activity("channel_mention", teams.connector.url, text="<at>mlgov</at> new Churn Model")
    body["entities"] = body["entities"][:1]
    assert await teams.post(body) in (200, 201)
    teams.count += 1
    await teams.connector.wait_for(teams.count)
    alice = Actor("teams", "tenant-1", "aad-alice", "Alice Owner")
    await mlgov.handle("member churn-model add <@aad-carol|Carol ML> role:ml", alice)
    return sender[0]


async def test_a_member_who_never_wrote_gets_a_chat_opened_from_the_team(
    teams, carol_added_in_a_channel, mlgov
):
    send = carol_added_in_a_channel
    await send.send(CAROL, Reply(text="How is Churn Model going this week?"), "prompt:1")
    (created,) = teams.connector.created
    assert created["members"] == [{"id": "aad-carol"}]
    assert (created["isGroup"], created["tenantID"]) == (False, "tenant-1")  # botbuilder's spelling
    assert created["channelData"] == {"tenant": {"id": "tenant-1"}}
    assert created["bot"]["id"] == "28:mlgov-bot"
    prompt = (await teams.connector.wait_for(teams.count + 1))[-1]
    assert prompt.conversation_id == "a:1created-1"
    assert headline(card_of(prompt.activity)) == "How is Churn Model going this week?"
    stored = await mlgov.conversation("teams", "tenant-1", "person", "aad-carol")
    assert stored is not None and "a:1created-1" in stored
    await send.send(CAROL, Reply(text="Reminder."), "reminder:1")  # the chat is kept
    assert len(teams.connector.created) == 1
    assert (await teams.connector.wait_for(teams.count + 2))[-1].conversation_id == "a:1created-1"


@pytest.mark.parametrize("status", [403, 404])
async def test_a_member_the_bot_cannot_reach_is_unreachable(teams, carol_added_in_a_channel,
                                                            status):  # fmt: skip
    teams.connector.refuse_create = status
    with pytest.raises(SendFailed) as failed:
        await carol_added_in_a_channel.send(CAROL, Reply(text="x"), "prompt:1")
    assert failed.value.unreachable and failed.value.permanent
    assert failed.value.reason == (
        "ask them to open a chat with mlgov (Apps → mlgov → Chat) or add mlgov to a team "
        "they are in"
    )


async def test_without_any_team_the_person_is_unreachable_without_asking(teams, sender):
    with pytest.raises(SendFailed) as failed:
        await sender[0].send(CAROL, Reply(text="x"), "prompt:1")
    assert failed.value.unreachable
    assert teams.connector.created == []


async def test_the_owner_is_told_once_by_name_what_the_person_must_do(
    teams, carol_added_in_a_channel, mlgov
):
    teams.connector.refuse_create = 403
    senders = {"teams": carol_added_in_a_channel}
    async with mlgov.uow() as uow:
        await enqueue(uow.session, [Outgoing(f"prompt:{n}", CAROL, Reply(text="Check in?"))
                                    for n in (1, 2)], mlgov.clock.now())  # fmt: skip
        await uow.commit()
    outcome = await dispatch_due(mlgov.uow(), senders, mlgov.clock, "w1")
    assert (outcome.sent, outcome.failed) == (1, 2)  # the owner's message went
    told = (await teams.connector.wait_for(teams.count + 1))[-1]
    assert told.conversation_id == "a:1personal-alice"
    assert headline(card_of(told.activity)) == UNREACHABLE
    async with mlgov.uow() as uow:
        rows = list(await uow.session.exec(select(Delivery).order_by(col(Delivery.id))))
        await uow.commit()  # a rollback would expire the rows
    assert [(d.key.split(":")[0], d.target_id, d.status) for d in rows] == [
        ("prompt", "aad-carol", "failed"), ("prompt", "aad-carol", "failed"),
        ("unreachable", "aad-alice", "sent"),
    ]  # fmt: skip
    assert (
        rows[0].last_error
        == rows[1].last_error
        == (
            "unreachable: ask them to open a chat with mlgov (Apps → mlgov → Chat) or add mlgov "
            "to a team they are in"
        )
    )


async def test_a_stored_reference_to_a_stranger_host_is_never_written_to(teams, mlgov):
    """A reference stored before the door checked serviceUrls can name any host."""
    await mlgov.remember_conversation("teams", "tenant-1", "person", "aad-mallory", json.dumps({
        "serviceUrl": "https://attacker.example/", "channelId": "msteams",
        "conversation": {"id": "a:1x"}, "bot": {"id": "28:mlgov-bot"},
    }))  # fmt: skip
    settings = Settings(database_url="unused")  # authentication on: Bot Framework hosts only
    sender = TeamsSender(build_adapter(settings), mlgov, None, settings=settings)
    with pytest.raises(SendFailed) as failed:
        await sender.send(Recipient("teams", "tenant-1", "person", "aad-mallory"),
                          Reply(text="the portfolio"), "digest:1")  # fmt: skip
    assert failed.value.permanent
    assert "not a Bot Framework host" in failed.value.reason
    assert teams.connector.attempts == 0
