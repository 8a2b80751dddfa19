"""What a person types in Slack is what the bot keeps and what Slack shows back: Slack's
escaping is read once on the way in and written once on the way out, and text never
becomes a mention or a link, not even in a notification's top-level text."""

from __future__ import annotations

import json
import re

from adapters.slack.markup import escape, escaped, typed
from tests.conftest import say
from tests.slack.conftest import payload


async def test_a_slash_command_keeps_what_was_typed(slack, mlgov):
    # The person typed: new Fraud & <Abuse> Scoring
    answer = await slack.ask("new Fraud &amp; &lt;Abuse&gt; Scoring")
    assert (
        answer["text"]
        == "Created Fraud &amp; &lt;Abuse&gt; Scoring (`fraud-abuse-scoring`) in idea."
    )
    status = await say(mlgov, "carol", "status fraud-abuse-scoring")
    assert status.title is not None and status.title.startswith("Fraud & <Abuse> Scoring")
    blocks = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "&amp;amp;" not in blocks and "Fraud &amp; &lt;Abuse&gt; Scoring" in blocks


async def test_markup_typed_as_text_stays_text(slack, mlgov):
    # The person typed: new Q&A <!channel> <@U0EVIL> <https://evil.example|click>
    answer = await slack.ask(
        "new Q&amp;A &lt;!channel&gt; x&lt;@U0EVIL&gt; &lt;https://evil.example|click&gt;"
    )
    assert answer["text"].startswith(
        "Created Q&amp;A &lt;!channel&gt; x&lt;@U0EVIL&gt; &lt;https://evil.example|click&gt; (`"
    )
    assert not re.search(r"\b(amp|lt|gt)\b", slug_in(answer["text"]))
    marked = [
        b["text"]["text"] for b in answer["blocks"] if b.get("text", {}).get("type") == "mrkdwn"
    ]
    assert marked  # plain text (the header) is never read as markup
    for text in [answer["text"], *marked]:
        assert "<!" not in text and "<@" not in text and "<http" not in text


async def test_mentions_made_by_slack_still_mention(slack, mlgov):
    await slack.ask("new Churn Model")
    answer = await slack.ask("member churn-model add <@U0CAROL|carol> role:ml")
    assert answer["text"] == "Carol ML is now ml on Churn Model."


async def test_a_mention_of_the_bot_keeps_what_was_typed(slack, mlgov):
    event = payload("app_mention")
    # The person typed: @mlgov new R&D <plans> example.com #general
    event["event"]["text"] = (
        "<@U0BOT> new R&amp;D &lt;plans&gt; <http://example.com|example.com> <#C0GENERAL|general>"
    )
    await slack.event(event)
    (post,) = await slack.fake.wait_for("chat.postMessage")
    assert post.params["text"].startswith("Created R&amp;D &lt;plans&gt; example.com #general (`")
    assert not re.search(r"\b(amp|lt|gt)\b", slug_in(post.params["text"]))
    section = post.params["blocks"][1]["text"]
    assert section["verbatim"] is True  # Slack links and mentions nothing in it


async def test_the_new_project_modal_answer_mentions_nobody(slack, mlgov):
    await slack.command("new")
    await slack.fake.wait_for("views.open")
    submission = payload("view_submission_note")
    submission["trigger_id"] = slack.trigger_id()
    submission["user"]["id"] = "U0ALICE"
    # A modal's input arrives as typed, unescaped.
    name = "<!channel> & <https://evil.example|click>"
    submission["view"].update(
        callback_id="mlgov_new_project",
        private_metadata="C0GENERAL",
        state={"values": {"name": {"value": {"type": "plain_text_input", "value": name}}}},
    )
    await slack.interact(submission)
    (dm,) = await slack.fake.wait_for("chat.postMessage")
    assert dm.params["text"].startswith(
        "Created &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; (`"
    )


def slug_in(text: str) -> str:
    found = re.search(r"\(`([^`]+)`\)", text)
    assert found, text
    return found.group(1)


def test_slack_markup_is_read_as_what_the_person_saw():
    assert typed("a &amp;lt; b") == "a &lt; b"  # they typed the entity itself
    assert typed("<@U0BOB|bob> <@U0CAROL>") == "<@U0BOB|bob> <@U0CAROL>"
    assert typed("<!channel> <!here|here> <!everyone>") == "@channel @here @everyone"
    assert typed("<!subteam^S0ML|@ml-team> <!date^1392734382^{date}|Feb 18>") == "@ml-team Feb 18"
    assert typed("<#C0GENERAL|general> <#C0OTHER>") == "#general #C0OTHER"
    assert typed("<https://a.example/?q=1&amp;r=2> <mailto:x@y.z|x@y.z>") == (
        "https://a.example/?q=1&r=2 x@y.z"
    )
    assert typed("<@U0BOB|b&lt;o&gt;b>") == "<@U0BOB|bob>"  # a name cannot end the markup


def test_escaping_is_cut_between_characters_never_inside_an_entity():
    text = "&" * 10
    assert escape(text) == "&amp;" * 10
    assert escaped(text, 23) == "&amp;" * 4 + "…"
    assert escaped("🚀" * 10, 7) == "🚀" * 3 + "…"  # an emoji counts two, as Slack counts
