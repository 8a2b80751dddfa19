"""Answering a Teams message from another process: through the conversation's reference."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ConversationReference
from msrest.exceptions import HttpOperationError

from adapters.teams.handler import reply_activity
from adapters.teams.trust import service_url_allowed
from bot.settings import Settings
from governance.intake import Found
from governance.replies import Reply
from governance.states import Platform


class TeamsAnswerer:
    """Answers deliveries another process acknowledged and could not answer."""

    platform = Platform.TEAMS

    def __init__(
        self, adapter: CloudAdapter, settings: Settings, *, loopback: bool = False
    ) -> None:
        self.adapter = adapter
        self.settings = settings
        # A connector on this machine: only with authentication off (local development).
        self.loopback = loopback or not settings.teams_auth

    async def answer(self, found: Found, reply: Reply, now: datetime) -> None:
        reference = ConversationReference().deserialize(found.answer_to["reference"])
        if not service_url_allowed(reference.service_url or "", self.settings,
                                   loopback=self.loopback):  # fmt: skip
            # Written before the door checked it: the bot writes only to the Bot Framework.
            raise PermissionError(f"serviceUrl of inbound {found.id} is not a Bot Framework host")
        if found.asked:
            said = f"You asked: {found.asked[:200]}"
            reply = replace(reply, context=f"{said} · {reply.context}" if reply.context else said)
        failures: list[HttpOperationError] = []

        async def deliver(turn: TurnContext) -> None:
            try:
                await turn.send_activity(reply_activity(reply))
            except HttpOperationError as error:
                failures.append(error)

        await self.adapter.continue_conversation(reference, deliver, self.settings.microsoft_app_id)
        if failures:
            raise failures[0]
