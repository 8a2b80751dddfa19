"""A core Reply as Block Kit, within Slack's limits (adapters/slack/limits.py).

Every text from a reply is escaped exactly once (adapters/slack/markup.py) and sent as
``verbatim`` mrkdwn, so Slack neither reads markup nor links or mentions anything in it;
the top-level ``text`` is escaped the same way. A button's value is its command as data
(``{"c": …}``), never chat text; a button whose value would not fit is left out, since it
could not work. Long lists are paged: "More" carries the reply's query and the next page,
and pressing it runs that query again; a reply to a change is never re-run, and an error
is never offered to share.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from adapters.slack import limits
from adapters.slack.limits import clip, size
from adapters.slack.markup import escaped
from governance import wire
from governance.commands import Command
from governance.errors import BadCommand
from governance.replies import Action, Reply, Row, Tone

ROWS_PER_PAGE = 20
PAGE_CHARS = 12_000  # the rows of one page, so a message stays far below Slack's limits
ROW_CHARS = 600  # a row's text and its detail, each, as sent (escaped)
FIELD_CHARS = 500  # a long note in a field is cut; `history` has it whole
LABEL_CHARS = 200  # a field's label
ACTIONS = 22  # a reply's own buttons, leaving room for More and Share
VIEW_ROWS = 80  # rows an App Home shows (a view holds 100 blocks)
ROW_ACTIONS = 5  # a row's buttons: one beside its text, or several in a block under it
PAGE_BLOCKS = 40  # the blocks of one page's rows, leaving room for the head and the end

RUN = "mlgov_run"  # a button that runs its command
NOTE = "mlgov_note"  # a button that asks for a note first
SHARE = "mlgov_share"  # "share in channel" on an ephemeral answer
MORE = "mlgov_more"  # the next page of a long list

Block = dict[str, Any]


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object for text already escaped: Slack shows it as it is."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(text: str, limit: int = limits.TEXT) -> dict[str, Any]:
    """Plain text is never read as markup: it goes as typed."""
    return {"type": "plain_text", "text": clip(text, limit)}


@dataclass(frozen=True)
class Pressed:
    """What a button carried: its command, the page wanted, the question to ask first."""

    command: Command
    page: int = 1
    ask: str | None = None


def value(command: Command, *, page: int | None = None, ask: str | None = None) -> str:
    data: dict[str, Any] = {"c": wire.encode(command)}
    if page is not None:
        data["page"] = page
    if ask:
        data["ask"] = ask[:150]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def pressed(raw: str) -> Pressed:
    """A button's value read back; BadCommand for anything this version did not write."""
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict) or "c" not in data:
        shown = raw[:200] if isinstance(raw, str) else ""
        raise BadCommand(
            f"This button is from an earlier version of mlgov; say `{shown}` instead."
            if shown
            else "That button no longer works; say the command instead."
        )
    page = data.get("page", 1)
    ask = data.get("ask")
    return Pressed(
        wire.decode(data["c"]),
        page if isinstance(page, int) and 0 < page < 10_000 else 1,
        ask if isinstance(ask, str) else None,
    )


def _button(label: str, action_id: str, raw: str, style: str | None = None) -> Block | None:
    if size(raw) > limits.BUTTON_VALUE:
        return None  # a button that cannot carry its command cannot work
    element: Block = {"type": "button", "text": plain(label, limits.BUTTON_TEXT),
                      "action_id": action_id, "value": raw}  # fmt: skip
    if style in ("primary", "danger"):
        element["style"] = style
    return element


def button(action: Action, index: int = 0) -> Block | None:
    return _button(
        action.label,
        f"{NOTE if action.note_prompt else RUN}:{index}",
        value(action.command, ask=action.note_prompt),
        action.style,
    )


def _row_text(row: Row) -> str:
    text = escaped(row.text, ROW_CHARS)
    if row.detail:
        text += "\n" + escaped(row.detail, ROW_CHARS)
    return text


def _row_buttons(row: Row) -> list[Block]:
    """The buttons of a row with several (a check-in's three answers), in order."""
    buttons = (button(action, index) for index, action in enumerate(row.actions[:ROW_ACTIONS]))
    return [b for b in buttons if b is not None]


def _row_blocks(rows: list[Row]) -> list[Block]:
    """Rows without buttons share sections; a row with one button gets its own section,
    the button beside the text; a row with several, a section and its buttons under it."""
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append({"type": "section", "text": mrkdwn("\n".join(pending))})
            pending.clear()

    for row in rows:
        text = _row_text(row)
        several = _row_buttons(row) if len(row.actions) > 1 else []
        if several:
            flush()
            blocks.append({"type": "section", "text": mrkdwn(text)})
            blocks.append({"type": "actions", "elements": several})
            continue
        accessory = button(row.actions[0], len(blocks)) if row.actions else None
        if accessory is not None:
            flush()
            blocks.append({"type": "section", "text": mrkdwn(text), "accessory": accessory})
            continue
        if sum(size(p) + 1 for p in pending) + size(text) > limits.TEXT:
            flush()
        pending.append(text)
    flush()
    return blocks


