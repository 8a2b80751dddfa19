"""Platform-neutral replies that adapters render to Block Kit, Adaptive Cards or text.

A reply holds facts (title, fields, rows) and actions. An action carries a command (not
chat text) that the pressing person runs: the adapter hands it back to :meth:`Mlgov.press`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from governance.commands import Command


class Tone(StrEnum):
    INFO = "info"
    OK = "ok"
    ERROR = "error"


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Action:
    """A button. Pressing it runs ``command`` as the person who pressed it.

    When ``note_prompt`` is set, the adapter first asks for a free-text note (a modal in
    Slack, an input in Teams) and passes it along with the command.
    """

    label: str
    command: Command
    style: str | None = None  # "primary" | "danger" | None
    note_prompt: str | None = None


@dataclass(frozen=True)
class Row:
    """One line of a list (a project in a portfolio, an event in a history)."""

    text: str
    detail: str | None = None
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Image:
    """A picture with a reply (a PNG): Slack uploads it, Teams shows it in the card, the
    console writes it to a file. Never stored: the outbox and the inbound log keep a
    reply's words only (rhythm/payload.py leaves the image out), so a reply read back from
    the database has none."""

    data: bytes
    filename: str
    alt: str  # what the picture shows, for screen readers and wherever it cannot be shown

    def __repr__(self) -> str:  # not the bytes, in logs and test failures
        return f"Image({self.filename!r}, {len(self.data)} bytes)"


@dataclass
class Reply:
    text: str
    title: str | None = None
    fields: list[Field] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    context: str | None = None
    tone: Tone = Tone.INFO
    # A query answers only the asker (ephemeral in Slack); a change is announced.
    query: bool = False
    # The query that shows these rows again: what "More" pages and "Share" posts. Only
    # queries are re-run; a reply to a change has none unless it names the query to run.
    more: Command | None = None
    image: Image | None = None

    @classmethod
    def error(cls, text: str) -> Reply:
        return cls(text=text, tone=Tone.ERROR, query=True)

    @classmethod
    def ok(cls, text: str, **kwargs: object) -> Reply:
        return cls(text=text, tone=Tone.OK, **kwargs)  # type: ignore[arg-type]
