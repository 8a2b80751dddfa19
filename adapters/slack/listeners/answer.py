"""Running a chat line for a Slack user and sending the reply where it belongs."""

from __future__ import annotations

from typing import Any

from adapters.slack.app import Slack
from adapters.slack.blocks import fallback, render
from adapters.slack.identity import actor, conversation
from governance.replies import Reply


async def run(
    deps: Slack, team_id: str, user_id: str, channel_id: str | None, text: str,
    channel_name: str | None = None,
) -> Reply:  # fmt: skip
    speaker = await actor(deps.directory, team_id, user_id)
    return await deps.mlgov.handle(
        text or "help", speaker, conversation(team_id, channel_id, channel_name)
    )


def message(
    reply: Reply, command: str | None, *, share: bool = False, page: int = 1
) -> dict[str, Any]:
    return {
        "text": fallback(reply),
        "blocks": render(reply, command=command, page=page, share=share and reply.query),
    }


async def post(deps: Slack, channel: str, user: str, reply: Reply, command: str | None) -> None:
    """An answer to a mention or a DM: queries only to the asker, changes to everyone."""
    if reply.query and not channel.startswith("D"):
        await deps.client.chat_postEphemeral(
            channel=channel, user=user, **message(reply, command, share=True)
        )
    else:
        await deps.client.chat_postMessage(channel=channel, **message(reply, command, share=True))
