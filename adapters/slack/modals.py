"""Modals: a new project, and a note for a check-in answer."""

from __future__ import annotations

import json
from typing import Any

NEW_PROJECT = "mlgov_new_project"
NOTE = "mlgov_note_modal"


def _quoted(text: str) -> str:
    # The parser's quotes cannot nest: keep the user's words, swap in typographic quotes.
    return '"' + text.replace('"', "”").replace("\n", " ").strip() + '"'


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool = False) -> dict:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": {**element, "action_id": "value"},
    }


def new_project_view(channel_id: str | None) -> dict[str, Any]:
    risks = [
        {"text": {"type": "plain_text", "text": tier}, "value": tier}
        for tier in ("low", "medium", "high")
    ]
    return {
        "type": "modal",
        "callback_id": NEW_PROJECT,
        "private_metadata": channel_id or "",
        "title": {"type": "plain_text", "text": "New ML project"},
        "submit": {"type": "plain_text", "text": "Create"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input("name", "Name", {"type": "plain_text_input", "max_length": 120}),
            _input(
                "objective", "Objective",
                {"type": "plain_text_input", "multiline": True, "max_length": 2000}, True,
            ),
            _input("sponsor", "Sponsor", {"type": "users_select"}, True),
            _input("budget", "Budget", {"type": "plain_text_input", "placeholder": {
                "type": "plain_text", "text": "50k"}}, True),
            _input("risk", "Risk tier", {"type": "static_select", "options": risks}, True),
        ],
    }  # fmt: skip


def _value(view: dict[str, Any], block: str) -> str | None:
    state = view.get("state", {}).get("values", {}).get(block, {}).get("value", {})
    value = (
        state.get("value")
        or state.get("selected_user")
        or (state.get("selected_option") or {}).get("value")
    )
    return value.strip() if isinstance(value, str) and value.strip() else None


def new_project_command(view: dict[str, Any]) -> str:
    """The modal's answers as the `new` command a person could have typed."""
    parts = ["new", _quoted(_value(view, "name") or "")]
    if objective := _value(view, "objective"):
        parts.append("objective:" + _quoted(objective))
    if sponsor := _value(view, "sponsor"):
        parts.append(f"sponsor:<@{sponsor}>")
    if budget := _value(view, "budget"):
        parts.append("budget:" + budget.replace(" ", ""))
    if risk := _value(view, "risk"):
        parts.append(f"risk:{risk}")
    return " ".join(parts)


def note_view(command: str, prompt: str, reply_to: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": NOTE,
        "private_metadata": json.dumps({"command": command, **reply_to}),
        "title": {"type": "plain_text", "text": "Check in"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input(
                "note", prompt[:150],
                {"type": "plain_text_input", "multiline": True, "max_length": 3000}, True,
            )
        ],
    }  # fmt: skip


def note_command(view: dict[str, Any]) -> tuple[str, dict[str, str]]:
    meta = json.loads(view.get("private_metadata") or "{}")
    command = meta.pop("command", "")
    note = _value(view, "note")
    return (f"{command} {_quoted(note)}" if note else command), meta
