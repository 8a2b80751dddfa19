"""Acknowledged means kept: every delivery is written down before Slack hears "received",
then carried out, answered, and marked answered. A retry of a delivery already kept stops
at the door; so does a delivery while the database is not answering, with that message."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.response import BoltResponse

from adapters.slack.answering import deliver
from adapters.slack.app import Slack
from governance.errors import MlgovError
from governance.intake import Received
from governance.replies import Reply
from governance.service import error_reply

log = logging.getLogger("mlgov.slack")

# A delivery as the core keeps it; None: nothing to keep (not a command, or a modal to open).
Build = Callable[[dict[str, Any]], Received | None]


class Refused(Exception):
    """A delivery that can't become a command (a button from an earlier version, a modal
    with a bad value): answered at once, nothing kept."""

    def __init__(self, reply: Reply, to: dict[str, Any], response: BoltResponse | None = None):
        super().__init__(reply.text)
        self.reply, self.to, self.response = reply, to, response


def receiving(deps: Slack, build: Build) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Listener middleware: the delivery is written down before the listener acknowledges it."""

    async def keep_first(
        body: dict[str, Any], context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        try:
            received = build(body)
        except Refused as refused:
            deps.inflight.spawn(_tell(deps, refused.to, refused.reply))
            return refused.response or BoltResponse(status=200, body="")
        if received is None:
            await next()
            return None
        try:
            row = await deps.mlgov.receive(received)
        except MlgovError as unavailable:  # nothing kept: say so where they asked
            deps.inflight.spawn(_tell(deps, received.answer_to, error_reply(unavailable)))
            return BoltResponse(status=200, body="")
        if row is None:  # Slack's retry of a delivery already kept: the first one answers
            return BoltResponse(status=200, body="")
        context["inbound"], context["received"] = row, received
        await next()
        return None

    return keep_first


async def _tell(deps: Slack, to: dict[str, Any], reply: Reply) -> None:
    try:
        await deliver(deps.client, to, reply)
    except Exception:  # noqa: BLE001 - nothing was kept; a lost refusal is only logged
        # %r: the reply may quote what someone typed, newlines and all.
        log.warning("could not tell %s: %r", to.get("user"), reply.text[:80], exc_info=True)


async def finish(deps: Slack, context: AsyncBoltContext) -> None:
    """Carry out the delivery kept by ``receiving`` and answer it. When the answer can't be
    sent, the delivery stays unanswered and another pass answers it when its lease ends."""
    row: int = context["inbound"]
    received: Received = context["received"]
    carried = await deps.mlgov.carry_out(row)
    try:
        await deliver(deps.client, received.answer_to, carried.reply)
    except Exception:  # noqa: BLE001 - kept in the database; answered again later
        log.warning("answer to inbound %s not delivered; it will be retried", row, exc_info=True)
        return
    if carried.final:
        await deps.mlgov.answered(row)
