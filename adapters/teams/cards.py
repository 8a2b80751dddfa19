"""A core Reply as an Adaptive Card (schema 1.5) that Teams shows as meant, within its limits.

Text: Teams reads a TextBlock's and a fact's text as markdown. The core writes its replies
with Slack-style markup (backticks around commands and slugs) and puts what people typed in
the same strings, so ``markdown`` escapes everything first and only then makes the core's
own `code` bold (Teams has no inline code): a name, note or criterion shows as typed and
never becomes a link, a mention or emphasis. Button and input titles are plain text.

Buttons are Action.Submit carrying the command as data in ``data.mlgov``; a button that
wants a note shows an Input.Text first (Action.ShowCard), whose id is unique in the card and
named in ``data.noteInput``. Long lists are paged: "More" runs the reply's query again.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

from governance import wire
from governance.commands import Command
from governance.replies import Action, Field, Image, Reply, Row, Tone

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"

# Teams' limits, all here. Sizes are in bytes of the card's JSON, the larger of UTF-8 with
# non-ASCII escaped (as botbuilder sends it) and UTF-16 (as Teams counts a message).
# - A bot's message: at most 100 KB in UTF-16, 80 KB recommended (learn.microsoft.com/
#   microsoftteams/platform/bots/how-to/format-your-bot-messages; it said 40 KB before), and
#   about 28 KB for a card posted to a chat or channel by Teams' own connector
#   (learn.microsoft.com/connectors/teams, "Known issues and limitations"). We keep to 28 KB.
MESSAGE_BYTES = 28 * 1024
ENVELOPE_BYTES = 4 * 1024  # the activity around the card: ids, addresses, summary
CARD_BYTES = MESSAGE_BYTES - ENVELOPE_BYTES
# - Teams shows at most 6 actions in a set (its host config's maxActions: github.com/
#   microsoft/AdaptiveCards, samples/HostConfig/microsoft-teams-light.json): the card's own
#   actions, "More" included, and each row's.
MAX_ACTIONS = 6
ROW_ACTIONS = 3
# - Each part of a card gets a share of CARD_BYTES, so that the largest reply still fits and
#   rows get at least ROWS_BYTES; a page holds what fits, at most ROWS_PER_PAGE rows.
TITLE_CHARS, TITLE_BYTES = 150, 1024
TEXT_CHARS, TEXT_BYTES = 2000, 5 * 1024
FACTS_MAX, FACT_LABEL_CHARS, FACT_CHARS, FACTS_BYTES = 12, 60, 300, 4 * 1024
CONTEXT_CHARS, CONTEXT_BYTES = 600, 1024
ACTIONS_BYTES = 6 * 1024  # the card's own buttons and "More"
ROW_CHARS, ROW_BYTES = 200, 1280  # a row's text, and its detail
ROW_ACTIONS_BYTES = 2560
ROWS_BYTES = 6 * 1024  # the least left for rows: more than the largest row takes
ROWS_PER_PAGE = 20  # as in Slack
LABEL_CHARS = 75  # a button's title
SUMMARY_CHARS = 200  # the activity's summary, shown in notifications (in ENVELOPE_BYTES)
NOTE_CHARS = 3000  # the longest note the core takes (grammar)
ALT_CHARS = 1000  # a picture's alt text
# - A picture is an Image element with a data: URI (Adaptive Cards allow one for a small
#   image); it takes what the rest of the card leaves, or is replaced by a line saying so.
TOO_BIG = (
    "The chart is too large to show in Teams ({kb} KB). See it on Slack, or on the console: "
    "`mlgov chat`, then `portfolio chart`, writes it to a file."
)

Card = dict[str, Any]


def size(part: object) -> int:
    sent = json.dumps(part)  # botbuilder's own serialisation: non-ASCII escaped
    shown = json.dumps(part, ensure_ascii=False).encode("utf-16-le")
    return max(len(sent), len(shown))


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- text ------------------------------------------------------------------------------

# Characters a renderer drops, breaks lines on, or that cannot be sent (lone surrogates).
_UNSENDABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Markdown anywhere in a line: emphasis, code, links, raw HTML, tables, strikethrough.
_INLINE = re.compile(r"[\\`*_\[\]<|~]")
# What a renderer could take for a link: a scheme's "//", "mailto:", a domain's dot, an IP
# address's, an entity, and Adaptive Cards' own {{DATE(…)}} / {{TIME(…)}} functions.
_LINKISH = re.compile(
    r":(?=//)|(?i:(?<=mailto)):|(?<=[^\W_])\.(?=[^\W\d_])|(?<=\d)\.(?=\d{1,3}\.\d{1,3}\.\d)"
    r"|&(?=#?\w+;)|(?<=\{)\{"
)
_BACKTICK = re.compile("`")
# What starts a heading, a quote, a list, a rule or a setext underline at a line's start.
_BLOCK = re.compile(r"^(?:[#>+=-]|\d+(?=[.)]))")


def _inline(text: str) -> str:
    return _LINKISH.sub(lambda m: "\\" + m[0], _INLINE.sub(lambda m: "\\" + m[0], text))


def _boundary(char: str) -> bool:
    """Whitespace or punctuation: where markdown lets emphasis open or close."""
    return char.isspace() or unicodedata.category(char)[0] == "P"


def _spans(text: str) -> Iterator[tuple[str, bool]]:
    """The text in pieces, each marked True when it is the core's own `code`.

    A span opens at a backtick after a boundary and before a non-space, and closes at the
    next backtick on the line after a non-space and before a boundary; a backtick that does
    neither is text. What people type cannot be told apart from the core's words, so a span
    a person writes in backticks shows bold too: never a link, a mention or anything else.
    """
    start, opened = 0, -1
    for i in (m.start() for m in _BACKTICK.finditer(text)):
        if opened >= 0 and "\n" in text[opened:i]:
            opened = -1
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opened >= 0 and not before.isspace() and before != "`" and _boundary(after):
            yield text[start:opened], False
            yield text[opened + 1 : i], True
            start, opened = i + 1, -1
        elif _boundary(before) and not after.isspace() and after != "`":
            opened = i
    yield text[start:], False


def _clipped(pieces: list[tuple[str, bool]], limit: int) -> list[tuple[str, bool]]:
    if sum(len(piece) for piece, _ in pieces) <= limit:
        return pieces
    kept, left = [], limit - 1  # and "…"
    for piece, code in pieces:
        if len(piece) >= left:
            cut = piece[:left].rstrip() if code else piece[:left]
            if cut:
                kept.append((cut, code))
            break
        kept.append((piece, code))
        left -= len(piece)
    return kept + [("…", False)]


def _clean(text: str) -> str:
    return _UNSENDABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def markdown(text: str, limit: int | None = None) -> str:
    """Core text as Teams markdown: shown as typed, the core's `code` in bold, each line of
    it a line (markdown joins lines that a single newline separates)."""
    # What is cut off later cannot matter to the spans kept: the core's `code` is short.
    pieces = list(_spans(_clean(text if limit is None else text[: limit + 1000])))
    out, line_start = [], True
    for piece, code in pieces if limit is None else _clipped(pieces, limit):
        if code:
            out.append(f"**{_inline(piece)}**")
            line_start = False
            continue
        for number, line in enumerate(piece.split("\n")):
            if number:
                out.append("\n\n")
                line_start = True
            line = _inline(line.lstrip(" \t") if line_start else line)
            if line_start:
                line = _BLOCK.sub(_unblock, line)
                line_start = not line
            out.append(line)
    return "".join(out).strip("\n")


def _unblock(match: re.Match[str]) -> str:
    """`1.` stays a number and `-` a dash, not a list; `#` not a heading; `>` not a quote."""
    return match[0] + "\\" if match[0][0].isdigit() else "\\" + match[0]


def plain(text: str, limit: int) -> str:
    """Core text where Teams shows no markdown (button and input titles, notifications)."""
    shown = "".join(piece for piece, _ in _spans(_clean(text[: limit + 1000])))
    return clip(" ".join(shown.split("\n")), limit)


def _fit(make: Callable[[int], Card], chars: int, budget: int) -> Card:
    """``make(chars)``, with fewer characters until it takes at most ``budget`` bytes."""
    part = make(chars)
    while chars > 1 and (taken := size(part)) > budget:
        chars = max(1, min(chars - 1, chars * budget // taken - 1))
        part = make(chars)
    return part


def _text(text: str, chars: int, budget: int, **style: Any) -> Card:
    return _fit(
        lambda n: {"type": "TextBlock", "text": markdown(text, n), "wrap": True, **style},
        chars,
        budget,
    )


# --- buttons ---------------------------------------------------------------------------


def submit(action: Action, inputs: count | None = None) -> Card:
    data: dict[str, Any] = {"mlgov": wire.encode(action.command)}
    title = plain(action.label, LABEL_CHARS)
    if action.note_prompt:
        # Teams merges every input of a card into one submission: each note needs its own id.
        note_id = f"note{next(inputs or count())}"
        data["noteInput"] = note_id
        return {
            "type": "Action.ShowCard",
            "title": title,
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {"type": "Input.Text", "id": note_id, "label": plain(action.note_prompt, LABEL_CHARS),
                     "isMultiline": True, "maxLength": NOTE_CHARS},
                ],
                "actions": [{"type": "Action.Submit", "title": "Send", "data": data}],
            },
        }  # fmt: skip
    card = {"type": "Action.Submit", "title": title, "data": data}
    if action.style == "primary":
        card["style"] = "positive"
    elif action.style == "danger":
        card["style"] = "destructive"
    return card


def _buttons(actions: list[Action], inputs: count, most: int, budget: int) -> list[Card]:
    """The first ``most`` actions that fit in ``budget`` bytes; one that does not is left out."""
    cards: list[Card] = []
    for action in actions:
        if len(cards) == most:
            break
        card = submit(action, inputs)
        if size(cards + [card]) <= budget:
            cards.append(card)
    return cards


def _more(query: Command, page: int, pages: int) -> Card:
    return {"type": "Action.Submit", "title": f"More ({page + 1} of {pages})",
            "data": {"mlgov": wire.encode(query), "page": page + 1}}  # fmt: skip


# --- the card --------------------------------------------------------------------------


def _row(row: Row, inputs: count) -> Card:
    items: list[Card] = [_text(row.text, ROW_CHARS, ROW_BYTES)]
    if row.detail:
        items.append(_text(row.detail, ROW_CHARS, ROW_BYTES, isSubtle=True, spacing="None"))
    buttons = _buttons(list(row.actions), inputs, ROW_ACTIONS, ROW_ACTIONS_BYTES)
    if buttons:
        items.append({"type": "ActionSet", "actions": buttons})
    return {"type": "Container", "items": items, "spacing": "Small"}


def _facts(fields: list[Field]) -> Card:
    def make(chars: int) -> Card:
        return {"type": "FactSet", "facts": [
            {"title": markdown(f.label, min(chars, FACT_LABEL_CHARS)),
             "value": markdown(f.value, chars)}
            for f in fields[:FACTS_MAX]
        ]}  # fmt: skip

    return _fit(make, FACT_CHARS, FACTS_BYTES)


def _pages(rows: list[Row], budget: int) -> list[tuple[int, int]]:
    """Page boundaries: at most ROWS_PER_PAGE rows taking at most ``budget`` bytes a page.
    Input ids do not change a row's size (each is ``note`` and a number under 10,000)."""
    bounds, start, taken = [], 0, 0
    for index, row in enumerate(rows):
        cost = size(_row(row, count(1000))) + 4  # and the comma between rows
        if index > start and (index - start >= ROWS_PER_PAGE or taken + cost > budget):
            bounds.append((start, index))
            start, taken = index, 0
        taken += cost
    bounds.append((start, len(rows)))
    return bounds


