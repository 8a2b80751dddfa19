"""`/mlgov …`: kept, acknowledged, answered through the response URL; `/mlgov new` opens a
modal whose answers become a `new` command directly. The command's text is kept as the
person typed it (Slack's escaping read once, adapters/slack/markup.py); a modal's inputs
arrive unescaped and are taken as they are."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse

from adapters.slack.answering import DM, RESPOND, answer_to
from adapters.slack.app import Slack
from adapters.slack.identity import PLATFORM, conversation, team_of
from adapters.slack.listeners.receiving import Refused, finish, receiving
from adapters.slack.markup import typed
from adapters.slack.modals import NEW_PROJECT, FieldError, new_project_command, new_project_view
from governance.context import Actor
from governance.intake import Received
from governance.replies import Reply


def _slash(body: dict[str, Any]) -> Received | None:
    text = typed(body.get("text") or "").strip()
    if text.lower() == "new":
        return None  # a modal to open; its submission is the command
    team, user, channel = team_of(body), body["user_id"], body.get("channel_id")
    return Received(
        key=f"slack:command:{team}:{body.get('trigger_id') or body.get('response_url')}",
        actor=Actor(PLATFORM, team, user),
        conversation=conversation(team, channel, body.get("channel_name")),
        answer_to=answer_to(RESPOND, user, channel, body.get("response_url")),
        line=text or "help",
    )


def _new_project(body: dict[str, Any]) -> Received:
    team, user, view = team_of(body), body["user"]["id"], body.get("view") or {}
    try:
        command = new_project_command(view)
    except FieldError as error:
        errors = {"response_action": "errors", "errors": {error.block_id: error.message[:150]}}
        raise Refused(Reply.error(error.message), answer_to(DM, user),
                      BoltResponse(status=200, body=errors)) from None  # fmt: skip
    return Received(
        key=f"slack:view:{team}:{body.get('trigger_id') or (view.get('id'), view.get('hash'))}",
        actor=Actor(PLATFORM, team, user),
        conversation=conversation(team, view.get("private_metadata") or None),
        answer_to=answer_to(DM, user),
        command=command,
    )


def register(app: AsyncApp, deps: Slack) -> None:
    @app.command("/mlgov", middleware=[receiving(deps, _slash)])
    async def slash(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        with deps.inflight.track():
            await ack()
            if "inbound" not in context:
                await deps.client.views_open(
                    trigger_id=body["trigger_id"], view=new_project_view(body.get("channel_id"))
                )
                return
            await finish(deps, context)

    @app.view(NEW_PROJECT, middleware=[receiving(deps, _new_project)])
    async def new_project(ack: AsyncAck, context: AsyncBoltContext) -> None:
        with deps.inflight.track():
            await ack()
            await finish(deps, context)
