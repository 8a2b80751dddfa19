"""Proactive messages: the platform-neutral contract every platform sender fulfils.

The dispatcher (the rhythm) hands a reply to the sender of the recipient's platform;
a sender raises SendFailed to say whether to retry, when, or to give up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from governance.replies import Reply


@dataclass(frozen=True, slots=True)
class Recipient:
    platform: str  # "console" | "slack" | "teams"
    tenant: str  # Slack team id, Teams tenant id, "" on the console
    kind: str  # "person" | "channel"
    target_id: str  # user id / handle / AAD object id, or channel id


class SendFailed(Exception):
    """A delivery did not go through.

    ``retry_after`` (seconds) is the platform's own word on when to try again (Slack's and
    Teams' Retry-After); ``permanent`` means retrying cannot help (unknown channel, bot
    removed, bad token).
    """

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent


class Sender(Protocol):
    platform: str

    async def send(self, recipient: Recipient, reply: Reply, key: str) -> None:
        """Deliver ``reply``; ``key`` identifies the delivery (for logs and idempotency)."""
        ...
