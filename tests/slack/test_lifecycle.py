"""A whole project lifecycle through Slack alone: slash commands and buttons."""

from __future__ import annotations

import json

from adapters.slack.blocks import pressed
from bot.roles import change_role
from governance.commands import CheckOff, ConfirmSponsorship

PRODUCTION_KEYS = ["pipeline-owner", "packaging", "monitoring", "alerting", "on-call", "sla",
                   "rollback", "it-acceptance"]  # fmt: skip


async def test_idea_to_retired_in_slack(slack, mlgov, clock):
    alice, bob, carol, ivan = "U0ALICE", "U0BOB", "U0CAROL", "U0IVAN"

    async def say(user: str, text: str) -> str:
        answer = await slack.ask(text, user=user)
        return answer["text"]

    assert await say(alice, 'new Churn Model sponsor:<@U0BOB> budget:50k risk:medium '
                     'objective:"Cut churn"') == "Created Churn Model (`churn-model`) in idea."  # fmt: skip
    # Bob is asked to sponsor it and counts once he says yes (the Confirm button of the request).
    opened = await say(alice, "advance churn-model")
    assert (
        "3 open — sponsor (Bob Sponsor has not confirmed yet), criteria, cost-estimate." in opened
    )
    await say(alice, 'criteria churn-model add "AUC >= 0.8"')
    await say(alice, "cost churn-model monthly:5000")
    await slack.interact(slack.press(ConfirmSponsorship("churn-model"), user=bob))
    answer = (await slack.said(slack.responses))[-1]
    assert answer["text"].startswith("You sponsor Churn Model.")
    assert "to experimentation" in await say(alice, "advance churn-model")

    await say(alice, "ready churn-model data-access done")
    await say(alice, 'review churn-model done "architecture review"')
    assert await say(bob, "criteria churn-model confirm") == (
        "The 1 criteria of Churn Model are confirmed for experimentation."
    )
    await say(alice, "cost churn-model monthly:5500")
    assert "to development" in await say(alice, "advance churn-model")

    await say(alice, "member churn-model add <@U0CAROL> role:ml")
    await say(alice, "member churn-model add <@U0IVAN> role:it")
    await say(carol, "criteria churn-model met 1")
    await say(alice, "cost churn-model monthly:6000")
    assert "done — not in production" in await say(bob, "accept churn-model")
    assert "It is done — not in production yet." in await say(alice, "advance churn-model")

    # The production items are checked off with the buttons on `status`: Ivan accepts for IT,
    # Alice, the owner, signs the rest (sign-offs bind: Ivan may not sign those).
    status = await slack.ask("status churn-model", user=ivan)
    done_buttons = [b["accessory"]["value"] for b in status["blocks"] if "accessory" in b]
    assert [pressed(v).command for v in done_buttons] == [
        CheckOff("churn-model", key) for key in PRODUCTION_KEYS
    ]
    await slack.interact(slack.press(done_buttons[0], user=ivan))
    answer = (await slack.said(slack.responses))[-1]
    assert answer["text"].startswith("`pipeline-owner` on churn-model is signed by the item's")
    for key, value in zip(PRODUCTION_KEYS, done_buttons, strict=True):
        await slack.interact(slack.press(value, user=ivan if key == "it-acceptance" else alice))
        answer = (await slack.said(slack.responses))[-1]
        assert answer["text"].endswith("is done for Churn Model.")
    assert "It is in production." in await say(alice, "advance churn-model")
    status = await slack.ask("status churn-model", user=carol)
    fields = {f["text"].split("\n")[0]: f["text"].split("\n", 1)[1]
              for b in status["blocks"] for f in b.get("fields", [])}  # fmt: skip
    assert fields["*Delivery*"] == "in production since 2026-03-02, owner Alice Owner"

    await say(alice, "ready churn-model decommission-plan done")
    assert "to retired" in await say(alice, "advance churn-model")
    history = await slack.ask("history churn-model", user=carol)
    text = json.dumps(history["blocks"], ensure_ascii=False)
    assert "Alice Owner (slack U0ALICE) · advanced idea → experimentation" in text

    # Paging: "More" re-runs the command for the next page, in place.
    more = [e for b in history["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["action_id"] == "mlgov_more"]  # fmt: skip
    assert more, "history of a whole lifecycle is longer than a page"
    press = slack.press(more[0]["value"], user=carol, action_id="mlgov_more")
    await slack.interact(press)
    page_two = (await slack.said(slack.responses))[-1]
    assert page_two["replace_original"] is True
    second = json.dumps(page_two["blocks"], ensure_ascii=False)
    assert "Page 2 of 2" in second
    assert "Alice Owner (slack U0ALICE) · advanced production → retired" in second
    for step in (
        "Bob Sponsor (slack U0BOB) · accepted by the sponsor",
        "Ivan IT (slack U0IVAN) · it-acceptance done",
    ):
        assert step in text + second


async def test_admin_from_slack_can_force(slack, mlgov):
    await change_role(mlgov, "slack", "T0TEST", "U0IVAN", "admin", grant_it=True)
    await slack.ask("new Churn Model")
    asked = await slack.ask(
        'advance churn-model to development force reason:"pilot"', user="U0IVAN"
    )
    # A forced move is asked about first, to the admin alone; its button does it.
    assert asked["response_type"] == "ephemeral"
    assert asked["text"].startswith("Force churn-model from idea to development, past its gate?")
    (force,) = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["text"]["text"] == "Force"]  # fmt: skip
    assert force["style"] == "danger"
    await slack.interact(slack.press(force["value"], user="U0IVAN", action_id=force["action_id"]))
    answer = (await slack.said(slack.responses))[-1]
    assert answer["text"] == "Churn Model forced from idea to development."
