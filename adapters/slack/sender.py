"""Proactive Slack messages for the outbox: a DM to a person, a post to a channel."""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import fallback, render
from governance.replies import Reply
from governance.sending import Recipient, SendFailed, retry_after
from governance.states import Platform

# The workspace refused the bot's token: every message there would fail the same way
# until someone fixes it, so sending to that workspace pauses instead.
PAUSING = frozenset({"invalid_auth", "token_revoked", "account_inactive", "not_authed"})
# Slack itself is having trouble: later, the same message goes through.
OUTAGE = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
PERMANENT = frozenset({"channel_not_found", "not_in_channel", "is_archived", "user_not_found",
                       "missing_scope", "cannot_dm_bot", "user_disabled"})  # fmt: skip
# Why the bot may not post in a channel, and what to do, as the person who can fix it is told.
CANNOT_POST = {
    "not_in_channel": "mlgov is not a member of it; invite it with `/invite @mlgov`",
    "channel_not_found": (
        "it is private and mlgov is not in it, or it no longer exists; "
        "invite mlgov with `/invite @mlgov`"
    ),
    "is_archived": "it is archived",
}


def cannot_post(error: SlackApiError) -> str | None:
    """Why Slack refused a post to a channel, when the channel is the reason."""
    code = error.response.get("error") if hasattr(error.response, "get") else None
    return CANNOT_POST.get(code) if isinstance(code, str) else None


class SlackSender:
    platform = Platform.SLACK

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
            why = cannot_post(error) if recipient.kind == "channel" else None
            if why is not None:  # whoever linked the channel is told, once (the dispatcher)
                raise SendFailed(why, no_channel=True) from None
            raise _failure(error) from None
        except (TimeoutError, aiohttp.ClientError) as error:
            raise SendFailed(f"Slack unreachable: {type(error).__name__}", outage=True) from None


def _failure(error: SlackApiError) -> SendFailed:
    response = error.response
    status = getattr(response, "status_code", None)
    if status == 429:
        headers = getattr(response, "headers", None) or {}
        asked = retry_after(headers.get("Retry-After") or headers.get("retry-after"))
        return SendFailed("Slack: rate limited", retry_after=asked, rate_limited=True)
    code = response.get("error") if hasattr(response, "get") else None
    code = code if isinstance(code, str) and code else f"HTTP {status}"
    if code in PAUSING:
        return SendFailed(f"{code} — fix SLACK_BOT_TOKEN", paused=True)
    if code in OUTAGE or (isinstance(status, int) and status >= 500):
        return SendFailed(f"Slack: {code}", outage=True)
    return SendFailed(f"Slack: {code}", permanent=code in PERMANENT)
