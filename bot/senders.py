"""The platform senders the dispatcher uses, built from settings."""

from __future__ import annotations

from bot.settings import Settings
from governance.sending import Sender
from governance.service import Mlgov
from governance.states import Platform


def build_senders(settings: Settings, mlgov: Mlgov) -> dict[str, Sender]:
    """Slack when configured; Teams always (a person who never wrote to the bot gets a chat
    opened from a team it is in, or their projects' owners are told what to do).
    Console messages are not sent: they wait in the inbox for the next `mlgov chat`."""
    senders: dict[str, Sender] = {}
    if settings.slack_enabled:
        from adapters.slack.client import web_client
        from adapters.slack.sender import SlackSender

        client = web_client(
            settings.slack_bot_token, settings.slack_api_url, retry_rate_limits=False
        )
        senders[Platform.SLACK] = SlackSender(client)
    from adapters.teams.http import build_adapter
    from adapters.teams.proactive import TeamsSender

    senders[Platform.TEAMS] = TeamsSender(
        build_adapter(settings), mlgov, settings.microsoft_app_id, settings=settings
    )
    return senders
