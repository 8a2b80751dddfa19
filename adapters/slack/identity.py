"""Slack people and places as the core knows them: actors, conversations, profiles."""

from __future__ import annotations

import re
import time
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from governance.context import Actor, Conversation, Profile
from governance.states import Platform

PLATFORM = Platform.SLACK
PROFILE_TTL = 3600.0
_BOT_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")


class SlackDirectory:
    """users.info, cached: names and time zones for speakers and mentioned people."""

    def __init__(self, client: AsyncWebClient, ttl: float = PROFILE_TTL) -> None:
        self.client = client
        self.ttl = ttl
        self._cache: dict[tuple[str, str], tuple[float, Profile | None]] = {}

    async def profile(self, platform: str, tenant: str, user_id: str) -> Profile | None:
        if platform != PLATFORM:
            return None
        key = (tenant, user_id)
        cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        try:
            response = await self.client.users_info(user=user_id)
        except SlackApiError:
            return None
        user: dict[str, Any] = response.get("user") or {}
        profile_data: dict[str, Any] = user.get("profile") or {}
        name = (
            profile_data.get("display_name")
            or profile_data.get("real_name")
            or user.get("real_name")
            or user.get("name")
            or user_id
        )
        profile = Profile(display_name=name, tz=user.get("tz"))
        self._cache[key] = (time.monotonic(), profile)
        return profile


async def actor(directory: SlackDirectory, team_id: str, user_id: str) -> Actor:
    profile = await directory.profile(PLATFORM, team_id, user_id)
    return Actor(
        PLATFORM,
        team_id,
        user_id,
        display_name=profile.display_name if profile else None,
        tz=profile.tz if profile else None,
    )


def conversation(team_id: str, channel_id: str | None, name: str | None = None) -> Conversation:
    # Direct messages ("D…") have no channel to report to.
    if not channel_id or channel_id.startswith("D"):
        return Conversation(PLATFORM, team_id, None)
    return Conversation(PLATFORM, team_id, channel_id, name)


def without_bot_mention(text: str) -> str:
    """`<@U0BOT> status x` → `status x`."""
    return _BOT_MENTION.sub("", text or "", count=1).strip()


def team_of(body: dict[str, Any]) -> str:
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        return team.get("id", "")
    return team or (body.get("user") or {}).get("team_id", "")
