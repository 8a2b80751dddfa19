"""The Slack Web API client: base URL from settings, retries on 429 and dropped connections."""

from __future__ import annotations

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

DEFAULT_API_URL = "https://slack.com/api/"


def api_url(base: str | None) -> str:
    base = base or DEFAULT_API_URL
    return base if base.endswith("/") else base + "/"


def web_client(
    token: str | None, base_url: str | None, *, retry_rate_limits: bool = True
) -> AsyncWebClient:
    """A client that honours Retry-After on 429 and retries connection errors.

    The outbox dispatcher owns its own retries (``retry_rate_limits=False``) so that a
    rate-limited delivery goes back to the queue instead of holding a worker.
    """
    handlers: list[AsyncRetryHandler] = [AsyncConnectionErrorRetryHandler(max_retry_count=2)]
    if retry_rate_limits:
        handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
    return AsyncWebClient(
        token=token, base_url=api_url(base_url), retry_handlers=handlers, timeout=15
    )