@dataclass
class _Layout:
    head: list[Card]
    tail: list[Card]
    buttons: tuple[int, int]  # how many of the card's own actions, in how many bytes
    bounds: list[tuple[int, int]]  # each page's rows
    query: Command | None


def _layout(reply: Reply) -> _Layout:
    tone = {Tone.ERROR: {"color": "Attention"}, Tone.OK: {"color": "Good"}}.get(reply.tone, {})
    head: list[Card] = []
    if reply.title:
        head.append(_text(reply.title, TITLE_CHARS, TITLE_BYTES, weight="Bolder", size="Medium"))
    head.append(_text(reply.text, TEXT_CHARS, TEXT_BYTES, **tone))
    if reply.fields:
        head.append(_facts(reply.fields))
    tail: list[Card] = []
    if reply.context:
        tail.append(_text(reply.context, CONTEXT_CHARS, CONTEXT_BYTES, isSubtle=True, size="Small"))
    query = reply.more if reply.tone != Tone.ERROR else None
    if reply.image is not None:
        head.append(_image(reply, head, tail, query))
    # Room for "More" is kept when the rows might not fit on one page; for a page line, always.
    for more in [False, True] if query is not None else [False]:
        largest = [_more(query, 9999, 9999)] if more and query is not None else []
        buttons = MAX_ACTIONS - len(largest), ACTIONS_BYTES - size(largest)
        actions = _buttons(reply.actions, count(), *buttons)
        fixed = size({"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION,
                      "body": head + tail + [_pager(9999, 9999, 99999)],
                      "actions": actions + largest})  # fmt: skip
        bounds = _pages(reply.rows, max(CARD_BYTES - fixed, ROWS_BYTES))
        if len(bounds) == 1:
            break
    return _Layout(head, tail, buttons, bounds, query)


