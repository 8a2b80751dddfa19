"""Every reply of the core, at the longest input the grammar accepts, as the cards Teams gets:
each page valid for Microsoft's adaptivecards library with Teams' host config, within
Teams' message size, input ids unique, every text shown as typed (no link, mention, emphasis
or block from anyone's text) and none of the core's Slack-style markup shown literally."""

from __future__ import annotations

import re

from adapters.teams.cards import markdown, page_count, render
from governance.replies import Reply
from tests.corpus import MARKERS, every_reply
from tests.platforms import markdown_html, problems
from tests.teams.card_checks import (
    ALLOWED_TAGS,
    CORE_CODE,
    MESSAGE_BYTES,
    as_typed,
    input_ids,
    markdown_texts,
    message_bytes,
    nested_show_cards,
    shown,
    tags,
    too_many_actions,
)

# mrkdwn the core might write: *bold*, _italic_, ~strike~ (and `code`, CORE_CODE).
SLACK_MARKUP = re.compile(
    r"(?<![\w*])\*[^*\s][^*]*\*(?![\w*])|(?<![\w_])_[^_\s][^_]*_(?![\w_])"
    r"|(?<![\w~])~[^~\s][^~]*~(?![\w~])"
)


def _literal(text: str) -> list[str]:
    """Markup the core wrote that is shown as characters; the corpus's own text aside."""
    found = [m[0] for pattern in (CORE_CODE, SLACK_MARKUP) for m in pattern.finditer(text)]
    return [f for f in found if not any(f in marker for marker in MARKERS)]


def _strings(reply: Reply) -> list[str]:
    found = [reply.text, reply.title or "", reply.context or ""]
    found += [part for f in reply.fields for part in (f.label, f.value)]
    found += [part for r in reply.rows for part in (r.text, r.detail or "")]
    return [s for s in found if s]


async def test_every_reply_renders_as_teams_shows_it(mlgov):
    replies = await every_reply(mlgov)
    cards = {
        f"{name} p{page}": (reply, page, render(reply, page))
        for name, reply in replies.items()
        for page in range(1, page_count(reply) + 1)
    }
    assert len(cards) > len(replies)  # some replies run over pages, or paging is untested

    invalid = {n: p for n, p in problems(cards={n: c for n, (_, _, c) in cards.items()})[
        "cards"].items() if p}  # fmt: skip
    assert not invalid, invalid
    too_big = {n: b for n, (r, page, _) in cards.items()
               if (b := message_bytes(r, page)) > MESSAGE_BYTES}  # fmt: skip
    assert not too_big, too_big
    for name, (_, _, card) in cards.items():
        ids = input_ids(card)
        assert len(ids) == len(set(ids)), (name, ids)
        assert not nested_show_cards(card), name
        assert not too_many_actions(card), name

    texts = {f"{n} {i}": t for n, (_, _, c) in cards.items()
             for i, t in enumerate(markdown_texts(c))}  # fmt: skip
    rendered = markdown_html(texts)
    markup = {n: tags(h) - ALLOWED_TAGS for n, h in rendered.items() if tags(h) - ALLOWED_TAGS}
    assert not markup, {n: (markup[n], texts[n][:300]) for n in list(markup)[:5]}
    literal = {n: found for n, h in rendered.items() if (found := _literal(shown(h)))}
    assert not literal, dict(list(literal.items())[:5])


async def test_every_text_of_every_reply_is_shown_as_typed(mlgov):
    """Whole, unclipped: every character a person typed is on the screen, none taken for
    markup; the core's own `code` loses only its backticks."""
    strings = sorted({s for reply in (await every_reply(mlgov)).values() for s in _strings(reply)})
    rendered = markdown_html({str(i): markdown(s) for i, s in enumerate(strings)})
    changed = [
        (s[:200], shown(rendered[str(i)])[:200])
        for i, s in enumerate(strings)
        if shown(rendered[str(i)]).replace("`", "") != as_typed(s).replace("`", "")
        or tags(rendered[str(i)]) - ALLOWED_TAGS
    ]
    assert not changed, changed[:5]
