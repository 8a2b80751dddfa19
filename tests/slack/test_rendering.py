"""Every reply the core gives (tests/corpus.py), rendered for Slack as the bot sends it —
each page of each message with its top-level text, every App Home, every modal — is valid
Block Kit by @slack/types, within every limit Slack documents, and shows what a person
typed: nothing escaped twice, no mention or link made from user text, no button that
cannot work."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from adapters.slack import limits
from adapters.slack.answering import message
from adapters.slack.blocks import MORE, NOTE, SHARE, home, pages, pressed
from adapters.slack.limits import size
from adapters.slack.markup import unescape
from adapters.slack.modals import new_project_view, note_view
from governance.commands import Help, Portfolio, Status
from governance.parser import Mention
from governance.replies import Action, Reply, Row, Tone
from governance.verbs import VERBS as USAGE
from tests.conftest import console, say
from tests.corpus import MARKERS, every_reply
from tests.platforms import problems

Payloads = dict[str, tuple[str, dict[str, Any]]]
# Where a note modal was opened from, as the listener passes it on.
META = {"on": "1700000000.000100", "channel": "C0HOSTILE",
        "url": "https://hooks.slack.com/actions/T0TEST/1234567890123/" + "x" * 24}  # fmt: skip
_LOOSE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")
_AUTO_LINKED = re.compile(r"@(here|channel|everyone)\b|https?://")
_ENTITIES = ("&amp;", "&lt;", "&gt;")


def slack_payloads(replies: dict[str, Reply]) -> dict[str, Payloads]:
    """Per reply, every payload the bot would send for it: each page of the message (or the
    App Home view), and the note modal of each button that asks for a note."""
    rendered: dict[str, Payloads] = {}
    for name, reply in replies.items():
        out: Payloads = {}
        if name.startswith("home"):
            out[name] = ("home", home(reply))
        else:
            for page in range(1, pages(reply) + 1):
                out[f"{name} · page {page}"] = ("message", message(reply, share=True, page=page))
        for button in [b for _, p in out.values() for b in buttons(p)]:
            if button["action_id"].startswith(NOTE):
                prompt = pressed(button["value"]).ask or "Anything to add?"
                view = note_view(button["value"], prompt, META)
                out[f"{name} · note modal {button['text']['text']}"] = ("modal", view)
        rendered[name] = out
    rendered["modal new project"] = {"modal new project": ("modal", new_project_view("C0X"))}
    return rendered


def buttons(payload: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for block in payload["blocks"]:
        for element in [block.get("accessory")] + block.get("elements", []):
            if isinstance(element, dict) and element.get("type") == "button":
                yield element


def text_objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
            yield node
        for child in node.values():
            yield from text_objects(child)
    elif isinstance(node, list):
        for child in node:
            yield from text_objects(child)


def shown(payload: dict[str, Any]) -> str:
    """All the text a person sees: mrkdwn (and the top-level text) with its entities read
    once, plain text as it is."""
    seen = [unescape(payload["text"])] if "text" in payload else []
    for obj in text_objects(payload.get("blocks", [])):
        seen.append(unescape(obj["text"]) if obj["type"] == "mrkdwn" else obj["text"])
    return "\n".join(seen)


def over(what: str, text: str, limit: int) -> list[str]:
    return [f"{what}: {size(text)} characters, the limit is {limit}"] if size(text) > limit else []


def limit_problems(kind: str, payload: dict[str, Any]) -> list[str]:
    found: list[str] = []
    blocks = payload["blocks"]
    most = limits.MESSAGE_BLOCKS if kind == "message" else limits.VIEW_BLOCKS
    if len(blocks) > most:
        found.append(f"{len(blocks)} blocks, the limit is {most}")
    if kind == "message":
        found += over("message text", payload["text"], limits.MESSAGE_TEXT)
    if kind == "modal":
        for key in ("title", "submit", "close"):
            found += over(f"modal {key}", payload.get(key, {}).get("text", ""), limits.MODAL_TITLE)
        found += over("private_metadata", payload.get("private_metadata", ""),
                      limits.PRIVATE_METADATA)  # fmt: skip
    for block in blocks:
        kind_of = block["type"]
        if kind_of == "header":
            found += over("header", block["text"]["text"], limits.HEADER)
        if kind_of == "section":
            found += over("section text", block.get("text", {}).get("text", ""), limits.TEXT)
            if len(block.get("fields", [])) > limits.FIELDS:
                found.append(f"{len(block['fields'])} fields in a section")
            for field in block.get("fields", []):
                found += over("field", field["text"], limits.FIELD)
        if kind_of == "context" and len(block["elements"]) > limits.CONTEXT_ELEMENTS:
            found.append(f"{len(block['elements'])} context elements")
        if kind_of == "actions" and len(block["elements"]) > limits.ACTIONS_ELEMENTS:
            found.append(f"{len(block['elements'])} buttons in an actions block")
        if kind_of == "input":
            found += over("input label", block["label"]["text"], limits.INPUT_LABEL)
            element = block["element"]
            found += over("placeholder", element.get("placeholder", {}).get("text", ""),
                          limits.PLACEHOLDER)  # fmt: skip
            if element.get("max_length", 0) > limits.INPUT_MAX_LENGTH:
                found.append(f"an input taking {element['max_length']} characters")
            options = element.get("options", [])
            if len(options) > limits.OPTIONS:
                found.append(f"{len(options)} options")
            for option in options:
                found += over("option text", option["text"]["text"], limits.OPTION_TEXT)
                found += over("option value", option["value"], limits.OPTION_VALUE)
    for element in buttons(payload):
        found += over("button text", element["text"]["text"], limits.BUTTON_TEXT)
        found += over("button value", element["value"], limits.BUTTON_VALUE)
        found += over("action_id", element["action_id"], limits.ACTION_ID)
    for obj in text_objects(blocks):
        if not obj["text"]:
            found.append("an empty text object")
        found += over("text object", obj["text"], limits.TEXT)
    return found


def escaping_problems(payload: dict[str, Any]) -> list[str]:
    """Slack reads ``&``, ``<`` and ``>`` in mrkdwn and in a message's text: each must be
    escaped exactly once, and nothing the bot did not build from an id may be markup (the
    bot writes no mention or link today)."""
    found: list[str] = []
    marked = [(payload["text"], True)] if "text" in payload else []
    for obj in text_objects(payload["blocks"]):
        if obj["type"] == "mrkdwn":
            marked.append((obj["text"], bool(obj.get("verbatim"))))
        elif any(entity in obj["text"] for entity in _ENTITIES):
            found.append(f"plain text shows an entity: {obj['text'][:80]!r}")
    for raw, verbatim in marked:
        if "<" in raw or ">" in raw:
            found.append(f"markup Slack would act on: {raw[:80]!r}")
        if _LOOSE_AMPERSAND.search(raw):
            found.append(f"an & not escaped, or an entity cut: {raw[:80]!r}")
        seen = unescape(raw)
        if any(entity in seen for entity in _ENTITIES):
            found.append(f"escaped twice: {seen[:80]!r}")
        if not verbatim and _AUTO_LINKED.search(seen):
            found.append(f"not verbatim, so Slack links or mentions: {seen[:80]!r}")
    return found


def reply_problems(reply: Reply, rendered: Payloads) -> list[str]:
    """What a person typed shows as typed, somewhere in what is sent; buttons work."""
    found: list[str] = []
    everything = "\n".join(shown(p) for _, p in rendered.values())
    texts = [reply.text, reply.title or "", reply.context or ""]
    texts += [t for f in reply.fields for t in (f.label, f.value)]
    texts += [t for r in reply.rows for t in (r.text, r.detail or "")]
    for marker in sorted({m for t in texts for m in MARKERS if m in t[:100]}):
        if marker not in everything:
            found.append(f"{marker!r} is typed but not shown")
    for _, payload in rendered.values():
        for element in buttons(payload):
            if reply.tone == Tone.ERROR and element["action_id"] in (SHARE, MORE):
                found.append(f"an error offers {element['text']['text']!r}")
            try:
                pressed(element["value"])
            except Exception as error:  # noqa: BLE001 - any failure is the defect
                found.append(f"a button that does not work: {error}")
    return found


async def test_every_reply_renders_right_on_slack(mlgov):
    replies = await every_reply(mlgov)
    rendered = slack_payloads(replies)
    flat = {name: p for payloads in rendered.values() for name, p in payloads.items()}
    found: dict[str, list[str]] = {name: [] for name in flat}
    for name, payloads in rendered.items():
        first = next(iter(payloads))
        if name in replies:
            found[first] += reply_problems(replies[name], payloads)
    for name, (kind, payload) in flat.items():
        found[name] += limit_problems(kind, payload) + escaping_problems(payload)
    for name, listed in problems(slack=flat)["slack"].items():
        found[name] += [f"@slack/types: {p}" for p in listed]
    defective = {name: p for name, p in found.items() if p}
    assert len(flat) > 100  # every reply kind, with their pages and modals
    assert not defective, f"{len(defective)} of {len(flat)} payloads have a defect: {defective}"


async def test_the_corpus_has_every_verb_answered_and_refused(mlgov):
    names = set(await every_reply(mlgov))
    missing = [f"{verb} {how}" for verb in USAGE for how in ("ok", "refused")
               if not any(name.startswith(f"{verb} {how}") for name in names)]  # fmt: skip
    assert not missing, "add these to tests/corpus.py"


def test_an_error_is_never_offered_to_share_or_paged():
    reply = Reply.error("No project called “x”.")
    reply.rows = [Row(f"row {n}") for n in range(60)]
    reply.more = Portfolio()  # even were the core to name a query for it
    for page in range(1, pages(reply) + 1):
        payload = message(reply, share=True, page=page)
        assert [b["action_id"] for b in buttons(payload)] == []


async def test_the_app_home_lists_every_project_of_a_busy_person(mlgov):
    for n in range(30):
        await say(mlgov, "alice", f"new Project {n:02d}")
    view = home(await mlgov.home(console("alice")))
    shown = [b for b in view["blocks"] if "accessory" in b]
    assert len(shown) == 30  # a view holds 100 blocks: not just a message's first page
    assert limit_problems("home", view) == []


def test_a_button_that_cannot_carry_its_command_is_left_out():
    long = "x" * (limits.BUTTON_VALUE + 1)
    reply = Reply(text="hi", actions=[Action("Status", Status(long)), Action("Help", Help())],
                  more=Portfolio(sponsor=Mention("U0BOB", long)))  # fmt: skip
    payload = message(reply, share=True)
    assert [b["text"]["text"] for b in buttons(payload)] == ["Help"]
