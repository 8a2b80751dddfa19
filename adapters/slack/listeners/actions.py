"""Buttons: run a command, ask for a note first, share an answer, page a long list."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.app import Slack
from adapters.slack.blocks import MORE, NOTE, RUN, SHARE
from adapters.slack.identity import team_of
from adapters.slack.listeners.answer import message, run
from adapters.slack.modals import NOTE as NOTE_MODAL
from adapters.slack.modals import note_command, note_view
from governance.grammar import is_query
from governance.replies import Reply

ALREADY = Reply.ok("Already recorded: pressing the same button again changes nothing.", query=True)


def _press_key(body: dict[str, Any], command: str) -> str:
    """One press per person, message and command: a double click records one answer."""
    container = body.get("container") or {}
    where = container.get("message_ts") or container.get("view_id") or ""
    return f"slack:press:{team_of(body)}:{body['user']['id']}:{where}:{command}"


def _channel(body: dict[str, Any]) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def register(app: AsyncApp, deps: Slack) -> None:
    async def answer(body: dict[str, Any], command: str, key: str) -> Reply:
        if not is_query(command) and not await deps.mlgov.first_time(key):
            return ALREADY
        return await run(deps, team_of(body), body["user"]["id"], _channel(body), command)

    async def deliver(body: dict[str, Any], reply: Reply, command: str, respond_url: str | None):  # noqa: ANN202
        payload = message(reply, command, share=True)
        if respond_url:
            await AsyncWebhookClient(respond_url).send(
                response_type="ephemeral", replace_original=False, **payload
            )
        else:  # the App Home has no response URL: answer in the app's DM
            await deps.client.chat_postMessage(channel=body["user"]["id"], **payload)

    @app.action(re.compile(rf"^{RUN}:\d+$"))
    async def pressed(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        command = action["value"]
        reply = await answer(body, command, _press_key(body, command))
        await deliver(body, reply, command, body.get("response_url"))

    @app.action(re.compile(rf"^{NOTE}:\d+$"))
    async def ask_note(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        command = action["value"]
        reply_to = {
            "key": _press_key(body, command),
            "response_url": body.get("response_url") or "",
        }
        prompt = "Anything to add?" if "on-track" in command else "What is going on?"
        await deps.client.views_open(
            trigger_id=body["trigger_id"], view=note_view(command, prompt, reply_to)
        )

    @app.view(NOTE_MODAL)
    async def note_sent(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        command, meta = note_command(view)
        reply = await answer(body, command, meta.get("key") or f"slack:view:{view.get('id')}")
        await deliver(body, reply, command, meta.get("response_url") or None)

    @app.action(SHARE)
    async def share(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        wanted = json.loads(action["value"])
        channel = _channel(body)
        reply = await run(deps, team_of(body), body["user"]["id"], channel, wanted["command"])
        if channel:
            shared = message(reply, wanted["command"], page=wanted.get("page", 1))
            await deps.client.chat_postMessage(channel=channel, **shared)

    @app.action(MORE)
    async def more(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        wanted = json.loads(action["value"])
        reply = await run(
            deps, team_of(body), body["user"]["id"], _channel(body), wanted["command"]
        )
        await respond(
            replace_original=True,
            **message(reply, wanted["command"], share=True, page=int(wanted.get("page", 1))),
        )
