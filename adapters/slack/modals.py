"""Modals: a new project, and a note for a check-in answer."""

from __future__ import annotations

import json
from typing import Any

from adapters.slack import limits
from adapters.slack.limits import clip, size
from governance import values
from governance.commands import NewProject
from governance.errors import BadCommand
from governance.parser import Mention
from governance.phases import RiskTier

NEW_PROJECT = "mlgov_new_project"
NOTE = "mlgov_note_modal"


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
            _input("budget", "Budget", {"type": "plain_text_input", "max_length": 40,
                   "placeholder": {"type": "plain_text", "text": "50k"}}, True),
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


def new_project_command(view: dict[str, Any]) -> NewProject:
    """The modal's answers as a `new` command; BadCommand names the field that is wrong,
    and ``error.field`` says which input to mark."""
    name = _value(view, "name") or ""
    budget = _value(view, "budget")
    risk = _value(view, "risk")
    sponsor = _value(view, "sponsor")
    try:
        amount = values.amount(budget.replace(" ", ""), "budget") if budget else None
    except BadCommand as error:
        raise FieldError("budget", error.message) from None
    return NewProject(
        name=name,
        sponsor=Mention(sponsor) if sponsor else None,
        budget=amount,
        risk=RiskTier(risk) if risk in ("low", "medium", "high") else None,
        objective=_value(view, "objective"),
    )


class FieldError(BadCommand):
    """A modal input with a value that can't be used: shown under that input."""

    def __init__(self, block_id: str, message: str) -> None:
        super().__init__(message)
        self.block_id = block_id


def note_view(pressed_value: str, prompt: str, meta: dict[str, str]) -> dict[str, Any]:
    """Asks for the note of a pressed button; the button's command travels in the metadata
    (as JSON, not as a string of JSON, whose quotes would be escaped again). BadCommand when
    it cannot fit there."""
    data: dict[str, Any] = {"v": json.loads(pressed_value), **meta}
    metadata = _compact(data)
    if size(metadata) > limits.PRIVATE_METADATA:
        data.pop("url", None)  # the answer then comes by direct message
        metadata = _compact(data)
    if size(metadata) > limits.PRIVATE_METADATA:
        raise BadCommand("This button can't take a note; say the command with your note instead.")
    return {
        "type": "modal",
        "callback_id": NOTE,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Check in"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input(
                "note", clip(prompt, limits.INPUT_LABEL),
                {"type": "plain_text_input", "multiline": True, "max_length": 3000}, True,
            )
        ],
    }  # fmt: skip


def _compact(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def note_submitted(view: dict[str, Any]) -> tuple[str, str | None, dict[str, str]]:
    """(the button's value, the note written, the rest of the metadata)."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    if not isinstance(meta, dict):
        meta = {}
    pressed = meta.pop("v", "")
    # A modal opened by an earlier version carries the value as a string.
    raw = pressed if isinstance(pressed, str) else _compact(pressed)
    return raw, _value(view, "note"), {k: v for k, v in meta.items() if isinstance(v, str)}
