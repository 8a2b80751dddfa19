"""The Teams activity handler: messages and card submissions go to the same core."""

from __future__ import annotations

import json
import logging
from typing import Any

from botbuilder.core import ActivityHandler, CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ChannelAccount

from adapters.teams.cards import render
from adapters.teams.identity import PLATFORM, actor, command_text, conversation, tenant_of
from governance.grammar import is_query
from governance.replies import Reply
from governance.service import Mlgov

log = logging.getLogger("mlgov.teams")
ALREADY = Reply.ok("Already recorded: submitting the same card again changes nothing.", query=True)


def reply_activity(reply: Reply, command: str | None = None, page: int = 1) -> Activity:
    activity = MessageFactory.attachment(CardFactory.adaptive_card(render(reply, command, page)))
    activity.summary = reply.text[:200]
    return activity


def _quoted(note: str) -> str:
    return '"' + note.replace('"', "”").replace("\n", " ").strip() + '"'


class MlgovBot(ActivityHandler):
    def __init__(self, mlgov: Mlgov) -> None:
        self.mlgov = mlgov

    async def on_turn(self, turn_context: TurnContext) -> None:
        await self._remember(turn_context)
        await super().on_turn(turn_context)

    async def _remember(self, turn: TurnContext) -> None:
        """Keep the conversation reference so the bot can write here later."""
        activity = turn.activity
        if activity.conversation is None or activity.service_url is None:
            return
        reference = TurnContext.get_conversation_reference(activity).serialize()
        where = conversation(activity)
        scope, target = (
            ("channel", where.channel_id)
            if where.channel_id
            else (
                "person",
                activity.from_property.aad_object_id if activity.from_property else None,
            )
        )
        if target:
            await self.mlgov.remember_conversation(
                PLATFORM, tenant_of(activity), scope, target, json.dumps(reference, sort_keys=True)
            )

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        value: dict[str, Any] = activity.value if isinstance(activity.value, dict) else {}
        if "mlgov" in value:
            await self._submitted(turn_context, value)
            return
        text = await command_text(turn_context)
        reply = await self.mlgov.handle(text or "help", actor(activity), conversation(activity))
        await turn_context.send_activity(reply_activity(reply, text))

    async def _submitted(self, turn: TurnContext, value: dict[str, Any]) -> None:
        activity = turn.activity
        command = str(value["mlgov"])
        note = str(value.get("note") or "").strip()
        if note:
            command = f"{command} {_quoted(note)}"
        page = int(value["page"]) if str(value.get("page", "")).isdigit() else 1
        key = (
            f"teams:submit:{tenant_of(activity)}:{actor(activity).user_id}:"
            f"{activity.reply_to_id or ''}:{command}"
        )
        if not is_query(command) and not await self.mlgov.first_time(key):
            await turn.send_activity(reply_activity(ALREADY))
            return
        reply = await self.mlgov.handle(command, actor(activity), conversation(activity))
        await turn.send_activity(reply_activity(reply, str(value["mlgov"]), page))

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """Installed (the bot is among the members added): introduce ourselves with `help`.
        Someone else joining a team is not worth a help card in the channel."""
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if not any(member.id == bot_id for member in members_added or []):
            return
        greeting = await self.mlgov.handle("help", actor(activity), conversation(activity))
        greeting.text = "Hello! " + greeting.text
        await turn_context.send_activity(reply_activity(greeting))
