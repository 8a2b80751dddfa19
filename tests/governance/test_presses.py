"""The double-press rule lives in the core, the same for every platform."""

from __future__ import annotations

from governance.commands import RecordCheckin, Status
from governance.context import Actor
from governance.phases import CheckinStatus
from governance.presses import ALREADY, press_key
from tests.conftest import say

CAROL = Actor("console", "", "carol", "carol")
BLOCKED = RecordCheckin("churn-model", CheckinStatus.BLOCKED)


async def _project(mlgov) -> None:  # noqa: ANN001
    await say(mlgov, "alice", "new Churn Model")
    await say(mlgov, "alice", "member churn-model add @carol role:ml")


async def test_one_press_per_person_and_message_whatever_the_note(mlgov):
    await _project(mlgov)
    first = await mlgov.press(BLOCKED, CAROL, on="msg-1", note="no data")
    again = await mlgov.press(BLOCKED, CAROL, on="msg-1", note="still no data")
    elsewhere = await mlgov.press(BLOCKED, CAROL, on="msg-2", note="next week")
    assert [first.text, again.text, elsewhere.text] == [
        "Checked in on Churn Model: blocked. Thank you.", ALREADY,
        "Checked in on Churn Model: blocked. Thank you.",
    ]  # fmt: skip
    status = await say(mlgov, "x", "status churn-model")
    assert next(f.value for f in status.fields if f.label == "Last check-in").endswith(
        "— next week"
    )


async def test_a_refused_press_does_not_count(mlgov):
    await say(mlgov, "alice", "new Churn Model")
    refused = await mlgov.press(BLOCKED, CAROL, on="msg-1")
    assert refused.text == "Only members of churn-model can check in."
    await say(mlgov, "alice", "member churn-model add @carol role:ml")
    accepted = await mlgov.press(BLOCKED, CAROL, on="msg-1")
    assert accepted.text == "Checked in on Churn Model: blocked. Thank you."


async def test_a_question_answers_every_press(mlgov):
    await _project(mlgov)
    answers = [await mlgov.press(Status("churn-model"), CAROL, on="msg-1") for _ in range(2)]
    assert answers[0].text == answers[1].text != ALREADY


def test_the_key_leaves_the_note_out_and_names_person_message_and_command():
    key = press_key(CAROL, "msg-1", BLOCKED)
    assert key == press_key(CAROL, "msg-1", RecordCheckin("churn-model", BLOCKED.status, "x"))
    assert key != press_key(CAROL, "msg-2", BLOCKED)
    assert key != press_key(Actor("console", "", "dave"), "msg-1", BLOCKED)
    assert key != press_key(CAROL, "msg-1", RecordCheckin("churn-model", CheckinStatus.AT_RISK))
    assert len(key) <= 255
