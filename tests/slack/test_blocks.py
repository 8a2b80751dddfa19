"""Every reply stays within Block Kit's limits, however long the list or the note."""

from __future__ import annotations

import json

import pytest

from adapters.slack.blocks import MORE, SHARE, pressed, render
from bench.seed import seed
from governance.commands import CheckOff, Portfolio, Status
from governance.replies import Action, Field, Reply, Row
from tests.conftest import T0, say


def assert_within_limits(blocks: list[dict]) -> None:
    assert 1 <= len(blocks) <= 50
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            if "text" in block:
                assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            for field in block.get("fields", []):
                assert len(field["text"]) <= 2000
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            for element in block["elements"]:
                assert len(element["text"]) <= 3000
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
        for element in [block.get("accessory")] + block.get("elements", []):
            if element and element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
                assert len(element["value"]) <= 2000
    assert len(json.dumps(blocks)) < 40_000  # Slack's limit on a message's text


async def test_a_500_project_portfolio_is_paged(mlgov, engine):
    await seed(engine, 500, T0)
    reply = await say(mlgov, "person1", "portfolio")
    assert len(reply.rows) == 500
    seen = []
    page, pages = 1, None
    while True:
        blocks = render(reply, page=page, share=True)
        assert_within_limits(blocks)
        text = json.dumps(blocks, ensure_ascii=False)
        seen += [f"project-{n:05d}" for n in range(1, 501) if f"`project-{n:05d}`" in text]
        more = [e for b in blocks if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == MORE]  # fmt: skip
        assert any(e["action_id"] == SHARE for b in blocks if b["type"] == "actions"
                   for e in b["elements"])  # fmt: skip
        if not more:
            break
        wanted = pressed(more[0]["value"])
        assert wanted.command == Portfolio()
        page, pages = wanted.page, (pages or 0) + 1
    assert sorted(seen) == [f"project-{n:05d}" for n in range(1, 501)]  # each once, none lost
    assert page == 25


@pytest.mark.parametrize("length", [2999, 3000, 3001, 20_000])
def test_long_notes_and_texts_are_clipped_not_rejected(length):
    note = "x" * length
    reply = Reply(
        text=note,
        title="T" * 400,
        fields=[Field("Last check-in", note)] * 23,
        rows=[Row(note, detail=note, actions=(Action("A" * 100, CheckOff("p", "k" * 64)),))] * 60,
        actions=[Action(f"Button {i}", Status(f"p{i}")) for i in range(40)],
        context=note,
        more=Status("p"),
    )
    for page in (1, 2, 3, 4):
        assert_within_limits(render(reply, page=page, share=True))


def test_user_text_cannot_inject_mentions_or_links():
    blocks = render(Reply(text="hi <!channel> <https://evil.example|click> & co"))
    assert (
        blocks[0]["text"]["text"]
        == "hi &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co"
    )
