"""`/mlgov …`: ack at once, answer through the response URL; `/mlgov new` opens a modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from adapters.slack.app import Slack
from adapters.slack.identity import team_of
from adapters.slack.listeners.answer import message, run
from adapters.slack.modals import NEW_PROJECT, new_project_command, new_project_view


def register(app: AsyncApp, deps: Slack) -> None:
    @app.command("/mlgov")
    async def slash(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        text = (body.get("text") or "").strip()
        if text.lower() == "new":
            await deps.client.views_open(
                trigger_id=body["trigger_id"],
                view=new_project_view(body.get("channel_id")),
            )
            return
        reply = await run(
            deps, team_of(body), body["user_id"], body.get("channel_id"), text,
            body.get("channel_name"),
        )  # fmt: skip
        await respond(
            response_type="ephemeral" if reply.query else "in_channel",
            **message(reply, text, share=True),
        )

    @app.view(NEW_PROJECT)
    async def new_project(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        user = body["user"]["id"]
        text = new_project_command(view)
        reply = await run(deps, team_of(body), user, view.get("private_metadata") or None, text)
        await deps.client.chat_postMessage(channel=user, **message(reply, None))
