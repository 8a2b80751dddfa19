"""Who may talk to the bot on Slack: the workspaces (and Enterprise Grid organisations) it is
configured for. A correctly signed request from anywhere else (another workspace the app was
installed in, a person from another organisation in a shared channel) gets a refusal and
changes nothing; nothing is sent anywhere on its behalf, not even to its response_url.

``MLGOV_SLACK_TEAM_IDS`` and ``MLGOV_SLACK_ENTERPRISE_IDS`` list them; with both unset, the
workspace (and organisation) of the bot token, as auth.test tells it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.settings import Settings

if TYPE_CHECKING:
    from adapters.slack.app import SingleWorkspace

log = logging.getLogger("mlgov.slack")
REFUSAL = "This Slack workspace is not allowed to use this mlgov; ask your admin."
# Deliveries whose answer Slack shows to the person: the refusal is said there, as the
# response to the request itself (an ephemeral text for a slash command).
_SHOWN = ("block_actions",)


@dataclass(frozen=True)
class Named:
    """The workspaces and organisations a request names."""

    teams: frozenset[str]
    enterprises: frozenset[str]


def named(body: dict[str, Any]) -> Named:
    teams: set[str] = set()
    enterprises: set[str] = set()

    def add(into: set[str], value: object) -> None:
        if isinstance(value, str) and value:
            into.add(value)

    def field(name: str, key: str) -> object:
        value = body.get(name)
        return value.get(key) if isinstance(value, dict) else None

    add(teams, body.get("team_id"))  # slash commands, events
    add(enterprises, body.get("enterprise_id"))
    add(teams, field("team", "id"))  # interactivity
    add(enterprises, field("enterprise", "id"))
    add(teams, field("user", "team_id"))  # the person who pressed or submitted
    add(teams, field("view", "team_id"))
    add(teams, field("event", "user_team"))  # who wrote, in a shared channel
    for one in body.get("authorizations") or []:  # the installations an event is for
        if isinstance(one, dict):
            add(teams, one.get("team_id"))
            add(enterprises, one.get("enterprise_id"))
    return Named(frozenset(teams), frozenset(enterprises))


def allowed(request: Named, teams: frozenset[str], enterprises: frozenset[str]) -> bool:
    """Every organisation it names is allowed (then so is each of their workspaces), or
    else every workspace it names is."""
    if request.enterprises and request.enterprises <= enterprises:
        return True
    return bool(request.teams) and request.teams <= teams


class OnlyAllowedWorkspaces(AsyncMiddleware):
    """Bolt global middleware, first after the signature check and authorisation."""

    def __init__(self, settings: Settings, workspace: SingleWorkspace) -> None:
        self.settings = settings
        self.workspace = workspace

    async def allowed_ids(self) -> tuple[frozenset[str], frozenset[str]]:
        if self.settings.slack_team_ids or self.settings.slack_enterprise_ids:
            return self.settings.slack_team_ids, self.settings.slack_enterprise_ids
        own = await self.workspace.authorize(None, None)  # cached after the first auth.test
        teams = frozenset({own.team_id}) if own.team_id else frozenset()
        enterprises = frozenset({own.enterprise_id}) if own.enterprise_id else frozenset()
        return teams, enterprises

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # noqa: A002 - bolt's name for it
    ) -> BoltResponse | None:
        body = req.body if isinstance(req.body, dict) else {}
        if body.get("type") in ("url_verification", "ssl_check"):
            return await next()
        request = named(body)
        try:
            teams, enterprises = await self.allowed_ids()
        except Exception as exc:  # noqa: BLE001 - who we are is unknown: nobody is let in
            log.warning("Slack request refused: auth.test failed (%s)", type(exc).__name__)
            return _refusal(body)
        if allowed(request, teams, enterprises):
            return await next()
        log.warning(
            "Slack request refused: workspace %s (enterprise %s) is not allowed",
            ", ".join(sorted(request.teams)) or "none",
            ", ".join(sorted(request.enterprises)) or "none",
        )
        return _refusal(body)


def _refusal(body: dict[str, Any]) -> BoltResponse:
    """Slash commands and button presses hear why; events get a plain 200 (any other
    status would have Slack deliver them again)."""
    if "command" in body or body.get("type") in _SHOWN:
        return BoltResponse(status=200, body=REFUSAL)
    return BoltResponse(status=200, body="")
