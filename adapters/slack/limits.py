"""Slack's limits on what the bot sends, in one place, as Slack documents them.

Sources: the Block Kit reference (docs.slack.dev/reference/block-kit: blocks, block elements,
composition objects), the view reference (docs.slack.dev/reference/views), chat.postMessage
(a message's ``text`` is truncated after 40,000 characters), and the same limits as
@slack/types states them in its type descriptions. Slack counts characters; a JavaScript
client counts UTF-16 code units, so ``size`` does too (an emoji is two): a text within
``size`` is within Slack's count however Slack counts.
"""

from __future__ import annotations

# Surfaces
MESSAGE_BLOCKS = 50  # blocks in a message
VIEW_BLOCKS = 100  # blocks in a modal or the App Home
MESSAGE_TEXT = 40_000  # a message's top-level text
MODAL_TITLE = 24  # a modal's title, submit and close labels
PRIVATE_METADATA = 3000  # a view's private_metadata
CALLBACK_ID = 255  # a view's callback_id

# Blocks and text objects
TEXT = 3000  # any text object; a section's text; a context element
FIELD = 2000  # each of a section's fields
FIELDS = 10  # fields in a section
HEADER = 150  # a header block's text
CONTEXT_ELEMENTS = 10  # elements of a context block
ACTIONS_ELEMENTS = 25  # elements of an actions block
BLOCK_ID = 255
INPUT_LABEL = 2000  # an input block's label
INPUT_HINT = 2000  # an input block's hint

# Elements
BUTTON_TEXT = 75  # a button's label
BUTTON_VALUE = 2000  # a button's value
ACTION_ID = 255
OPTION_TEXT = 75  # an option's text in a select menu
OPTION_VALUE = 75  # an option's value
OPTIONS = 100  # options in a select menu
PLACEHOLDER = 150  # an input element's placeholder
INPUT_MAX_LENGTH = 3000  # the most a plain_text_input may be allowed to take


def size(text: str) -> int:
    """Characters as Slack's limits count them (UTF-16 code units: the larger count)."""
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` (by ``size``), ending in "…" when it was cut."""
    if size(text) <= limit:
        return text
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit - 1:
            return text[:index] + "…"
    return text  # pragma: no cover - size() said it was too long
