"""A core Reply as an Adaptive Card (schema 1.5), well under Teams' 100 KB message limit.

Buttons are Action.Submit carrying the command as data in ``data.mlgov``; a button that
wants a note shows an Input.Text first (Action.ShowCard), whose id is unique in the card and
named in ``data.noteInput``. Long lists are paged like in Slack: "More" runs the reply's
query again.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from governance import wire
from governance.replies import Action, Reply, Row, Tone

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
ROWS_PER_PAGE = 20  # as in Slack
ROW_CHARS = 200
FIELD_CHARS = 300
TEXT_CHARS = 3000
FIELDS_MAX = 25
LABEL_CHARS = 75

Card = dict[str, Any]


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(text: str, **style: Any) -> Card:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def submit(action: Action, inputs: count | None = None) -> Card:
    data: dict[str, Any] = {"mlgov": wire.encode(action.command)}
    if action.note_prompt:
        # Teams merges every input of a card into one submission: each note needs its own id.
        note_id = f"note{next(inputs or count())}"
        data["noteInput"] = note_id
        return {
            "type": "Action.ShowCard",
            "title": clip(action.label, LABEL_CHARS),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {"type": "Input.Text", "id": note_id, "label": clip(action.note_prompt, LABEL_CHARS),
                     "isMultiline": True, "maxLength": 3000},
                ],
                "actions": [{"type": "Action.Submit", "title": "Send", "data": data}],
            },
        }  # fmt: skip
    card = {"type": "Action.Submit", "title": clip(action.label, LABEL_CHARS), "data": data}
    if action.style == "primary":
        card["style"] = "positive"
    elif action.style == "danger":
        card["style"] = "destructive"
    return card


def _row(row: Row, inputs: count) -> Card:
    items: list[Card] = [_text(clip(row.text, ROW_CHARS))]
    if row.detail:
        items.append(_text(clip(row.detail, ROW_CHARS), isSubtle=True, spacing="None"))
    if row.actions:
        items.append({"type": "ActionSet", "actions": [submit(a, inputs) for a in row.actions[:3]]})
    return {"type": "Container", "items": items, "spacing": "Small"}


def render(reply: Reply, page: int = 1) -> Card:
    body: list[Card] = []
    inputs = count()
    if reply.title:
        body.append(_text(clip(reply.title, 200), weight="Bolder", size="Medium"))
    style = {"color": "Attention"} if reply.tone == Tone.ERROR else {}
    if reply.tone == Tone.OK:
        style = {"color": "Good"}
    body.append(_text(clip(reply.text, TEXT_CHARS), **style))
    if reply.fields:
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": clip(f.label, 100), "value": clip(f.value, FIELD_CHARS)}
                    for f in reply.fields[:FIELDS_MAX]
                ],
            }
        )
    pages = max(1, -(-len(reply.rows) // ROWS_PER_PAGE))
    page = min(max(page, 1), pages)
    body.extend(
        _row(r, inputs) for r in reply.rows[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]
    )
    if pages > 1:
        body.append(_text(f"Page {page} of {pages} · {len(reply.rows)} in all", isSubtle=True))
    if reply.context:
        body.append(_text(clip(reply.context, TEXT_CHARS), isSubtle=True, size="Small"))
    actions = [submit(a, inputs) for a in reply.actions[:6]]
    query = reply.more if reply.tone != Tone.ERROR else None
    if pages > 1 and page < pages and query is not None:
        actions.append(
            {"type": "Action.Submit", "title": f"More ({page + 1} of {pages})",
             "data": {"mlgov": wire.encode(query), "page": page + 1}}
        )  # fmt: skip
    card: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.5", "body": body}
    if actions:
        card["actions"] = actions
    return card
