"""Proactive Slack messages for the outbox: a DM to a person, a post to a channel."""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import fallback, render
from governance.replies import Reply
from governance.sending import Recipient, SendFailed

PERMANENT = frozenset({"channel_not_found", "not_in_channel", "is_archived", "invalid_auth",
                       "account_inactive", "user_not_found", "token_revoked", "missing_scope",
                       "cannot_dm_bot", "user_disabled"})  # fmt: skip


class SlackSender:
    platform = "slack"

    def __init__(self, client: AsyncWebClient, per_second: float | None = None) -> None:
        # The client must not retry 429s itself: the outbox owns retries (see client.py).
        self.client = client
        # Pacing below the workspace's rate limit keeps 429s (and their waits) rare.
        self.interval = 1 / per_second if per_second else 0.0
        self._next = 0.0

    async def _pace(self) -> None:
        if not self.interval:
            return
        loop = asyncio.get_running_loop()
        wait = self._next - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        self._next = max(loop.time(), self._next) + self.interval

    async def send(self, recipient: Recipient, reply: Reply, key: str) -> None:
        await self._pace()
        try:
            # A user id as the channel posts in the app's direct message with them.
            await self.client.chat_postMessage(
                channel=recipient.target_id, text=fallback(reply), blocks=render(reply)
            )
        except SlackApiError as error:
            response = error.response
            if response.status_code == 429:
                retry = response.headers.get("Retry-After") or response.headers.get("retry-after")
                raise SendFailed("rate limited", retry_after=float(retry or 1)) from None
            code = response.get("error", "unknown") if hasattr(response, "get") else "unknown"
            raise SendFailed(f"Slack: {code}", permanent=code in PERMANENT) from None
        except (TimeoutError, aiohttp.ClientError) as error:
            raise SendFailed(f"Slack unreachable: {type(error).__name__}") from None
