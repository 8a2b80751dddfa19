"""Slack's text markup both ways: what a person typed, from the text Slack sends; and text
for Slack, escaped exactly once.

Slack sends a typed ``&``, ``<`` and ``>`` as ``&amp;``, ``&lt;`` and ``&gt;`` in slash
commands and events (not in modal inputs), and what the person's client turned into markup
as ``<…>``: a mention ``<@U123|name>``, a channel ``<#C123|name>``, ``<!here>``, a link
``<https://…|label>``. The core keeps the human text; mentions of people stay markup, which
the parser reads as mentions.

Going out, every text the bot did not write as markup is escaped once, so a project called
``<!channel>`` shows as that text and never notifies anyone.
"""

from __future__ import annotations

import re

from adapters.slack.limits import size

_MARKUP = re.compile(r"<([^<>]*)>")
_SPECIAL = ("here", "channel", "everyone")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def typed(text: str) -> str:
    """The text as the person typed it, from a slash command's or an event's text."""
    parts, last = [], 0
    for markup in _MARKUP.finditer(text):
        parts.append(unescape(text[last : markup.start()]))
        parts.append(_readable(markup.group(1)))
        last = markup.end()
    parts.append(unescape(text[last:]))
    return "".join(parts)


def _readable(inner: str) -> str:
    target, _, label = inner.partition("|")
    label = unescape(label)
    if target.startswith("@"):
        # A person: kept as markup for the parser; the label is only a name to show, so it
        # loses what would end the markup early.
        label = re.sub(r"[<>|]", "", label)
        return f"<{target}|{label}>" if label else f"<{target}>"
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!"):
        word = target[1:].split("^")[0]
        if word in _SPECIAL:
            return f"@{word}"
        return label or f"@{word}"  # a user group (`<!subteam^S1|@team>`), a date
    return label or unescape(target)  # a link: what the person saw (`example.com`)


def escape(text: str) -> str:
    """Slack's control characters as entities: the text shows as typed, never as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cost(char: str) -> int:
    if char == "&":
        return 5
    if char in "<>":
        return 4
    return 2 if ord(char) > 0xFFFF else 1


def escaped(text: str, limit: int) -> str:
    """``escape(text)`` within ``limit`` (as Slack counts), cut between characters (never
    inside an entity) and ending in "…" when it was cut."""
    if size(text) * 5 <= limit or sum(map(_cost, text)) <= limit:
        return escape(text)
    used = 0
    for index, char in enumerate(text):
        used += _cost(char)
        if used > limit - 1:
            return escape(text[:index]) + "…"
    return escape(text)  # pragma: no cover - the sum said it was too long
