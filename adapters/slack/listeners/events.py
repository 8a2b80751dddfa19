"""Mentions, direct messages and the App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.slack.app import Slack
from adapters.slack.blocks import render
from adapters.slack.identity import actor, team_of, without_bot_mention
from adapters.slack.listeners.answer import post, run


def register(app: AsyncApp, deps: Slack) -> None:
    async def first_delivery(body: dict[str, Any]) -> bool:
        # Slack retries an event it thinks we missed (X-Slack-Retry-Num); handle it once.
        event_id = body.get("event_id")
        return not event_id or await deps.mlgov.first_time(f"slack:event:{event_id}")

    @app.event("app_mention")
    async def mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        if not await first_delivery(body):
            return
        text = without_bot_mention(event.get("text", ""))
        reply = await run(deps, team_of(body), event["user"], event["channel"], text)
        await post(deps, event["channel"], event["user"], reply, text)

    @app.event("message")
    async def direct_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not await first_delivery(body):
            return
        text = without_bot_mention(event.get("text", ""))
        reply = await run(deps, team_of(body), event["user"], event["channel"], text)
        await post(deps, event["channel"], event["user"], reply, text)

    @app.event("app_home_opened")
    async def home(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab") not in (None, "home"):
            return
        speaker = await actor(deps.directory, team_of(body), event["user"])
        reply = await deps.mlgov.home(speaker)
        await deps.client.views_publish(
            user_id=event["user"], view={"type": "home", "blocks": render(reply)}
        )
