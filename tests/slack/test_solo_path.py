"""The solo path through Slack: signed slash commands, the real bolt app, the same refusals."""

from __future__ import annotations

import json

from tests.solo_path import AFTER, SOLO

ALICE = "U0ALICE"


async def test_one_person_cannot_govern_a_project_alone_in_slack(slack):
    for line, refusal in SOLO:
        answer = await slack.ask(line.format(me=f"<@{ALICE}>"), user=ALICE)
        text = answer["text"]
        if refusal is None:
            assert "cannot" not in text and "Only" not in text, (line, text)
        else:
            assert refusal in text, (line, text)
            assert answer.get("response_type") == "ephemeral", line  # a refusal is private
    status = json.dumps(await slack.ask(AFTER, user=ALICE), ensure_ascii=False)
    assert "*Phase*\\nidea" in status and "*Sponsor*\\nnone" in status
    assert "signed by" not in status
