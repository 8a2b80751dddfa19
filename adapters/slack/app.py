"""The bolt AsyncApp: one authorisation, listeners registered per feature."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.client import web_client
from adapters.slack.identity import SlackDirectory
from adapters.slack.inflight import InFlight
from adapters.slack.workspaces import OnlyAllowedWorkspaces
from bot.settings import Settings
from governance.service import Mlgov

log = logging.getLogger("mlgov.slack")


@dataclass
class Slack:
    """What every listener needs."""

    mlgov: Mlgov
    client: AsyncWebClient
    directory: SlackDirectory
    inflight: InFlight = field(default_factory=InFlight)


class SingleWorkspace:
    """auth.test once, then cached: no Web API call stands between a request and its ack."""

    def __init__(self, client: AsyncWebClient, token: str) -> None:
        self.client = client
        self.token = token
        self.result: AuthorizeResult | None = None

    async def authorize(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        if self.result is None:
            response = await self.client.auth_test()
            self.result = AuthorizeResult.from_auth_test_response(
                bot_token=self.token, auth_test_response=response
            )
        return self.result

    def as_function(self):  # noqa: ANN201 - bolt reads the parameter names of a plain function
        async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            return await self.authorize(enterprise_id, team_id)

        return authorize


def build_bolt_app(mlgov: Mlgov, settings: Settings) -> tuple[AsyncApp, SingleWorkspace, Slack]:
    from adapters.slack.listeners import actions, commands, events

    assert settings.slack_bot_token
    client = web_client(settings.slack_bot_token, settings.slack_api_url)
    authorize = SingleWorkspace(client, settings.slack_bot_token)
    app = AsyncApp(
        # bolt gives each request a client carrying the token that `authorize` returns
        client=web_client(None, settings.slack_api_url),
        signing_secret=settings.slack_signing_secret or "",
        authorize=authorize.as_function(),
        # adapters/slack/http.py verifies every HTTP request before anything parses it (and
        # bolt's own check would log the body of a refused one); Socket Mode has none.
        request_verification_enabled=False,
        process_before_response=False,
        logger=log,
    )
    app.use(OnlyAllowedWorkspaces(settings, authorize))  # strangers stop here
    deps = Slack(mlgov=mlgov, client=client, directory=SlackDirectory(client))
    mlgov.directory = deps.directory
    commands.register(app, deps)
    events.register(app, deps)
    actions.register(app, deps)
    return app, authorize, deps
