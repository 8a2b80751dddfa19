"""The same core reply carries the same facts and actions in Slack and in Teams."""

from __future__ import annotations

import json

from adapters.slack.blocks import pressed
from adapters.slack.blocks import render as slack_render
from adapters.teams.cards import markdown
from adapters.teams.cards import render as teams_render
from governance import wire
from tests.conftest import say
from tests.teams.card_checks import markdown_texts


def _slack_buttons(blocks: list[dict]) -> list[tuple[str, str]]:
    found = []
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        if "accessory" in block:
            elements = [block["accessory"]]
        for e in elements:
            if e.get("action_id", "").startswith(("mlgov_run", "mlgov_note")):
                found.append((e["text"]["text"], wire.dumps(pressed(e["value"]).command)))
    return sorted(found)


def _teams_buttons(card: dict) -> list[tuple[str, str]]:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit" and "mlgov" in node.get("data", {}):
                found.append((node["title"], wire.dumps(wire.decode(node["data"]["mlgov"]))))
            if node.get("type") == "Action.ShowCard":
                inner = node["card"]["actions"][0]
                found.append((node["title"], wire.dumps(wire.decode(inner["data"]["mlgov"]))))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return sorted(found)


async def test_status_renders_the_same_facts_and_actions(mlgov):
    for line in ('new Churn Model sponsor:@bob budget:50k risk:low objective:"less churn"',
                 'criteria churn-model add "AUC >= 0.8"', "cost churn-model monthly:5000",
                 "advance churn-model", 'checkin churn-model at-risk "data late"'):  # fmt: skip
        await say(mlgov, "alice", line)
    reply = await say(mlgov, "carol", "status churn-model")
    slack = slack_render(reply)
    teams = teams_render(reply)
    slack_text = json.dumps(slack, ensure_ascii=False)
    teams_text = "\n".join(markdown_texts(teams))  # Teams markdown, as the card holds it
    for field in reply.fields:
        assert field.label in slack_text and markdown(field.label) in teams_text
        assert field.value in slack_text and markdown(field.value) in teams_text
    for row in reply.rows:
        assert markdown(row.text) in teams_text
        assert (
            row.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in slack_text
        )
    expected = sorted(
        [(a.label, wire.dumps(a.command)) for a in reply.actions]
        + [(a.label, wire.dumps(a.command)) for r in reply.rows for a in r.actions]
    )
    assert expected  # a status with buttons, or this test proves nothing
    assert _slack_buttons(slack) == expected == _teams_buttons(teams)
