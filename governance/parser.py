"""Tokenising a chat command line: words, ``key:value`` options, quotes and mentions.

The same line arrives from Slack, Teams and the console, so the parser accepts what
phones and chat clients do to text: curly quotes, non-breaking spaces, Slack's
``<@U123|name>`` mention markup and apostrophes inside words ("Bob's data").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from governance.errors import BadCommand

MAX_LINE = 4000

# Only these keys make an option; any other "x:y" stays a plain word (a time, a URL).
OPTION_KEYS = frozenset(
    {
        "sponsor",
        "owner",
        "budget",
        "risk",
        "objective",
        "phase",
        "health",
        "reason",
        "evidence",
        "role",
        "ingest",
        "storage",
        "access",
        "monthly",
        "page",
    }
)

_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "“”", "'": "'", "‘": "’", "’": "’"}
_MENTION_HANDLE = re.compile(r"^@([\w.\-]+)$")
_MENTION_MARKUP = re.compile(r"^<@([\w.\-:]+)(?:\|([^>]*))?>$")
_OPTION = re.compile(r"^([a-z][a-z-]*):(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Mention:
    """``@handle`` on the console, ``<@U123|name>`` from Slack or Teams."""

    user_id: str
    label: str | None = None

    def __str__(self) -> str:
        return f"@{self.label or self.user_id}"


@dataclass(frozen=True)
class Word:
    text: str
    quoted: bool = False


Token = Word | Mention


@dataclass
class Parsed:
    verb: str
    args: list[Token] = field(default_factory=list)
    options: dict[str, Token] = field(default_factory=dict)


def normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    return "".join(" " if ch.isspace() else ch for ch in line).strip()


def parse(line: str) -> Parsed:
    if len(line) > MAX_LINE:
        raise BadCommand(
            f"That command is {len(line):,} characters long; the limit is {MAX_LINE:,}."
        )
    line = normalise(line)
    if any(unicodedata.category(ch) == "Cc" for ch in line):
        raise BadCommand("That command contains control characters; type it as plain text.")
    tokens = list(_split(line))
    if not tokens:
        raise BadCommand("Say a command, for example `help` or `portfolio`.")
    verb_token, *rest = tokens
    if not isinstance(verb_token, str):
        raise BadCommand("Start with a command word, for example `status` or `help`.")
    parsed = Parsed(verb=verb_token.lower())
    for raw in rest:
        if isinstance(raw, Word):  # quoted: always a positional text
            parsed.args.append(raw)
            continue
        option = _OPTION.match(raw)
        if option and option.group(1) in OPTION_KEYS:
            key, value = option.group(1), option.group(2)
            if key in parsed.options:
                raise BadCommand(f"`{key}:` is given twice.")
            if value == "":
                raise BadCommand(f"`{key}:` needs a value, like {key}:something.")
            parsed.options[key] = _classify(value)
        else:
            parsed.args.append(_classify(raw))
    return parsed


def _classify(raw: str | Word) -> Token:
    if isinstance(raw, Word):
        return raw
    handle = _MENTION_HANDLE.match(raw)
    if handle:
        return Mention(handle.group(1), handle.group(1))
    markup = _MENTION_MARKUP.match(raw)
    if markup:
        return Mention(markup.group(1), markup.group(2) or None)
    return Word(raw)


def _split(line: str):
    """Yield bare tokens as ``str`` and quoted ones as ``Word(quoted=True)``.

    ``key:"a b"`` yields the string ``key:`` joined with the quoted text, so that the
    option keeps its value whole.
    """
    i, n = 0, len(line)
    while i < n:
        if line[i] == " ":
            i += 1
            continue
        if line[i] in _QUOTES:
            text, i = _read_quoted(line, i)
            yield Word(text, quoted=True)
            continue
        if line.startswith("<@", i) and ">" in line[i:]:
            # Mention markup runs to its ">": a display name in it may hold spaces.
            end = line.index(">", i) + 1
            yield line[i:end]
            i = end
            continue
        start = i
        while i < n and line[i] != " ":
            if line[i] == ":" and i + 1 < n and line[i + 1] in _QUOTES:
                key = line[start : i + 1]
                text, i = _read_quoted(line, i + 1)
                yield key + text
                break
            if line[i] == ":" and line.startswith("<@", i + 1) and ">" in line[i + 1 :]:
                end = line.index(">", i + 1) + 1  # sponsor:<@U1|Bob Sponsor>
                yield line[start:end]
                i = end
                break
            i += 1
        else:
            yield line[start:i]


def _read_quoted(line: str, i: int) -> tuple[str, int]:
    closers = _QUOTES[line[i]]
    end = i + 1
    while end < len(line) and line[end] not in closers:
        end += 1
    if end >= len(line):
        raise BadCommand(
            'A quote is not closed: put the text between two quotes, like reason:"the reason".'
        )
    after = end + 1
    if after < len(line) and line[after] != " ":
        raise BadCommand("Leave a space after a closing quote.")
    return line[i + 1 : end], after
