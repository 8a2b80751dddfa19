"""The activity handler alone, in memory, with botbuilder's TestAdapter."""

from __future__ import annotations

from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount

from adapters.teams.handler import MlgovBot
from governance import wire
from governance.commands import RecordCheckin
from governance.phases import CheckinStatus


def _message(text: str = "", value: dict | None = None, user: str = "aad-alice") -> Activity:
    return Activity(
        type=ActivityTypes.message,
        text=text,
        value=value,
        from_property=ChannelAccount(id=f"29:{user}", name=user, aad_object_id=user),
        conversation=ConversationAccount(
            id=f"personal-{user}", conversation_type="personal", tenant_id="tenant-1"
        ),  # fmt: skip
        channel_data={"tenant": {"id": "tenant-1"}},
        reply_to_id="card-1",
    )


def _headline(activity: Activity) -> str:
    card = activity.attachments[0].content
    texts = [b["text"] for b in card["body"] if b["type"] == "TextBlock"]
    return texts[1] if card["body"][0].get("weight") == "Bolder" else texts[0]


async def _turn(adapter: TestAdapter, activity: Activity, expected: str) -> None:
    step = await adapter.send(activity)
    await step.assert_reply(lambda reply, _: _check(reply, expected))


async def test_a_message_gets_a_card(mlgov):
    adapter = TestAdapter(MlgovBot(mlgov).on_turn)
    await _turn(
        adapter, _message("new Churn Model"), "Created Churn Model (**churn-model**) in idea."
    )


async def test_help_for_an_empty_message(mlgov):
    adapter = TestAdapter(MlgovBot(mlgov).on_turn)
    await _turn(adapter, _message(""), "I keep ML projects governed: phases and gates, sponsors, "
                "criteria, costs, check-ins.")  # fmt: skip


async def test_a_submit_runs_its_command_with_the_note_once(mlgov):
    adapter = TestAdapter(MlgovBot(mlgov).on_turn)
    await _turn(
        adapter, _message("new Churn Model"), "Created Churn Model (**churn-model**) in idea."
    )
    command = wire.encode(RecordCheckin("churn-model", CheckinStatus.AT_RISK))
    submit = {"mlgov": command, "noteInput": "note1", "note1": "data is late"}
    await _turn(adapter, _message(value=submit), "Checked in on Churn Model: at-risk. Thank you.")
    # The same card submitted again, even with another note: one answer is recorded.
    again = {**submit, "note1": "really late"}
    await _turn(adapter, _message(value=again),
                "Already recorded: pressing the same button again changes nothing.")  # fmt: skip
    status = await adapter.send(_message("status churn-model"))
    await status.assert_reply(lambda reply, _: _has(reply, "at-risk by aad-alice"))


async def test_query_cards_can_be_submitted_again(mlgov):
    adapter = TestAdapter(MlgovBot(mlgov).on_turn)
    for _ in range(2):
        await _turn(adapter, _message(value={"mlgov": {"do": "portfolio"}}),
                    "No projects yet. Start one with **new \\<name>**.")  # fmt: skip


def _has(activity: Activity, text: str) -> None:
    import json

    assert text in json.dumps(activity.attachments[0].content)


def _check(activity: Activity, expected: str) -> None:
    assert activity.attachments[0].content_type == "application/vnd.microsoft.card.adaptive"
    assert _headline(activity) == expected


async def test_a_tampered_page_number_still_answers(mlgov):
    adapter = TestAdapter(MlgovBot(mlgov).on_turn)
    await _turn(adapter, _message(value={"mlgov": {"do": "portfolio"}, "page": "two"}),
                "No projects yet. Start one with **new \\<name>**.")  # fmt: skip


async def test_a_card_from_an_earlier_version_says_what_to_type(mlgov):
    adapter = TestAdapter(MlgovBot(mlgov).on_turn)
    await _turn(adapter, _message(value={"mlgov": "checkin churn-model on-track"}),
                "This button is from an earlier version of mlgov; say "
                "**checkin churn-model on-track** instead.")  # fmt: skip


async def test_made_up_card_data_is_refused_and_changes_nothing(mlgov, engine):
    from tests.conftest import snapshot

    adapter = TestAdapter(MlgovBot(mlgov).on_turn)
    await _turn(
        adapter, _message("new Churn Model"), "Created Churn Model (**churn-model**) in idea."
    )
    before = await snapshot(engine)
    forged = {"mlgov": {"do": "abandon", "project": "churn-model", "reason": 7}}
    await _turn(adapter, _message(value=forged),
                "That button no longer works; say the command instead (**help** lists them).")  # fmt: skip
    assert await snapshot(engine) == before
