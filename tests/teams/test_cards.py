"""Adaptive Cards as Teams shows them: within its limits whatever the reply holds, valid for
Microsoft's own library, and every text shown as typed."""

from __future__ import annotations

import json

from adapters.teams.cards import page_count, render
from adapters.teams.handler import reply_activity
from governance import wire
from governance.commands import CheckOff, Portfolio, RecordCheckin, Status
from governance.phases import CheckinStatus
from governance.replies import Action, Field, Reply, Row, Tone
from governance.rhythm import messages
from tests.platforms import markdown_html, problems
from tests.teams.card_checks import (
    ALLOWED_TAGS,
    MESSAGE_BYTES,
    as_typed,
    input_ids,
    markdown_texts,
    message_bytes,
    shown,
    tags,
    too_many_actions,
    walk,
)

ROWS = 60


def _huge() -> Reply:
    long = "x" * 20_000
    act = Action("Check off " + long, CheckOff("churn-model", "it-acceptance"), note_prompt=long)
    return Reply(
        text=long,
        title=long,
        fields=[Field(f"label {i} {long}", long) for i in range(200)],
        rows=[Row(f"{i} {long}", long, (act, act, act, act)) for i in range(ROWS)],
        actions=[act] * 20,
        context=long,
        more=Portfolio(),
    )


def test_every_page_of_the_largest_reply_fits_in_a_teams_message():
    """Teams takes about 28 KB a card message; pages hold what fits, and every row is on
    exactly one page."""
    huge = _huge()
    pages = page_count(huge)
    seen = []
    for page in range(1, pages + 1):
        assert message_bytes(huge, page) <= MESSAGE_BYTES, page
        card = render(huge, page)
        assert not too_many_actions(card)
        body = json.dumps(card, ensure_ascii=False)
        seen += [int(t.split(" ", 1)[0]) for t in markdown_texts(card) if t[:1].isdigit()]
        assert f"Page {page} of {pages} · {ROWS} in all" in body
        more = card["actions"][-1]
        if page < pages:
            assert more["title"] == f"More ({page + 1} of {pages})"
            assert more["data"] == {"mlgov": {"do": "portfolio"}, "page": page + 1}
        else:
            assert more["type"] == "Action.ShowCard"
    assert seen == list(range(ROWS))


def test_more_is_within_the_six_actions_teams_shows():
    """Teams shows 6 actions a set: a reply's 6 buttons and "More" would lose one."""
    rows = [Row(f"project {i}", actions=(Action("Status", Status(f"p{i}")),)) for i in range(60)]
    actions = [Action(f"Button {i}", Status(f"b{i}")) for i in range(6)]
    card = render(Reply("Many", rows=rows, actions=actions, more=Portfolio()))
    assert card["actions"][-1]["title"].startswith("More (2 of")
    assert len(card["actions"]) == 6
    assert problems(cards={"card": card})["cards"]["card"] == []


def test_a_reply_without_pages_keeps_six_buttons():
    actions = [Action(f"Button {i}", Status(f"b{i}")) for i in range(6)]
    card = render(Reply("Six", actions=actions, more=Portfolio()))
    assert [a["title"] for a in card["actions"]] == [f"Button {i}" for i in range(6)]


def test_commands_are_carried_whole_as_data():
    command = RecordCheckin("churn-model", CheckinStatus.AT_RISK, "y" * 900)
    card = render(Reply("t", actions=[Action("Go", command)]))
    assert wire.decode(card["actions"][0]["data"]["mlgov"]) == command


def test_note_inputs_have_ids_of_their_own_across_the_whole_card():
    """Teams merges a card's inputs into one submission: two `note` ids would collide."""
    checkin = messages.checkin_actions("churn-model")
    rows = [Row(f"row {i}", actions=tuple(checkin)) for i in range(4)]
    card = render(Reply("How is it going?", rows=rows, actions=checkin))
    ids = input_ids(card)
    assert len(ids) == 15 and len(set(ids)) == 15
    for show in (n for n in walk(card) if n.get("type") == "Action.ShowCard"):
        (note,) = show["card"]["body"]
        assert show["card"]["actions"][0]["data"]["noteInput"] == note["id"]
    assert problems(cards={"card": card})["cards"]["card"] == []


