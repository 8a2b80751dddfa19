"""Slash commands through the real server and bolt, answered through the response URL."""

from __future__ import annotations

from governance.replies import Tone
from tests.conftest import say


async def test_a_query_answers_only_the_asker_with_a_share_button(slack, mlgov):
    await say(mlgov, "seed", "new Seed")  # a project to look at
    response = await slack.command("status seed")
    assert response.status == 200
    (answer,) = await slack.said(1)
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("Seed is in idea: exploring.")
    blocks = answer["blocks"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Seed (seed)"}}
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == [
        "On track", "At risk", "Blocked", "History", "Share in channel",
    ]  # fmt: skip


async def test_a_change_is_announced_in_the_channel_and_knows_the_slack_user(slack, mlgov):
    await slack.command("new Churn Model sponsor:<@U0BOB|bob> risk:high")
    (answer,) = await slack.said(1)
    assert answer["response_type"] == "in_channel"
    assert answer["text"] == "Created Churn Model (`churn-model`) in idea."
    fields = answer["blocks"][2]["fields"]
    assert {"type": "mrkdwn", "text": "*Owner*\nAlice Owner", "verbatim": True} in fields
    sponsor = "*Sponsor*\nBob Sponsor (asked, not yet confirmed)"
    assert {"type": "mrkdwn", "text": sponsor, "verbatim": True} in fields
    infos = [c.params["user"] for c in slack.fake.of("users.info")]
    assert set(infos) == {"U0ALICE", "U0BOB"}


async def test_bad_input_is_one_ephemeral_line(slack, mlgov, engine):
    from tests.conftest import snapshot

    before = await snapshot(engine)
    await slack.command("advance nowhere")
    (answer,) = await slack.said(1)
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("No project called “nowhere”.")
    assert "\n" not in answer["text"]
    after = await snapshot(engine)
    # Only the speaker's own first-contact record may be new; no project, no event.
    assert after["project"] == before["project"] == []
    assert after["event"] == []


async def test_link_makes_the_channel_the_report_channel(slack, mlgov):
    await slack.command("new Churn Model")
    await slack.said(1)
    await slack.command("link churn-model", channel="C0REPORTS")
    answers = await slack.said(2)
    assert answers[1]["text"] == "This channel now receives Churn Model's reports."
    history = await say(mlgov, "x", "history churn-model")
    assert history.rows[-1].text.endswith("reports go to slack channel ml-projects")


async def test_link_in_a_direct_message_explains_where_to_say_it(slack, mlgov):
    await slack.command("new Churn Model")
    await slack.said(1)
    await slack.command("link churn-model", channel="D0ALICE")
    answers = await slack.said(2)
    assert answers[1]["text"] == (
        ":x: Say `link churn-model` in the channel that should receive its reports."
    ).removeprefix(":x: ")
    reply = await say(mlgov, "x", "status churn-model")
    assert reply.tone == Tone.INFO
