"""Proactive messages: the platform-neutral contract every platform sender fulfils.

The dispatcher (the rhythm) hands a reply to the sender of the recipient's platform;
a sender raises SendFailed to say whether to retry, when, or to give up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from governance.replies import Reply

# However a platform words its Retry-After, the outbox waits at least a second (a busy
# loop helps nobody) and at most a quarter of an hour (a bogus "1e12" must not park a
# message for ever, nor overflow a date).
SHORTEST_WAIT = 1.0
LONGEST_WAIT = 15 * 60.0
UNSAID_WAIT = 5.0  # rate limited without a readable Retry-After


@dataclass(frozen=True, slots=True)
class Recipient:
    platform: str  # a states.Platform
    tenant: str  # Slack team id, Teams tenant id, "" on the console
    kind: str  # "person" | "channel"
    target_id: str  # user id / handle / AAD object id, or channel id


class SendFailed(Exception):
    """A delivery did not go through; what the outbox does next depends on why.

    - ``retry_after`` (seconds) is the platform's own word on when to try again.
    - ``rate_limited``: the platform asked us to slow down. Not a failed attempt: the
      delivery waits ``retry_after`` and is tried again, however often that happens.
    - ``outage``: the platform is down or unreachable. Retried with backoff, never given up.
    - ``paused``: the platform refused our credentials for the whole workspace or tenant
      (a revoked token): sending there pauses and ``reason`` says what to fix.
    - ``unreachable``: this person cannot be written to until they do something, which
      ``reason`` says; the delivery fails for good and their projects' owners are told.
    - ``no_channel``: the bot may not post in this channel (not a member, private, gone),
      which ``reason`` explains; the delivery fails for good and whoever linked the channel
      to the project is told what to do, once.
    - ``permanent``: retrying cannot help (unknown channel, the person's account gone).
    """

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        rate_limited: bool = False,
        outage: bool = False,
        paused: bool = False,
        unreachable: bool = False,
        no_channel: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent or unreachable or no_channel
        self.rate_limited = rate_limited
        self.outage = outage
        self.paused = paused
        self.unreachable = unreachable
        self.no_channel = no_channel


def retry_after(header: object) -> float | None:
    """The seconds a Retry-After header asks for, or None when it says nothing usable.

    Never raises: the header comes from outside ("1e12", "inf", "nan", "-5", "soon").
    """
    if header is None:
        return None
    try:
        seconds = float(str(header).strip())
    except ValueError:
        return None
    return None if math.isnan(seconds) else seconds


def wait_seconds(asked: float | None) -> float:
    """How long the outbox waits after a rate limit that asked for ``asked`` seconds."""
    if asked is None or math.isnan(asked):
        return UNSAID_WAIT
    return min(LONGEST_WAIT, max(SHORTEST_WAIT, asked))


class Sender(Protocol):
    @property
    def platform(self) -> str: ...

    async def send(self, recipient: Recipient, reply: Reply, key: str) -> None:
        """Deliver ``reply``; ``key`` identifies the delivery (for logs and idempotency)."""
        ...
