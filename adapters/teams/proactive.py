"""Proactive messages: write to a person or channel later, from a stored reference.

Teams answers a busy or failing connector with 429, 412, 502 or 504; those are retried
here with exponential backoff and jitter, honouring Retry-After, a few times and for a
few seconds at most; after that (or when Retry-After asks for longer) the delivery goes
back to its queue with SendFailed(retry_after=…).

A person who never wrote to the bot has no stored conversation. If the bot is installed
in a team of their tenant, it opens a 1:1 chat with them (Bot Framework's
create-conversation, from that team's service) and keeps it. The member is named by their
Microsoft Entra (AAD) object id, the id the core knows people by: Teams accepts it, as
well as the bot-specific 29: id, to create a conversation. When Teams refuses (403, 404:
no team of theirs has the bot) the person is unreachable until they open a chat with the
bot or join a team that has it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ChannelAccount, ConversationParameters, ConversationReference
from msrest.exceptions import ClientRequestError, HttpOperationError

from adapters.teams.handler import reply_activity
from adapters.teams.trust import service_url_allowed
from bot.settings import Settings
from governance.replies import Reply
from governance.rhythm.unreachable import newest_channel_reference
from governance.sending import Recipient, SendFailed, retry_after
from governance.service import Mlgov
from governance.states import Platform

log = logging.getLogger("mlgov.teams")
RETRYABLE = frozenset({429, 412, 502, 504})
GONE = frozenset({403, 404})  # the bot is not (or no longer) in that conversation
WHAT_TO_DO = ("ask them to open a chat with mlgov (Apps → mlgov → Chat) or add mlgov to a "
              "team they are in")  # fmt: skip
FIX_CREDENTIALS = (
    "Teams refused mlgov's credentials — fix MICROSOFT_APP_ID / MICROSOFT_APP_PASSWORD"
)


def _status_and_wait(error: Exception) -> tuple[int | None, float | None]:
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    headers = getattr(response, "headers", None) or {}
    return status, retry_after(headers.get("Retry-After") if hasattr(headers, "get") else None)


def _refused(status: int | None, recipient: Recipient, key: str) -> SendFailed | None:
    """The failure when retrying here cannot help; None when it may."""
    if status == 401:
        return SendFailed(FIX_CREDENTIALS, paused=True)
    if status in GONE and recipient.kind == "person":
        return SendFailed(WHAT_TO_DO, unreachable=True)
    if status in GONE or status == 400:
        return SendFailed(f"Teams refused {key} with {status}", permanent=True)
    if status is None or status >= 500:
        return SendFailed(f"Teams unreachable for {key} ({status or 'no answer'})", outage=True)
    return None


class TeamsSender:
    platform = Platform.TEAMS

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
        settings: Settings | None = None,
    ) -> None:
        self.adapter = adapter
        self.mlgov = mlgov
        self.app_id = app_id
        # Where the bot may write: a reference stored before the door checked serviceUrls
        # could name any host. None only in tests that drive the sender alone.
        self.settings = settings
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep

    async def send(self, recipient: Recipient, reply: Reply, key: str) -> None:
        stored = await self.mlgov.conversation(
            self.platform, recipient.tenant, recipient.kind, recipient.target_id
        )
        if stored is not None:
            reference = ConversationReference().deserialize(json.loads(stored))
        elif recipient.kind == "person":
            reference = await self._open_chat(recipient, key)
        else:
            raise SendFailed(f"the bot is not in Teams channel {recipient.target_id}",
                             permanent=True)  # fmt: skip
        self._check_service_url(reference, key)
        failures: list[Exception] = []

        async def deliver(turn: TurnContext) -> None:
            # Caught here, not in the adapter's on_turn_error, which would answer in chat.
            try:
                await turn.send_activity(reply_activity(reply))
            except (HttpOperationError, ClientRequestError, OSError, TimeoutError) as error:
                failures.append(error)

        status: int | None = None
        wait: float | None = None
        for attempt in range(self.attempts):
            failures.clear()
            await self.adapter.continue_conversation(reference, deliver, self.app_id)
            if not failures:
                return
            status, wait = _status_and_wait(failures[0])
            if status not in RETRYABLE:
                refused = _refused(status, recipient, key)
                raise refused or SendFailed(f"Teams answered {status} for {key}")
            backoff = self.base_delay * 2**attempt * (0.5 + random.random())
            if wait is not None and wait > self.max_delay:
                # Not worth holding a worker for: the outbox tries again after that.
                raise SendFailed(f"Teams asked to wait {wait:g}s for {key}", retry_after=wait,
                                 rate_limited=status == 429, outage=status != 429)  # fmt: skip
            delay = min(self.max_delay, max(0.0, wait if wait is not None else backoff))
            log.info("Teams %s for %s; retrying in %.1fs", status, key, delay)
            if attempt + 1 < self.attempts:
                await self.sleep(delay)
        raise SendFailed(f"Teams kept refusing {key}", retry_after=wait or self.max_delay,
                         rate_limited=status == 429, outage=status != 429)  # fmt: skip

    def _check_service_url(self, reference: ConversationReference, key: str) -> None:
        settings = self.settings
        if settings is None:
            return
        url = reference.service_url or ""
        if not service_url_allowed(url, settings, loopback=not settings.teams_auth):
            raise SendFailed(f"{key}: the stored serviceUrl is not a Bot Framework host",
                             permanent=True)  # fmt: skip

    async def _open_chat(self, person: Recipient, key: str) -> ConversationReference:
        """A new 1:1 conversation with ``person``, opened from a team the bot is in, and
        kept as theirs; SendFailed(unreachable) when there is no such team."""
        team = await newest_channel_reference(self.mlgov.uow(), self.platform, person.tenant)
        if team is None:
            raise SendFailed(WHAT_TO_DO, unreachable=True)
        origin = ConversationReference().deserialize(json.loads(team))
        self._check_service_url(origin, key)
        parameters = ConversationParameters(
            is_group=False,
            bot=origin.bot,
            members=[ChannelAccount(id=person.target_id)],
            tenant_id=person.tenant,
            channel_data={"tenant": {"id": person.tenant}},
        )
        opened: list[ConversationReference] = []

        async def keep(turn: TurnContext) -> None:
            opened.append(TurnContext.get_conversation_reference(turn.activity))

        try:
            await self.adapter.create_conversation(
                self.app_id, keep, parameters, origin.channel_id, origin.service_url
            )
        except (HttpOperationError, ClientRequestError, OSError, TimeoutError) as error:
            status, wait = _status_and_wait(error)
            if status == 429:
                raise SendFailed(f"Teams: rate limited opening a chat for {key}",
                                 retry_after=wait, rate_limited=True) from None  # fmt: skip
            refused = _refused(status, person, key)
            raise refused or SendFailed(f"Teams answered {status} for {key}") from None
        (reference,) = opened
        # Theirs from now on: the next message goes straight to this chat.
        reference.user = ChannelAccount(id=person.target_id, aad_object_id=person.target_id)
        reference.activity_id = None
        await self.mlgov.remember_conversation(
            self.platform, person.tenant, "person", person.target_id,
            json.dumps(reference.serialize(), sort_keys=True),
        )  # fmt: skip
        log.info("opened a Teams chat with %s for %s", person.target_id, key)
        return reference
