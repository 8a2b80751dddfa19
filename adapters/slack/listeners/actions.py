"""Buttons: run their command, ask for a note first, share an answer, page a long list.

A button carries its command as data; the core's ``press`` owns the double-press rule.
"More" and "Share" only ever run the reply's query again (``Mlgov.show``).
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError

from adapters.slack.answering import PRESS, answer_to, deliver, message
from adapters.slack.app import Slack
from adapters.slack.blocks import MORE, NOTE, RUN, SHARE, Pressed, pressed
from adapters.slack.identity import PLATFORM, conversation, team_of
from adapters.slack.listeners.receiving import Refused, finish, receiving
from adapters.slack.modals import NOTE as NOTE_MODAL
from adapters.slack.modals import note_submitted, note_view
from adapters.slack.sender import cannot_post
from governance.context import Actor
from governance.errors import BadCommand
from governance.intake import Received
from governance.replies import Reply, Tone
from governance.service import error_reply


def _channel(body: dict[str, Any]) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def _where_pressed(body: dict[str, Any]) -> str:
    """The message (or App Home view) the button was on: one press per person and message."""
    container = body.get("container") or {}
    return str(container.get("message_ts") or container.get("view_id") or "")


def _read(raw: str, to: dict[str, Any]) -> Pressed:
    try:
        return pressed(raw)
    except BadCommand as error:
        raise Refused(error_reply(error), to) from None


def _press(body: dict[str, Any]) -> Received:
    team, user = team_of(body), body["user"]["id"]
    to = answer_to(PRESS, user, url=body.get("response_url"))
    action = (body.get("actions") or [{}])[0]
    return Received(
        key=f"slack:press:{team}:{body.get('trigger_id') or action.get('action_ts')}",
        actor=Actor(PLATFORM, team, user),
        conversation=conversation(team, _channel(body)),
        answer_to=to,
        command=_read(str(action.get("value", "")), to).command,
        pressed_on=_where_pressed(body),
    )


def _note(body: dict[str, Any]) -> Received:
    team, user, view = team_of(body), body["user"]["id"], body.get("view") or {}
    raw, note, meta = note_submitted(view)
    to = answer_to(PRESS, user, url=meta.get("url") or None)
    return Received(
        key=f"slack:view:{team}:{body.get('trigger_id') or (view.get('id'), view.get('hash'))}",
        actor=Actor(PLATFORM, team, user),
        conversation=conversation(team, meta.get("channel") or None),
        answer_to=to,
        command=_read(raw, to).command,
        pressed_on=meta.get("on", ""),
        note=note,
    )


def register(app: AsyncApp, deps: Slack) -> None:
    async def show(body: dict[str, Any], raw: str) -> tuple[Reply, int]:
        """Run a More or Share button's query again, as the person who pressed it."""
        try:
            wanted = pressed(raw)
        except BadCommand as error:
            return error_reply(error), 1
        team = team_of(body)
        speaker = Actor(PLATFORM, team, body["user"]["id"])
        reply = await deps.mlgov.show(wanted.command, speaker, conversation(team, _channel(body)))
        return reply, wanted.page

    @app.action(re.compile(rf"^{RUN}:\d+$"), middleware=[receiving(deps, _press)])
    async def run(ack: AsyncAck, context: AsyncBoltContext) -> None:
        with deps.inflight.track():
            await ack()
            await finish(deps, context)

    @app.action(re.compile(rf"^{NOTE}:\d+$"))
    async def ask_note(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        with deps.inflight.track():
            await ack()
            raw = str(action.get("value", ""))
            meta = {"on": _where_pressed(body), "url": body.get("response_url") or "",
                    "channel": _channel(body) or ""}  # fmt: skip
            try:
                view = note_view(raw, pressed(raw).ask or "Anything to add?", meta)
            except BadCommand as error:
                await deliver(deps.client, answer_to(PRESS, body["user"]["id"], url=meta["url"]),
                              error_reply(error))  # fmt: skip
                return
            await deps.client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(NOTE_MODAL, middleware=[receiving(deps, _note)])
    async def note_sent(ack: AsyncAck, context: AsyncBoltContext) -> None:
        with deps.inflight.track():
            await ack()
            await finish(deps, context)

    @app.action(SHARE)
    async def share(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        with deps.inflight.track():
            await ack()
            reply, page = await show(body, str(action.get("value", "")))
            channel = _channel(body)
            if channel and reply.tone != Tone.ERROR:
                try:
                    await deps.client.chat_postMessage(channel=channel, **message(reply, page=page))
                    return
                except SlackApiError as error:
                    why = cannot_post(error)
                    if why is None:
                        raise
                reply = Reply.error(f"I can't post in this channel: {why}.")
            await deliver(deps.client, answer_to(PRESS, body["user"]["id"],
                          url=body.get("response_url")), reply)  # fmt: skip

    @app.action(MORE)
    async def more(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        with deps.inflight.track():
            await ack()
            reply, page = await show(body, str(action.get("value", "")))
            await respond(replace_original=True, **message(reply, share=True, page=page))