def _bounds(rows: list[Row], per_page: int = ROWS_PER_PAGE) -> list[tuple[int, int]]:
    """Page boundaries: at most ``per_page`` rows, PAGE_CHARS characters and PAGE_BLOCKS
    blocks a page."""
    bounds, start, used, used_blocks = [], 0, 0, 0
    for index, row in enumerate(rows):
        cost = size(_row_text(row)) + sum(
            size(value(a.command, ask=a.note_prompt)) + size(a.label)
            for a in row.actions[:ROW_ACTIONS]
        )
        cost_blocks = 2 if len(row.actions) > 1 else 1
        if index > start and (
            index - start >= per_page
            or used + cost > PAGE_CHARS
            or used_blocks + cost_blocks > PAGE_BLOCKS
        ):
            bounds.append((start, index))
            start, used, used_blocks = index, 0, 0
        used += cost
        used_blocks += cost_blocks
    bounds.append((start, len(rows)))
    return bounds


def pages(reply: Reply) -> int:
    """How many pages ``render`` shows ``reply`` in."""
    return len(_bounds(reply.rows))


def _head(reply: Reply) -> list[Block]:
    blocks: list[Block] = []
    if reply.title:
        blocks.append({"type": "header", "text": plain(reply.title, limits.HEADER)})
    mark = {Tone.ERROR: ":x: ", Tone.OK: ":white_check_mark: "}.get(reply.tone, "")
    blocks.append(
        {"type": "section", "text": mrkdwn(mark + escaped(reply.text, limits.TEXT - len(mark)))}
    )
    for start in range(0, len(reply.fields), limits.FIELDS):
        fields = [
            mrkdwn(f"*{escaped(f.label, LABEL_CHARS)}*\n{escaped(f.value, FIELD_CHARS)}")
            for f in reply.fields[start : start + limits.FIELDS]
        ]
        blocks.append({"type": "section", "fields": fields})
    return blocks


def render(reply: Reply, page: int = 1, share: bool = False) -> list[Block]:
    """Blocks for a reply; a reply to a query can be paged and (``share``) shared."""
    blocks = _head(reply)
    bounds = _bounds(reply.rows)
    page = min(max(page, 1), len(bounds))
    row_blocks = _row_blocks(reply.rows[slice(*bounds[page - 1])])
    # Room for the context, the page line and the buttons at the end.
    blocks.extend(row_blocks[: limits.MESSAGE_BLOCKS - len(blocks) - 3])
    if reply.context:
        context = mrkdwn(escaped(reply.context, limits.TEXT))
        blocks.append({"type": "context", "elements": [context]})
    elements = [button(a, i) for i, a in enumerate(reply.actions[:ACTIONS])]
    query = reply.more if reply.tone != Tone.ERROR else None
    if len(bounds) > 1 and query is not None:
        shown = f"Page {page} of {len(bounds)} · {len(reply.rows)} in all"
        blocks.append({"type": "context", "elements": [mrkdwn(shown)]})
        if page < len(bounds):
            label = f"More ({page + 1} of {len(bounds)})"
            elements.append(_button(label, MORE, value(query, page=page + 1)))
    if share and query is not None:
        elements.append(_button("Share in channel", SHARE, value(query, page=page)))
    kept = [e for e in elements if e is not None]
    if kept:
        blocks.append({"type": "actions", "elements": kept[: limits.ACTIONS_ELEMENTS]})
    return blocks[: limits.MESSAGE_BLOCKS]


def home(reply: Reply) -> dict[str, Any]:
    """The App Home view: a view holds twice a message's blocks, so more rows show (one
    block each, two for a row with several buttons); any beyond VIEW_ROWS, or beyond what
    the view's blocks hold, are counted instead."""
    blocks = _head(reply)
    room = limits.VIEW_BLOCKS - len(blocks) - 2
    rows = reply.rows[:VIEW_ROWS]
    while len(_row_blocks(rows)) > room:
        rows = rows[:-1]
    blocks.extend(_row_blocks(rows))
    notes = [reply.context] if reply.context else []
    if len(reply.rows) > len(rows):
        notes.append(f"Showing the first {len(rows)} of {len(reply.rows)}.")
    if notes:
        elements = [mrkdwn(escaped(note, limits.TEXT)) for note in notes]
        blocks.append({"type": "context", "elements": elements})
    buttons = [e for e in (button(a, i) for i, a in enumerate(reply.actions[:ACTIONS])) if e]
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return {"type": "home", "blocks": blocks}


def fallback(reply: Reply) -> str:
    """The top-level text that goes with the blocks (notifications, screen readers):
    escaped like the blocks, or it would be read as markup."""
    return escaped(reply.text, limits.TEXT)
