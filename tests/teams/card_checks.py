"""What every card the bot sends must be, written once for the Teams tests: valid for Teams
(Microsoft's adaptivecards library with Teams' host config), within Teams' message size,
input ids unique, and every text shown as typed (markdown-it, CommonMark, as the most any
Teams client could make of it)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from botbuilder.schema import ChannelAccount, ConversationAccount

from adapters.teams.handler import reply_activity
from governance.replies import Reply

MESSAGE_BYTES = 28 * 1024  # Teams: about 28 KB a card message (see adapters/teams/cards.py)
MAX_ACTIONS = 6  # Teams' host config
# What markdown may make of a text: paragraphs, line breaks, the core's own bold.
ALLOWED_TAGS = {"p", "strong", "br"}
_TAG = re.compile(r"</?([a-zA-Z][\w-]*)")
# A `code` span as the core writes it, for seeing one shown with its backticks.
CORE_CODE = re.compile(r"(?<![\w`])`([^`\s](?:[^`\n]*[^`\s])?)`(?![\w`])")


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def input_ids(card: dict[str, Any]) -> list[str]:
    return [n["id"] for n in walk(card) if str(n.get("type", "")).startswith("Input.")]


def markdown_texts(card: dict[str, Any]) -> list[str]:
    """Every text Teams reads as markdown: TextBlocks and facts."""
    texts = []
    for node in walk(card):
        if node.get("type") == "TextBlock":
            texts.append(node["text"])
        if node.get("type") == "FactSet":
            texts += [part for fact in node["facts"] for part in (fact["title"], fact["value"])]
    return texts


def shown(rendered: str) -> str:
    """The text a person sees in rendered HTML, whitespace collapsed."""
    text = re.sub(r"<[^>]*>", "", re.sub(r"</?(?:p|br)\b[^>]*>", " ", rendered))
    return " ".join(html.unescape(text).split())


def as_typed(text: str) -> str:
    return " ".join(text.split())


def tags(rendered: str) -> set[str]:
    return {t.lower() for t in _TAG.findall(rendered)}


def nested_show_cards(card: dict[str, Any]) -> int:
    return sum(
        1
        for show in walk(card)
        if show.get("type") == "Action.ShowCard"
        for inner in walk(show["card"])
        if inner.get("type") == "Action.ShowCard"
    )


def too_many_actions(card: dict[str, Any]) -> list[int]:
    return [len(n["actions"]) for n in walk(card)
            if isinstance(n.get("actions"), list) and len(n["actions"]) > MAX_ACTIONS]  # fmt: skip


def message_bytes(reply: Reply, page: int = 1) -> int:
    """The size of the whole activity the bot posts for ``page`` of ``reply``, addressed as
    a reply in a Teams channel: the larger of escaped UTF-8 (as sent) and UTF-16 (as Teams
    counts it)."""
    activity = reply_activity(reply, page)
    activity.id = "1:" + "9" * 40
    activity.channel_id = "msteams"
    activity.service_url = "https://smba.trafficmanager.net/emea/" + "x" * 40
    activity.from_property = ChannelAccount(id="28:" + "b" * 36, name="mlgov")
    activity.recipient = ChannelAccount(id="29:" + "r" * 120, name="R" * 100,
                                        aad_object_id="a" * 36)  # fmt: skip
    activity.conversation = ConversationAccount(
        id="19:" + "c" * 32 + "@thread.tacv2;messageid=" + "1" * 13, conversation_type="channel",
        tenant_id="t" * 36, is_group=True,
    )  # fmt: skip
    activity.reply_to_id = "1" * 13
    activity.locale = "en-US"
    body = activity.serialize()
    return max(len(json.dumps(body)), len(json.dumps(body, ensure_ascii=False).encode("utf-16-le")))
