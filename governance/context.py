"""Who is speaking and where: the only facts an adapter must supply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Actor:
    """A person as a platform knows them.

    ``platform`` is "console", "slack" or "teams"; ``tenant`` is the Slack team id
    or the Teams tenant id ("" on the console); ``user_id`` is the console handle,
    the Slack user id or the AAD object id.
    """

    platform: str
    tenant: str
    user_id: str
    display_name: str | None = None
    tz: str | None = None


@dataclass(frozen=True)
class Conversation:
    """Where a command was said; ``channel_id`` is None for a direct message."""

    platform: str
    tenant: str
    channel_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Profile:
    display_name: str
    tz: str | None = None


class Directory(Protocol):
    """Looks up a platform user the core meets for the first time (a mention)."""

    async def profile(self, platform: str, tenant: str, user_id: str) -> Profile | None: ...
