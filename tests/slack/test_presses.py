"""A press is "seen" only when its command commits; buttons and pages carry commands and
only ever re-run queries; the core owns the double-press rule for every platform."""

from __future__ import annotations

import asyncio
from copy import deepcopy

from sqlmodel import func, select

from adapters.slack.blocks import MORE, SHARE, pressed, value
from adapters.slack.limits import size
from adapters.slack.modals import note_submitted, note_view
from governance.commands import RecordCheckin, RecordReview, ReviseCost
from governance.context import Actor
from governance.phases import CheckinStatus
from governance.tables import Checkin, CostEstimate
from tests.slack.conftest import payload


async def _project_on_slack(slack) -> None:  # noqa: ANN001
    await slack.ask("new Churn Model")  # Alice (U0ALICE) owns it


async def _count(mlgov, table) -> int:  # noqa: ANN001
    async with mlgov.uow() as uow:
        return (await uow.session.exec(select(func.count()).select_from(table))).one()


async def test_a_refused_press_can_be_pressed_again_once_allowed(slack, mlgov):
    await _project_on_slack(slack)
    button = RecordCheckin("churn-model", CheckinStatus.ON_TRACK)
    first = slack.press(button, user="U0CAROL")
    await slack.interact(first)
    assert (await slack.said(2))[1]["text"] == "Only members of churn-model can check in."
    await slack.ask("member churn-model add <@U0CAROL> role:ml")
    again = deepcopy(first)  # the same button on the same message, pressed again
    again.update(trigger_id=slack.trigger_id(), response_url=slack.response_url())
    await slack.interact(again)
    assert (await slack.said(4))[3]["text"] == "Checked in on Churn Model: on-track. Thank you."
    assert await _count(mlgov, Checkin) == 1


async def test_more_on_a_cost_revision_pages_the_revisions_and_changes_nothing(slack, mlgov):
    await _project_on_slack(slack)
    alice = Actor("slack", "T0TEST", "U0ALICE")
    for n in range(22):
        await mlgov.handle(f"cost churn-model monthly:{1000 + n}", alice)
    await slack.ask("member churn-model add <@U0CAROL> role:ml")
    answer = await slack.ask("cost churn-model monthly:5000", user="U0CAROL")
    assert await _count(mlgov, CostEstimate) == 23
    more = [e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["action_id"] == MORE]  # fmt: skip
    assert more, "23 revisions take more than one page"
    await slack.interact(slack.press(more[0]["value"], user="U0CAROL", action_id=MORE))
    await slack.fake.wait_for("response_url", slack.responses)
    assert await _count(mlgov, CostEstimate) == 23  # the page shown, no 24th revision


async def test_a_made_up_page_button_cannot_run_a_change(slack, mlgov):
    await _project_on_slack(slack)
    crafted = value(ReviseCost("churn-model", monthly=None, storage_gb=1.0), page=2)
    await slack.interact(slack.press(crafted, user="U0ALICE", action_id=MORE))
    answer = (await slack.fake.wait_for("response_url", slack.responses))[-1].params
    assert answer["text"] == "That button only shows answers; it cannot change anything."
    assert await _count(mlgov, CostEstimate) == 0


async def test_the_note_modal_asks_the_question_the_core_wrote(slack, mlgov):
    await _project_on_slack(slack)
    status = await slack.ask("status churn-model")
    blocked = next(e for b in status["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["text"]["text"] == "Blocked")  # fmt: skip
    assert pressed(blocked["value"]).ask == "What is blocking you?"
    await slack.interact(slack.press(blocked["value"], user="U0ALICE",
                                     action_id=blocked["action_id"]))  # fmt: skip
    (opened,) = await slack.fake.wait_for("views.open")
    assert opened.params["view"]["blocks"][0]["label"]["text"] == "What is blocking you?"


async def test_two_notes_on_one_button_record_one_answer(slack, mlgov):
    """Slack's double-press rule is the core's: the note is not part of it (as on Teams)."""
    await _project_on_slack(slack)
    status = await slack.ask("status churn-model")
    blocked = next(e for b in status["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["text"]["text"] == "Blocked")  # fmt: skip
    await slack.interact(slack.press(blocked["value"], user="U0ALICE",
                                     action_id=blocked["action_id"]))  # fmt: skip
    (opened,) = await slack.fake.wait_for("views.open")
    for note in ("no data", "still no data"):
        submission = payload("view_submission_note")
        submission["trigger_id"] = slack.trigger_id()
        submission["user"]["id"] = "U0ALICE"
        submission["view"]["private_metadata"] = opened.params["view"]["private_metadata"]
        submission["view"]["state"]["values"]["note"]["value"]["value"] = note
        await slack.interact(submission)
    answers = [c.params["text"] for c in await slack.fake.wait_for("response_url", 4)]
    assert sorted(answers[2:]) == [
        "Already recorded: pressing the same button again changes nothing.",
        "Checked in on Churn Model: blocked. Thank you.",
    ]
    await asyncio.sleep(0)
    assert await _count(mlgov, Checkin) == 1


async def test_sharing_where_mlgov_may_not_post_tells_the_presser_what_to_do(slack, mlgov):
    await _project_on_slack(slack)
    answer = await slack.ask("status churn-model")
    share = next(e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == SHARE)  # fmt: skip
    slack.fake.errors["chat.postMessage"] = "not_in_channel"
    await slack.interact(slack.press(share["value"], user="U0ALICE", action_id=SHARE))
    told = (await slack.fake.wait_for("response_url", slack.responses))[-1].params
    assert told["response_type"] == "ephemeral"
    assert told["text"] == (
        "I can't post in this channel: mlgov is not a member of it; "
        "invite it with `/invite @mlgov`."
    )
    assert not [b for b in told["blocks"] if b["type"] == "actions"]  # no Share on an error


def test_a_note_modal_carries_the_longest_button_value_there_is():
    raw = value(RecordReview("日本" * 930), ask="Notes from the review?")
    assert 1800 < size(raw) <= 2000
    meta = {"on": "1700000200.000300", "channel": "C0GENERAL",
            "url": "https://hooks.slack.com/actions/T0TEST/1234567890123/" + "x" * 24}  # fmt: skip
    view = note_view(raw, "Notes from the review?", meta)
    assert size(view["private_metadata"]) <= 3000
    state = {"values": {"note": {"value": {"type": "plain_text_input", "value": "ok"}}}}
    back, note, kept = note_submitted({"private_metadata": view["private_metadata"],
                                       "state": state})  # fmt: skip
    assert (pressed(back), note, kept) == (pressed(raw), "ok", meta)
