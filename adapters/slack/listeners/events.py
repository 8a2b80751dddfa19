"""Mentions, direct messages and the App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from adapters.slack.answering import POST, answer_to
from adapters.slack.app import Slack
from adapters.slack.blocks import home as home_view
from adapters.slack.identity import PLATFORM, actor, conversation, team_of, without_bot_mention
from adapters.slack.listeners.receiving import finish, receiving
from adapters.slack.markup import typed
from governance.context import Actor
from governance.intake import Received


def _said(body: dict[str, Any]) -> Received | None:
    """A mention, or a direct message to the bot; anything else in a channel is not for us."""
    event = body.get("event") or {}
    if event.get("type") == "message" and (
        event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id")
    ):
        return None
    team, user, channel = team_of(body), event.get("user"), event.get("channel")
    if not user or not channel:
        return None
    return Received(
        # Slack retries an event it thinks we missed under the same id: kept once.
        key=f"slack:event:{body.get('event_id') or event.get('event_ts')}",
        actor=Actor(PLATFORM, team, user),
        conversation=conversation(team, channel),
        answer_to=answer_to(POST, user, channel),
        line=typed(without_bot_mention(event.get("text", ""))) or "help",
    )


def register(app: AsyncApp, deps: Slack) -> None:
    @app.event("app_mention", middleware=[receiving(deps, _said)])
    async def mention(context: AsyncBoltContext) -> None:
        with deps.inflight.track():
            if "inbound" in context:
                await finish(deps, context)

    @app.event("message", middleware=[receiving(deps, _said)])
    async def direct_message(context: AsyncBoltContext) -> None:
        with deps.inflight.track():
            if "inbound" in context:
                await finish(deps, context)

    @app.event("app_home_opened")
    async def home(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab") not in (None, "home"):
            return
        with deps.inflight.track():
            speaker = await actor(deps.directory, team_of(body), event["user"])
            reply = await deps.mlgov.home(speaker)
            await deps.client.views_publish(user_id=event["user"], view=home_view(reply))
