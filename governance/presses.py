"""The double-press rule, one for every platform: a button pressed twice on the same message
by the same person records one answer, whatever note goes with each press."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from governance import wire
from governance.commands import Command
from governance.context import Actor

ALREADY = "Already recorded: pressing the same button again changes nothing."


# The field a note written after pressing a button fills: a check-in's note, a refusal's
# reason, a sign-off's evidence. A command takes the first of these it has.
NOTE_FIELDS = ("note", "reason", "evidence")


def note_field(command: Command) -> str | None:
    return next((name for name in NOTE_FIELDS if hasattr(command, name)), None)


def with_note(command: Command, note: str | None) -> Command:
    """The command with the note a person wrote after pressing its button."""
    note = (note or "").strip()
    name = note_field(command)
    if not note or name is None:
        return command
    return replace(command, **{name: note[: wire.MAX_TEXT]})  # type: ignore[arg-type,type-var]


def press_key(actor: Actor, on: str, command: Command) -> str:
    """One press per person, message and command; the note is not part of it, so a double
    press with two different notes still records one answer."""
    name = note_field(command)
    what = wire.dumps(replace(command, **{name: None}) if name else command)  # type: ignore[arg-type,type-var]
    digest = hashlib.sha256(f"{actor.tenant}\n{actor.user_id}\n{on}\n{what}".encode()).hexdigest()
    return f"press:{actor.platform}:{digest[:48]}"
