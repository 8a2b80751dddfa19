"""Teams people and places as the core knows them."""

from __future__ import annotations

import re

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity

from governance.context import Actor, Conversation
from governance.states import Platform

PLATFORM = Platform.TEAMS
_AT = re.compile(r"<at>(.*?)</at>", re.IGNORECASE)


def tenant_of(activity: Activity) -> str:
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return conversation.tenant_id
    tenant = (activity.channel_data or {}).get("tenant") or {}
    return tenant.get("id", "")


def user_of(activity: Activity) -> str:
    person = activity.from_property
    return (person.aad_object_id or person.id) if person else ""


def actor(activity: Activity) -> Actor:
    person = activity.from_property
    return Actor(
        PLATFORM,
        tenant_of(activity),
        user_of(activity),
        display_name=person.name if person else None,
        tz=getattr(activity, "local_timezone", None) or None,
    )


def conversation(activity: Activity) -> Conversation:
    conv = activity.conversation
    if conv is None or conv.conversation_type in (None, "personal"):
        return Conversation(PLATFORM, tenant_of(activity), None)
    channel = (activity.channel_data or {}).get("channel") or {}
    return Conversation(PLATFORM, tenant_of(activity), channel.get("id") or conv.id,
                        channel.get("name") or conv.name)  # fmt: skip


async def command_text(turn: TurnContext) -> str:
    """The message as a command: the bot's own mention removed, people's mentions as
    ``<@aadObjectId|Name>`` so the core resolves them like Slack's."""
    activity = turn.activity
    text = activity.text or ""
    for entity in activity.entities or []:
        if entity.type != "mention":
            continue
        data = entity.additional_properties if hasattr(entity, "additional_properties") else {}
        mentioned = (data or {}).get("mentioned") or {}
        shown = (data or {}).get("text") or f"<at>{mentioned.get('name', '')}</at>"
        if activity.recipient is not None and mentioned.get("id") == activity.recipient.id:
            text = text.replace(shown, " ")
            continue
        aad = mentioned.get("aadObjectId")
        if not aad and mentioned.get("id"):
            try:
                member = await TeamsInfo.get_member(turn, mentioned["id"])
                aad = member.aad_object_id
            except Exception:  # noqa: BLE001 - unknown member: leave the name as text
                aad = None
        if aad:
            text = text.replace(shown, f"<@{aad}|{mentioned.get('name', '')}>")
    text = _AT.sub(lambda m: m.group(1), text)
    return text.replace("&nbsp;", " ").strip()