# Text people type, inside sentences the way the core writes them.
TYPED = [
    "[click](https://evil.example)",
    "<https://evil.example|click>",
    "<at>Someone</at>",
    "<!channel> <!here> <@U123|bob>",
    "https://evil.example/path?q=1",
    "www.evil.com and evil.com and bob@evil.com",
    "mailto:bob@evil.com 10.0.0.1 //evil.example",
    "**bold** __strong__ _it_ *star* ~~gone~~ ~s~",
    "Fraud & <abuse> &amp; &copy; &#60;",
    "![img](https://evil.example/x.png) <img src=x> <b>b</b>",
    "# heading",
    "> quote",
    "- item",
    "1. first",
    "---",
    "    indented code",
    "| a | b |\n|---|---|",
    "line one\nline two\n\n\nline three",
    "{{DATE(2017-02-14T06:08:39Z, SHORT)}}",
    "back\\slash \\*not\\* a_b_c",
    "😀 Привет 日本語 العربية",
]


def test_what_people_type_is_shown_as_typed():
    """Never a link, a mention, emphasis or a block from someone's text, wherever it is."""
    expected, texts = [], {}
    for n, typed in enumerate(TYPED):
        reply = Reply(
            f"Created {typed} (`churn-model`) in idea.",
            title=typed,
            fields=[Field("Owner", typed), Field(typed, "x")],
            rows=[Row(typed, typed)],
            context=f"{typed} is a member of churn-model.",
        )
        title, text, _, value, label, _, row, detail, context = markdown_texts(render(reply))
        sentence = f"Created {typed} (churn-model) in idea."
        for part, markup in {"title": title, "value": value, "label": label, "row": row,
                             "detail": detail}.items():  # fmt: skip
            texts[f"{n} {part}"] = markup
            expected.append((f"{n} {part}", typed))
        texts[f"{n} text"], texts[f"{n} context"] = text, context
        expected += [
            (f"{n} text", sentence),
            (f"{n} context", f"{typed} is a member of churn-model."),
        ]
    rendered = markdown_html(texts)
    wrong = [(name, texts[name], rendered[name]) for name, typed in expected
             if shown(rendered[name]) != as_typed(typed) or tags(rendered[name]) - ALLOWED_TAGS]  # fmt: skip
    assert not wrong, wrong
    assert all("<strong>churn-model</strong>" in rendered[f"{n} text"] for n in range(len(TYPED)))


def test_the_cores_own_code_is_bold_and_its_backticks_are_not_shown():
    """Teams has no inline code: `help` in the core's words is bold, not `help`."""
    texts = {
        "help": "Say `help` for the list.",
        "usage": 'Give the project a name. Usage: `new <name> [budget:<amount>] [objective:"…"]`',
        "two": "`budget:5 000` is not an amount; try `budget:5000`.",
    }
    cards = {name: render(Reply(text)) for name, text in texts.items()}
    rendered = markdown_html({name: markdown_texts(card)[0] for name, card in cards.items()})
    assert rendered["help"] == "<p>Say <strong>help</strong> for the list.</p>\n"
    assert shown(rendered["usage"]) == (
        'Give the project a name. Usage: new <name> [budget:<amount>] [objective:"…"]'
    )
    assert "<strong>new &lt;name&gt; [budget:&lt;amount&gt;]" in rendered["usage"]
    assert rendered["two"].count("<strong>") == 2 and "`" not in rendered["two"]


def test_a_backtick_a_person_types_is_never_more_than_bold():
    reply = Reply("I don't understand `a ` [x](https://evil.example) `b` here.")
    rendered = markdown_html({"t": markdown_texts(render(reply))[0]})["t"]
    assert tags(rendered) <= ALLOWED_TAGS
    assert "[x](https://evil.example)" in shown(rendered)


def test_the_notification_summary_is_plain_text():
    activity = reply_activity(Reply("Say `help` to <!channel> " + "é" * 300, tone=Tone.ERROR))
    assert activity.summary == "Say help to <!channel> " + "é" * 176 + "…"


def test_characters_teams_cannot_take_are_left_out():
    """A lone surrogate cannot be encoded for sending; control characters show as boxes."""
    card = render(Reply("a\ud800b\x00c\x1bd\u2028e", title="t\udfff", rows=[Row("r\x07")]))
    json.dumps(card, ensure_ascii=False).encode("utf-8")  # would raise before
    assert markdown_texts(card)[:3] == ["t", "abcde", "r"]
