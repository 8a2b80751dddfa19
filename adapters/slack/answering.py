"""Answering a Slack user where they asked: through the response URL while it lives, in the
channel for a mention, else by direct message (a late answer says what it answers)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import fallback, render
from adapters.slack.images import share
from governance.intake import Found
from governance.replies import Reply
from governance.states import Platform

log = logging.getLogger("mlgov.slack")
# Slack honours a response URL for 30 minutes; later answers go by direct message.
RESPONSE_URL_LIFETIME = timedelta(minutes=25)
RESPOND, POST, PRESS, DM = "respond", "post", "press", "dm"


def message(reply: Reply, *, share: bool = False, page: int = 1) -> dict[str, Any]:
    return {"text": fallback(reply), "blocks": render(reply, page=page, share=share)}


def answer_to(via: str, user: str, channel: str | None = None, url: str | None = None) -> dict:
    """Where an answer goes, as stored with the acknowledged delivery."""
    to = {"via": via, "user": user}
    if channel:
        to["channel"] = channel
    if url:
        to["url"] = url
    return to


async def deliver(
    client: AsyncWebClient, to: dict[str, Any], reply: Reply, *, late: bool = False,
    asked: str = "",
) -> None:  # fmt: skip
    """Send the answer; raises when Slack could not take it (the delivery is tried again).
    A picture follows the words, uploaded where they were asked (adapters/slack/images.py)."""
    await _words(client, to, reply, late=late, asked=asked)
    if reply.image is not None:
        await share(client, to, reply.image)


async def _words(
    client: AsyncWebClient, to: dict[str, Any], reply: Reply, *, late: bool, asked: str
) -> None:
    via, user, url = to.get("via"), to["user"], to.get("url")
    if via in (RESPOND, PRESS) and url and not late:
        kind = "in_channel" if via == RESPOND and not reply.query else "ephemeral"
        sent = await AsyncWebhookClient(url).send(
            response_type=kind, replace_original=False, **message(reply, share=True)
        )
        if sent.status_code == 200:
            return
        if sent.status_code not in (404, 410):
            raise ConnectionError(f"Slack's response URL answered {sent.status_code}")
        late = True  # expired or used up: by direct message instead
    channel = to.get("channel")
    if via == POST and channel:
        if reply.query and not channel.startswith("D"):
            await client.chat_postEphemeral(
                channel=channel, user=user, **message(reply, share=True)
            )
        else:
            await client.chat_postMessage(channel=channel, **message(reply, share=True))
        return
    if late and asked:
        said = f"You asked: {asked[:200]}"
        reply = replace(reply, context=f"{said} · {reply.context}" if reply.context else said)
    # A user id as the channel posts in the app's direct message with them.
    await client.chat_postMessage(channel=user, **message(reply))


class SlackAnswerer:
    """Answers deliveries another process acknowledged and could not answer."""

    platform = Platform.SLACK

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def answer(self, found: Found, reply: Reply, now: datetime) -> None:
        late = now - found.received_at > RESPONSE_URL_LIFETIME
        await deliver(self.client, found.answer_to, reply, late=late, asked=found.asked)
