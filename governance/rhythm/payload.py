"""Replies stored in the outbox as JSON, and read back."""

from __future__ import annotations

import json
from typing import Any

from governance import wire
from governance.commands import Command
from governance.replies import Action, Field, Reply, Row, Tone


def _action(action: Action) -> dict:
    data: dict[str, Any] = {"label": action.label, "command": wire.encode(action.command)}
    if action.style is not None:
        data["style"] = action.style
    if action.note_prompt is not None:
        data["note_prompt"] = action.note_prompt
    return data


def _command(data: Any) -> Command:
    if isinstance(data, str):
        # Stored before buttons carried commands: our own words, read once as we wrote them.
        from governance.grammar import read

        return read(data)
    return wire.decode(data)


def _load_action(data: dict) -> Action:
    return Action(
        data["label"], _command(data["command"]), data.get("style"), data.get("note_prompt")
    )


def dump(reply: Reply) -> str:
    """The reply as compact JSON; what is left at its default is left out (``load`` puts it
    back). Built by hand: ``dataclasses.asdict`` deep-copies every value, and the planning
    pass stores thousands of replies at the start of a week."""
    data: dict[str, object] = {"text": reply.text}
    if reply.title is not None:
        data["title"] = reply.title
    if reply.fields:
        data["fields"] = [{"label": f.label, "value": f.value} for f in reply.fields]
    if reply.rows:
        data["rows"] = [
            {"text": r.text, "detail": r.detail, "actions": [_action(a) for a in r.actions]}
            for r in reply.rows
        ]
    if reply.actions:
        data["actions"] = [_action(a) for a in reply.actions]
    if reply.context is not None:
        data["context"] = reply.context
    if reply.tone is not Tone.INFO:
        data["tone"] = reply.tone.value
    if reply.query:
        data["query"] = True
    if reply.more is not None:
        data["more"] = wire.encode(reply.more)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load(text: str) -> Reply:
    data = json.loads(text)
    return Reply(
        text=data["text"],
        title=data.get("title"),
        fields=[Field(**f) for f in data.get("fields", [])],
        rows=[
            Row(r["text"], r.get("detail"), tuple(_load_action(a) for a in r.get("actions", [])))
            for r in data.get("rows", [])
        ],
        actions=[_load_action(a) for a in data.get("actions", [])],
        context=data.get("context"),
        tone=Tone(data.get("tone", "info")),
        query=data.get("query", False),
        more=_command(data["more"]) if "more" in data else None,
    )
