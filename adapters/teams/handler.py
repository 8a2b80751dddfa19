"""The Teams activity handler: typed messages and card submissions go to the same core.

Each message is written down before it is worked on (``Mlgov.receive``) and marked answered
once its answer is sent; a turn that dies on the way is finished by the next process, which
answers through the conversation's stored reference.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import replace
from typing import Any

from botbuilder.core import ActivityHandler, CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ChannelAccount

from adapters.teams.cards import SUMMARY_CHARS, plain, render
from adapters.teams.identity import PLATFORM, actor, command_text, conversation, tenant_of
from governance import wire
from governance.commands import Command
from governance.errors import BadCommand, MlgovError
from governance.intake import Received
from governance.replies import Reply
from governance.service import Mlgov, error_reply

log = logging.getLogger("mlgov.teams")


def reply_activity(reply: Reply, page: int = 1) -> Activity:
    """The card for ``reply``; its summary, what a notification shows, is plain text."""
    activity = MessageFactory.attachment(CardFactory.adaptive_card(render(reply, page)))
    activity.summary = plain(reply.text, SUMMARY_CHARS)
    return activity


def reference_of(activity: Activity) -> dict[str, Any]:
    """Where an answer to ``activity`` goes, as data that outlives this process."""
    return TurnContext.get_conversation_reference(activity).serialize()  # type: ignore[no-any-return]


def _submitted_command(value: dict[str, Any]) -> Command:
    data = value.get("mlgov")
    if isinstance(data, str):  # a card sent before buttons carried commands
        raise BadCommand(
            f"This button is from an earlier version of mlgov; say `{data[:200]}` instead."
        )
    return wire.decode(data)


def _note(value: dict[str, Any]) -> str | None:
    field = value.get("noteInput")
    note = value.get(field) if isinstance(field, str) else None
    return note.strip() or None if isinstance(note, str) else None


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
            # Without the message's id: a later message is a new post, not a reply to this
            # one, and the stored reference changes only when the conversation does.
            reference = {k: v for k, v in reference_of(activity).items() if k != "activityId"}
            await self.mlgov.remember_conversation(
                PLATFORM, tenant_of(activity), scope, target, json.dumps(reference, sort_keys=True)
            )

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        value: dict[str, Any] = activity.value if isinstance(activity.value, dict) else {}
        if "mlgov" in value and "page" in value:
            await self._page(turn_context, value)
            return
        try:
            received = await self._received(turn_context, value)
        except MlgovError as error:
            await turn_context.send_activity(reply_activity(error_reply(error)))
            return
        try:
            row = await self.mlgov.receive(received)
        except MlgovError as unavailable:
            await turn_context.send_activity(reply_activity(error_reply(unavailable)))
            return
        if row is None:  # the same activity delivered again: the first delivery answers it
            return
        carried = await self.mlgov.carry_out(row)
        try:
            await turn_context.send_activity(reply_activity(carried.reply))
        except Exception:  # noqa: BLE001 - kept: answered through the reference later
            log.warning("answer to inbound %s not delivered; it will be retried", row,
                        exc_info=True)  # fmt: skip
            return
        if carried.final:
            await self.mlgov.answered(row)

    async def _received(self, turn: TurnContext, value: dict[str, Any]) -> Received:
        activity = turn.activity
        tenant = tenant_of(activity)
        base = Received(
            key=f"teams:activity:{tenant}:{activity.id or uuid.uuid4().hex}",
            actor=actor(activity),
            conversation=conversation(activity),
            answer_to={"reference": reference_of(activity)},
        )
        if "mlgov" in value:
            return replace(
                base,
                command=_submitted_command(value),
                pressed_on=activity.reply_to_id or "",
                note=_note(value),
            )
        return replace(base, line=(await command_text(turn)) or "help")

    async def _page(self, turn: TurnContext, value: dict[str, Any]) -> None:
        """ "More": the reply's query again, at the page asked for."""
        activity = turn.activity
        page = value.get("page")
        try:
            query = _submitted_command(value)
        except MlgovError as error:
            await turn.send_activity(reply_activity(error_reply(error)))
            return
        reply = await self.mlgov.show(query, actor(activity), conversation(activity))
        number = page if isinstance(page, int) and 0 < page < 10_000 else 1
        await turn.send_activity(reply_activity(reply, number))

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
