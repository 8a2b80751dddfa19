"""A core Reply as Block Kit, within Slack's limits.

Limits kept here: 40,000 characters a message, 50 blocks a message, 3,000 characters a section text, 2,000 a field,
10 fields a section, 150 a header, 75 a button label, 2,000 a button value, 25 elements
an actions block. A button's value is its command as data (``{"c": …}``), never chat text.
Long lists are paged: "More" carries the reply's query and the next page, and pressing it
runs that query again; a reply to a change is never re-run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from governance import wire
from governance.commands import Command
from governance.errors import BadCommand
from governance.replies import Action, Reply, Row, Tone

MAX_BLOCKS = 50
MAX_TEXT = 3000
MAX_FIELD = 2000
MAX_HEADER = 150
MAX_LABEL = 75
MAX_VALUE = 2000
ROWS_PER_PAGE = 20
PAGE_CHARS = 12_000  # the rows of one page, so a message stays far below 40,000
ROW_CHARS = 280  # a row's text and its detail, each
FIELD_CHARS = 500  # a long note in a field is cut; `history` has it whole

RUN = "mlgov_run"  # a button that runs its command
NOTE = "mlgov_note"  # a button that asks for a note first
SHARE = "mlgov_share"  # "share in channel" on an ephemeral answer
MORE = "mlgov_more"  # the next page of a long list

Block = dict[str, Any]


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """Slack mrkdwn control characters, so user text cannot inject links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": clip(text, MAX_TEXT)}


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


def button(action: Action, index: int = 0) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(action.label, MAX_LABEL), "emoji": True},
        "action_id": f"{NOTE if action.note_prompt else RUN}:{index}",
        "value": value(action.command, ask=action.note_prompt),
    }
    if action.style in ("primary", "danger"):
        element["style"] = action.style
    return element


def _row_text(row: Row) -> str:
    text = escape(clip(row.text, ROW_CHARS))
    if row.detail:
        text += "\n" + escape(clip(row.detail, ROW_CHARS))
    return text


def _row_blocks(rows: list[Row]) -> list[Block]:
    """Rows without buttons share sections; a row with buttons gets its own."""
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append({"type": "section", "text": _md("\n".join(pending))})
            pending.clear()

    for row in rows:
        text = _row_text(row)
        if row.actions:
            flush()
            block: Block = {"type": "section", "text": _md(text)}
            block["accessory"] = button(row.actions[0], len(blocks))
            blocks.append(block)
            continue
        if sum(len(p) + 1 for p in pending) + len(text) > MAX_TEXT:
            flush()
        pending.append(text)
    flush()
    return blocks


def _pages(rows: list[Row]) -> list[tuple[int, int]]:
    """Page boundaries: at most ROWS_PER_PAGE rows and PAGE_CHARS characters a page."""
    bounds, start, size = [], 0, 0
    for index, row in enumerate(rows):
        cost = len(_row_text(row)) + sum(
            len(value(a.command, ask=a.note_prompt)) + len(a.label) for a in row.actions[:1]
        )
        if index > start and (index - start >= ROWS_PER_PAGE or size + cost > PAGE_CHARS):
            bounds.append((start, index))
            start, size = index, 0
        size += cost
    bounds.append((start, len(rows)))
    return bounds


def render(reply: Reply, page: int = 1, share: bool = False) -> list[Block]:
    """Blocks for a reply; a reply to a query can be paged and (``share``) shared."""
    blocks: list[Block] = []
    if reply.title:
        blocks.append(
            {
                "type": "header",
                "text": {"type": "plain_text", "text": clip(reply.title, MAX_HEADER)},
            }
        )
    mark = (
        ":x: "
        if reply.tone == Tone.ERROR
        else ":white_check_mark: "
        if reply.tone == Tone.OK
        else ""
    )
    blocks.append({"type": "section", "text": _md(mark + escape(reply.text))})
    for start in range(0, len(reply.fields), 10):
        chunk = reply.fields[start : start + 10]
        blocks.append(
            {
                "type": "section",
                "fields": [
                    _md(
                        clip(
                            f"*{escape(f.label)}*\n{escape(clip(f.value, FIELD_CHARS))}", MAX_FIELD
                        )
                    )
                    for f in chunk
                ],
            }
        )
    bounds = _pages(reply.rows)
    pages = len(bounds)
    page = min(max(page, 1), pages)
    rows = reply.rows[slice(*bounds[page - 1])]
    row_blocks = _row_blocks(rows)
    # Keep room for context and actions at the end.
    budget = MAX_BLOCKS - len(blocks) - 3
    blocks.extend(row_blocks[:budget])
    if reply.context:
        blocks.append({"type": "context", "elements": [_md(escape(reply.context))]})
    elements = [button(a, i) for i, a in enumerate(reply.actions[:22])]
    query = reply.more if reply.tone != Tone.ERROR else None
    if pages > 1 and query is not None:
        blocks.append(
            {
                "type": "context",
                "elements": [_md(f"Page {page} of {pages} · {len(reply.rows)} in all")],
            }
        )
        if page < pages:
            elements.append(
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": f"More ({page + 1} of {pages})"},
                    "action_id": MORE,
                    "value": value(query, page=page + 1),
                }
            )
    if share and query is not None:
        elements.append(
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "Share in channel"},
                "action_id": SHARE,
                "value": value(query, page=page),
            }
        )
    if elements:
        blocks.append({"type": "actions", "elements": elements[:25]})
    return blocks[:MAX_BLOCKS]


def fallback(reply: Reply) -> str:
    """The notification text that accompanies blocks."""
    return clip(reply.text, MAX_TEXT)
