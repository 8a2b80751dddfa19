"""Mounting Teams on the shared aiohttp server at /api/messages.

Teams is served only when it is configured (``MICROSOFT_APP_ID``), or explicitly without
authentication for local development (``MLGOV_TEAMS_AUTH=off``, loopback only). Every
request is judged at the door, before botbuilder reads it: the Bot Framework token first,
then the channel, the ``serviceUrl`` and the tenant (adapters/teams/trust.py). A refused
request gets a short JSON error, is logged without its body, and changes nothing.
"""

from __future__ import annotations

import logging
import secrets
from contextlib import suppress
from typing import Any

from aiohttp import web
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity

from adapters.teams import trust
from adapters.teams.config import BotConfig
from adapters.teams.handler import MlgovBot
from bot.settings import Settings
from governance.service import Mlgov

log = logging.getLogger("mlgov.teams")
MESSAGES_PATH = "/api/messages"
ADAPTER_KEY = web.AppKey("teams_adapter", CloudAdapter)
OFF_LINE = "Teams: off (MICROSOFT_APP_ID is not set)"
AUTH_OFF_LINE = (
    f"Teams: {MESSAGES_PATH} with auth OFF (MLGOV_TEAMS_AUTH=off) — local development only: "
    "anyone who can reach this port can act as anyone"
)


def build_adapter(settings: Settings, openid_metadata_url: str | None = None) -> CloudAdapter:
    config = BotConfig.from_settings(settings, openid_metadata_url)
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))

    async def on_error(context, error: Exception) -> None:  # noqa: ANN001
        # Whatever failed may have come after a change was recorded (sending its answer,
        # say): never claim that nothing changed. The handler answers its own failures.
        ref = secrets.token_hex(3)
        log.exception("Teams turn failed (ref %s)", ref, exc_info=error)
        with suppress(Exception):
            await context.send_activity(
                f"Something went wrong on my side (ref {ref}). If you asked for a change, "
                "say `history <project>` to see whether it was made."
            )

    adapter.on_turn_error = on_error
    return adapter


def _refused(status: int, error: str, why: str) -> web.Response:
    log.warning("Teams request refused (%s): %s", status, why)
    return web.json_response({"error": error}, status=status)


def mount(
    app: web.Application,
    mlgov: Mlgov,
    settings: Settings,
    openid_metadata_url: str | None = None,
    *,
    loopback_service_urls: bool = False,
) -> str:
    """Serve Teams at /api/messages when it is configured; the start-up line says how.

    For tests only: ``openid_metadata_url`` is where a local server publishes the keys that
    sign its tokens, and ``loopback_service_urls`` lets activities name a local connector
    as their serviceUrl while authentication is on (with it off, loopback is allowed)."""
    if not settings.teams_enabled:
        return OFF_LINE
    adapter = build_adapter(settings, openid_metadata_url)
    bot = MlgovBot(mlgov)
    app[ADAPTER_KEY] = adapter

    async def authentic(body: dict[str, Any], header: str) -> bool:
        """Validate the Bot Framework token ourselves: botbuilder answers some bad tokens
        with a 500 rather than a 401, and a refused request must change nothing."""
        try:
            activity = Activity().deserialize(body)
            await adapter.bot_framework_authentication.authenticate_request(activity, header)
        except Exception as exc:  # noqa: BLE001 - any failure to authenticate is a 401
            log.warning("Teams request refused (401): %s", type(exc).__name__)
            return False
        return True

    async def messages(request: web.Request) -> web.StreamResponse:
        header = request.headers.get("Authorization", "")
        if settings.teams_auth and (not header.startswith("Bearer ") or header.count(".") != 2):
            return _refused(401, "unauthorized", "no Bot Framework token")
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _refused(400, "malformed activity", "the body is not a JSON object")
        if settings.teams_auth and not await authentic(body, header):
            return web.json_response({"error": "unauthorized"}, status=401)
        refusal = trust.refusal(body, settings, loopback=loopback_service_urls)
        if refusal is not None:
            return _refused(refusal.status, refusal.error, refusal.logged)
        try:
            response = await adapter.process(request, bot)
        except web.HTTPUnauthorized:
            return web.json_response({"error": "unauthorized"}, status=401)
        except (web.HTTPException, ValueError, KeyError) as exc:
            if isinstance(exc, web.HTTPException):
                return web.json_response({"error": exc.reason}, status=exc.status)
            return web.json_response({"error": "malformed activity"}, status=400)
        return response or web.Response(status=201)

    app.router.add_post(MESSAGES_PATH, messages)
    if not settings.teams_auth:
        return AUTH_OFF_LINE
    tenants = settings.teams_tenant_ids
    who = "any tenant" if tenants is None else "tenants " + ", ".join(sorted(tenants))
    app_id = settings.microsoft_app_id
    return f"Teams: {MESSAGES_PATH} (Bot Framework auth on, app id {app_id}; {who})"
