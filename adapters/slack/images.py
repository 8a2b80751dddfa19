"""A reply's picture on Slack: uploaded with ``files_upload_v2`` into the channel or direct
message where it was asked, after the reply's words. Slack shares a file only in a
conversation (a channel or DM id, never a user id). The picture is extra: when it cannot be
shared, the asker is told why in one line and the answer is not sent again."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.sender import cannot_post
from governance.replies import Image

log = logging.getLogger("mlgov.slack")
CONVERSATION = ("C", "G", "D", "Z")  # what files.completeUploadExternal takes as channel_id


async def share(client: AsyncWebClient, to: dict[str, Any], image: Image) -> bool:
    """Upload ``image`` where ``to`` was asked; False (and the asker told) if it could not."""
    channel, user = to.get("channel"), to["user"]
    if not channel or not channel.startswith(CONVERSATION):
        log.info("no conversation to share %s in for %s", image.filename, user)
        return False
    try:
        await client.files_upload_v2(
            channel=channel,
            file=image.data,
            filename=image.filename,
            title=image.filename.rsplit(".", 1)[0].replace("-", " ").capitalize(),
            alt_txt=image.alt[:1000],
            initial_comment=f"<@{user}> asked for this chart." if channel[0] != "D" else None,
        )
        return True
    except SlackApiError as error:
        code = error.response.get("error") if hasattr(error.response, "get") else None
        why = cannot_post(error) or (
            "the app lacks the files:write scope; reinstall it from manifest.slack.yml"
            if code == "missing_scope"
            else f"Slack said {code or 'no'}"
        )
    except (TimeoutError, aiohttp.ClientError, SlackRequestError) as error:
        why = f"Slack could not be reached ({type(error).__name__})"
    log.warning("chart not shared in %s: %s", channel, why)
    try:
        await client.chat_postMessage(
            channel=user,
            text=f"I could not post the chart in that conversation: {why}. "
            "Ask me for it here, in a direct message, or on the console.",
        )
    except Exception:  # noqa: BLE001 - the words were answered; the note is a courtesy
        log.warning("could not tell %s the chart was not shared", user, exc_info=True)
    return False
