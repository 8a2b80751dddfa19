"""Proactive messages: write to a person or channel later, from a stored reference.

Teams answers a busy or failing connector with 429, 412, 502 or 504; those are retried
here with exponential backoff and jitter, honouring Retry-After, a few times and for a
few seconds at most; after that (or when Retry-After asks for longer) the delivery goes
back to its queue with SendFailed(retry_after=…). A conversation the
bot can no longer reach (403, 404) is a permanent failure.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ConversationReference
from msrest.exceptions import HttpOperationError

from adapters.teams.handler import reply_activity
from governance.replies import Reply
from governance.sending import Recipient, SendFailed
from governance.service import Mlgov

log = logging.getLogger("mlgov.teams")
RETRYABLE = frozenset({429, 412, 502, 504})
PERMANENT = frozenset({400, 401, 403, 404})


def _status_and_wait(error: HttpOperationError) -> tuple[int | None, float | None]:
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    headers = getattr(response, "headers", None) or {}
    retry_after = headers.get("Retry-After") if hasattr(headers, "get") else None
    try:
        wait = float(retry_after) if retry_after is not None else None
    except ValueError:
        wait = None
    return status, wait


class TeamsSender:
    platform = "teams"

    def __init__(
        self,
        adapter: CloudAdapter,
        mlgov: Mlgov,
        app_id: str | None,
        *,
        attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 5.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.adapter = adapter
        self.mlgov = mlgov
        self.app_id = app_id
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep

    async def send(self, recipient: Recipient, reply: Reply, key: str) -> None:
        stored = await self.mlgov.conversation(
            self.platform, recipient.tenant, recipient.kind, recipient.target_id
        )
        if stored is None:
            raise SendFailed(
                f"no Teams conversation with {recipient.kind} {recipient.target_id} yet: "
                "they must message the bot (or install it) first",
                permanent=True,
            )
        reference = ConversationReference().deserialize(json.loads(stored))
        failures: list[HttpOperationError] = []

        async def deliver(turn: TurnContext) -> None:
            # Caught here, not in the adapter's on_turn_error, which would answer in chat.
            try:
                await turn.send_activity(reply_activity(reply))
            except HttpOperationError as error:
                failures.append(error)

        wait: float | None = None
        for attempt in range(self.attempts):
            failures.clear()
            await self.adapter.continue_conversation(reference, deliver, self.app_id)
            if not failures:
                return
            status, wait = _status_and_wait(failures[0])
            if status in PERMANENT:
                raise SendFailed(f"Teams refused {key} with {status}", permanent=True)
            if status not in RETRYABLE:
                raise SendFailed(f"Teams answered {status} for {key}")
            backoff = self.base_delay * 2**attempt * (0.5 + random.random())
            if wait is not None and wait > self.max_delay:
                # Not worth holding a worker for: the outbox tries again after that.
                raise SendFailed(f"Teams asked to wait {wait:g}s for {key}", retry_after=wait)
            delay = min(self.max_delay, wait if wait is not None else backoff)
            log.info("Teams %s for %s; retrying in %.1fs", status, key, delay)
            if attempt + 1 < self.attempts:
                await self.sleep(delay)
        raise SendFailed(f"Teams kept refusing {key}", retry_after=wait or self.max_delay)
