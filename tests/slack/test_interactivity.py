"""Buttons, modals, mentions and the App Home, through the real server and bolt."""

from __future__ import annotations

import json
import time
from copy import deepcopy

import pytest

from adapters.slack.blocks import pressed
from governance.commands import CheckOff
from tests.conftest import say
from tests.slack.conftest import payload


@pytest.fixture
async def project(mlgov):
    # Carol (Slack U0CAROL) is an ml member of churn-model; Alice owns it.
    await say(mlgov, "console-admin", "help")
    from bot.roles import change_role

    await change_role(mlgov, "slack", "T0TEST", "U0ALICE", "admin", grant_it=True)


async def _setup_on_slack(slack) -> None:  # noqa: ANN001
    for line in (
        "new Churn Model sponsor:<@U0BOB|bob>",
        "member churn-model add <@U0CAROL|carol> role:ml",
    ):
        await slack.ask(line)


async def test_pressing_a_checkin_button_twice_records_one_answer(slack, mlgov, project):
    await _setup_on_slack(slack)
    press = slack.press("checkin churn-model on-track")
    await slack.interact(press)
    second = deepcopy(press)
    second["response_url"] = slack.response_url()
    second["trigger_id"] = slack.trigger_id()
    await slack.interact(second)
    answers = await slack.said(4)
    assert sorted(a["text"] for a in answers[2:]) == [
        "Already recorded: pressing the same button again changes nothing.",
        "Checked in on Churn Model: on-track. Thank you.",
    ]
    history = await say(mlgov, "x", "history churn-model")
    assert sum("· Carol ML (slack U0CAROL) · on-track" in row.text for row in history.rows) == 1


async def test_a_query_button_shows_again(slack, mlgov, project):
    await _setup_on_slack(slack)
    for _ in range(2):
        await slack.interact(slack.press("status churn-model"))
    answers = await slack.said(4)
    assert answers[2]["text"] == answers[3]["text"]
    assert answers[3]["text"].startswith("Churn Model is in idea")


async def test_a_note_button_opens_a_modal_and_the_submission_records_it(slack, mlgov, project):
    await _setup_on_slack(slack)
    await slack.interact(slack.press("checkin churn-model blocked", action_id="mlgov_note:2"))
    (opened,) = await slack.fake.wait_for("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == "mlgov_note_modal"
    submission = payload("view_submission_note")
    submission["trigger_id"] = slack.trigger_id()
    submission["view"]["private_metadata"] = view["private_metadata"]
    submission["view"]["state"]["values"]["note"]["value"]["value"] = 'no "feature store" access'
    response = await slack.interact(submission)
    assert response.status == 200
    answers = await slack.said(3)
    assert answers[2]["text"] == "Checked in on Churn Model: blocked. Thank you."
    status = await say(mlgov, "x", "status churn-model")
    last = next(f.value for f in status.fields if f.label == "Last check-in")
    assert last.endswith('— no "feature store" access')  # as written, not re-quoted
    assert (
        next(f.value for f in status.fields if f.label == "Health")
        == "🔴 red — blocked, sponsor not confirmed"
    )  # bob never said yes


async def test_readiness_items_can_be_checked_off_from_status(slack, mlgov, project):
    await _setup_on_slack(slack)
    status = await slack.ask("status churn-model")
    buttons = [b["accessory"] for b in status["blocks"] if "accessory" in b]
    assert buttons == []  # idea's gate is all derived: nothing to check off by hand
    await slack.ask('edit churn-model budget:10k objective:"x" risk:low')
    await slack.ask('criteria churn-model add "AUC"')
    await slack.ask("cost churn-model monthly:100")
    await slack.ask("sponsor churn-model confirm", user="U0BOB")  # the sponsor says yes
    await slack.ask("advance churn-model")
    status = await slack.ask("status churn-model")
    done = [b["accessory"] for b in status["blocks"] if "accessory" in b]
    assert [pressed(b["value"]).command for b in done] == [CheckOff("churn-model", "data-access")]
    await slack.interact(slack.press(done[0]["value"], user="U0ALICE"))
    assert (await slack.said(10))[9]["text"] == "`data-access` is done for Churn Model."


async def test_slash_new_without_arguments_opens_a_modal(slack, mlgov):
    await slack.command("new")
    (opened,) = await slack.fake.wait_for("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == "mlgov_new_project"
    submission = payload("view_submission_note")
    submission["trigger_id"] = slack.trigger_id()
    submission["user"]["id"] = "U0ALICE"
    submission["view"].update(
        callback_id="mlgov_new_project",
        private_metadata="C0GENERAL",
        state={"values": {
            "name": {"value": {"type": "plain_text_input", "value": "Fraud scoring"}},
            "objective": {"value": {"type": "plain_text_input", "value": 'Catch "card" fraud'}},
            "sponsor": {"value": {"type": "users_select", "selected_user": "U0BOB"}},
            "budget": {"value": {"type": "plain_text_input", "value": "120k"}},
            "risk": {"value": {"type": "static_select", "selected_option": {"value": "high"}}},
        }},
    )  # fmt: skip
    await slack.interact(submission)
    (dm,) = await slack.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U0ALICE"
    assert dm.params["text"] == "Created Fraud scoring (`fraud-scoring`) in idea."
    status = await say(mlgov, "x", "status fraud-scoring")
    fields = {f.label: f.value for f in status.fields}
    assert (fields["Sponsor"], fields["Budget"], fields["Risk"]) == (
        "Bob Sponsor (asked, not yet confirmed)",
        "120,000",
        "high",
    )


async def test_a_mention_in_a_channel(slack, mlgov):
    event = payload("app_mention")
    event["event"]["text"] = "<@U0BOT> new Churn Model"
    await slack.event(event)
    (post,) = await slack.fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0GENERAL"
    assert post.params["text"] == "Created Churn Model (`churn-model`) in idea."
    event = payload("app_mention")
    event["event_id"] = "Ev0MENTION2"
    await slack.event(event)  # "status churn-model": a query, only for the asker
    (answer,) = await slack.fake.wait_for("chat.postEphemeral")
    assert answer.params["user"] == "U0ALICE"
    assert answer.params["text"].startswith("Churn Model is in idea")


async def test_app_home_shows_my_projects(slack, mlgov):
    await slack.command("new Churn Model")
    await slack.said(1)
    await slack.event(payload("app_home_opened"))
    (published,) = await slack.fake.wait_for("views.publish")
    assert published.params["user_id"] == "U0ALICE"
    view = published.params["view"]
    assert view["type"] == "home"
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "Churn Model (`churn-model`) — idea" in text
    assert "Next check-in" in text


async def test_ack_does_not_wait_for_a_slow_web_api(slack, mlgov):
    slack.fake.delay = 5.0
    start = time.monotonic()
    response = await slack.command("portfolio")
    assert response.status == 200
    assert time.monotonic() - start < 3.0
    (answer,) = await slack.fake.wait_for("response_url", within=15)  # it still arrives
    assert answer.params["text"].startswith("No projects yet")