def _image(reply: Reply, head: list[Card], tail: list[Card], query: Command | None) -> Card:
    """The picture, in what the largest rest of the card leaves (its own buttons, "More",
    a page line, and room for rows if it has any); else a line that says where to see it."""
    image: Image = reply.image  # type: ignore[assignment]
    shown: Card = {
        "type": "Image",
        "url": "data:image/png;base64," + base64.b64encode(image.data).decode("ascii"),
        "altText": plain(image.alt, ALT_CHARS),
        "size": "Stretch",
    }
    more = [_more(query, 9999, 9999)] if query is not None else []
    rest = size(
        {
            "type": "AdaptiveCard",
            "$schema": SCHEMA,
            "version": VERSION,
            "body": head + tail + [_pager(9999, 9999, 99999)],
            "actions": _buttons(reply.actions, count(), MAX_ACTIONS, ACTIONS_BYTES) + more,
        }
    )
    left = CARD_BYTES - rest - (ROWS_BYTES if reply.rows else 0)
    if size(shown) + 4 <= left:
        return shown
    return _text(TOO_BIG.format(kb=-(-len(image.data) // 1024)), TEXT_CHARS, TEXT_BYTES,
                 isSubtle=True)  # fmt: skip


def page_count(reply: Reply) -> int:
    return len(_layout(reply).bounds)


def render(reply: Reply, page: int = 1) -> Card:
    """The card for ``page`` of ``reply``: every page within CARD_BYTES."""
    layout = _layout(reply)
    pages = len(layout.bounds)
    page = min(max(page, 1), pages)
    # Input ids count up through the card: the card's own buttons first, then the rows'.
    inputs = count()
    actions = _buttons(reply.actions, inputs, *layout.buttons)
    rows = reply.rows[slice(*layout.bounds[page - 1])]
    body = layout.head + [_row(r, inputs) for r in rows]
    if pages > 1:
        body.append(_pager(page, pages, len(reply.rows)))
        if page < pages and layout.query is not None:
            actions.append(_more(layout.query, page, pages))
    card: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION}
    card["body"] = body + layout.tail
    if actions:
        card["actions"] = actions
    return card


def _pager(page: int, pages: int, rows: int) -> Card:
    return {"type": "TextBlock", "text": f"Page {page} of {pages} · {rows} in all",
            "isSubtle": True, "wrap": True}  # fmt: skip
