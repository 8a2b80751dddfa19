"""Tokenising a chat command line: words, ``key:value`` options, quotes and mentions.

The same line arrives from Slack, Teams and the console, so the parser accepts what
phones and chat clients do to text: curly quotes, non-breaking spaces, Slack's
``<@U123|name>`` mention markup and apostrophes inside words ("Bob's data").

Every line is checked for length before anything else looks at it, and nothing here
scans user text with a pattern that can backtrack: the splitting is a hand-written loop
and each regular expression sees one token, anchored, with no nested repetition.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from governance.errors import BadCommand

MAX_LINE = 4000
# A person's id is stored in 200 characters (identity.external_id): a longer one is refused
# here, with one line, instead of failing in the database (PostgreSQL checks the length).
MAX_MENTION = 200

# Only these keys make an option; any other "x:y" stays a word, and the grammar decides,
# per verb, whether it is text (a time, a URL, a note) or a mistyped option.
OPTION_KEYS = frozenset(
    {
        "sponsor",
        "owner",
        "budget",
        "risk",
        "objective",
        "name",
        "phase",
        "health",
        "reason",
        "evidence",
        "role",
        "ingest",
        "storage",
        "access",
        "monthly",
    }
)
# Keys that make an option only after these verbs, and only with a value: elsewhere a name
# like "Ops: Q3" or "Target:Q3" stays text.
VERB_OPTION_KEYS = {
    "target": frozenset({"new", "edit"}),
    "fte": frozenset({"cost"}),
    "ops": frozenset({"cost"}),
}

_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "“”", "'": "'", "‘": "’", "’": "’"}
_MENTION_HANDLE = re.compile(r"@([\w.\-]+)")
_MENTION_MARKUP = re.compile(r"<@([\w.\-:]+)(?:\|([^>]*))?>")
_OPTION = re.compile(r"([A-Za-z][A-Za-z-]*):(.*)", re.DOTALL)


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
    # How many of ``args`` came before the first option (None: no option was given).
    # Words after the options are not part of a name: `new Foo budget:50 000` is refused.
    options_at: int | None = None


def normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    return "".join(" " if ch.isspace() else ch for ch in line).strip()


def clean(line: str) -> str:
    """The line checked and normalised, before any other look at it: its length first."""
    if len(line) > MAX_LINE:
        raise BadCommand(
            f"That command is {len(line):,} characters long; the limit is {MAX_LINE:,}."
        )
    if any("\ud800" <= ch <= "\udfff" for ch in line):
        # Half of a character (a broken emoji) cannot be stored or shown.
        raise BadCommand("That command holds a broken character (half an emoji?); type it again.")
    line = normalise(line)
    if any(unicodedata.category(ch) == "Cc" for ch in line):
        raise BadCommand("That command contains control characters; type it as plain text.")
    return line


def parse(line: str, *, handles: bool = True) -> Parsed:
    return tokens(clean(line), handles=handles)


def tokens(line: str, *, handles: bool = True) -> Parsed:
    """A line that ``clean`` passed, split into the verb, its words and its options.

    ``handles``: a bare ``@name`` is a mention (the console, where a handle is the person).
    On Slack and Teams a person is mentioned with the platform's own markup; a typed
    ``@here`` or ``@bob`` there is only text, never a person called "here"."""
    found = list(_split(line))
    if not found:
        raise BadCommand("Say a command, for example `help` or `portfolio`.")
    verb_token, *rest = found
    if not isinstance(verb_token, str):
        raise BadCommand("Start with a command word, for example `status` or `help`.")
    parsed = Parsed(verb=verb_token.lower())
    for raw in rest:
        if isinstance(raw, Word):  # quoted: always a positional text
            parsed.args.append(raw)
            continue
        option = _OPTION.fullmatch(raw)
        if option and _is_option(parsed.verb, option.group(1).lower(), option.group(2)):
            key, value = option.group(1).lower(), option.group(2)
            if key in parsed.options:
                raise BadCommand(f"`{key}:` is given twice.")
            if value == "":
                raise BadCommand(f"`{key}:` needs a value, like {key}:something.")
            parsed.options[key] = _classify(value, handles)
            if parsed.options_at is None:
                parsed.options_at = len(parsed.args)
        else:
            parsed.args.append(_classify(raw, handles))
    return parsed


def _is_option(verb: str, key: str, value: str) -> bool:
    return key in OPTION_KEYS or (value != "" and verb in VERB_OPTION_KEYS.get(key, ()))


def _classify(raw: str | Word, handles: bool = True) -> Token:
    if isinstance(raw, Word):
        return raw
    handle = _MENTION_HANDLE.fullmatch(raw) if handles else None
    if handle:
        # Console handles are case-insensitive: @Alice and @alice are one person. Platform
        # mentions arrive as markup with the platform's own id, kept exactly.
        return _mention(handle.group(1).lower(), handle.group(1))
    markup = _MENTION_MARKUP.fullmatch(raw)
    if markup:
        return _mention(markup.group(1), markup.group(2) or None)
    return Word(raw)


def _mention(user_id: str, label: str | None) -> Mention:
    if len(user_id) > MAX_MENTION or (label is not None and len(label) > MAX_MENTION):
        raise BadCommand(
            f"That mention is too long: a person is named in at most {MAX_MENTION} characters."
        )
    return Mention(user_id, label)


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
        close = line.find(">", i) if line.startswith("<@", i) else -1
        if close != -1:
            # Mention markup runs to its ">": a display name in it may hold spaces.
            yield line[i : close + 1]
            i = close + 1
            continue
        start = i
        while i < n and line[i] != " ":
            if line[i] == ":" and i + 1 < n and line[i + 1] in _QUOTES:
                key = line[start : i + 1]
                text, i = _read_quoted(line, i + 1)
                yield key + text
                break
            if line[i] == ":" and line.startswith("<@", i + 1):
                close = line.find(">", i + 1)
                if close != -1:
                    yield line[start : close + 1]  # sponsor:<@U1|Bob Sponsor>
                    i = close + 1
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
