"""Mounting Teams on the shared aiohttp server at /api/messages."""

from __future__ import annotations

import logging

from aiohttp import web
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity

from adapters.teams.config import BotConfig
from adapters.teams.handler import MlgovBot
from bot.settings import Settings
from governance.service import Mlgov

log = logging.getLogger("mlgov.teams")
MESSAGES_PATH = "/api/messages"
ADAPTER_KEY = web.AppKey("teams_adapter", CloudAdapter)


def build_adapter(settings: Settings, openid_metadata_url: str | None = None) -> CloudAdapter:
    config = BotConfig.from_settings(settings, openid_metadata_url)
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))

    async def on_error(context, error: Exception) -> None:  # noqa: ANN001
        log.exception("Teams turn failed", exc_info=error)
        await context.send_activity("Something went wrong on my side and nothing was changed.")

    adapter.on_turn_error = on_error
    return adapter


def mount(
    app: web.Application, mlgov: Mlgov, settings: Settings, openid_metadata_url: str | None = None
) -> str:
    adapter = build_adapter(settings, openid_metadata_url)
    bot = MlgovBot(mlgov)
    app[ADAPTER_KEY] = adapter

    async def authentic(request: web.Request) -> bool:
        """Validate the Bot Framework token ourselves: botbuilder answers some bad tokens
        with a 500 rather than a 401, and a refused request must change nothing."""
        if not settings.microsoft_app_id:
            return True
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or header.count(".") != 2:
            return False
        try:
            activity = Activity().deserialize(await request.json())
            await adapter.bot_framework_authentication.authenticate_request(activity, header)
        except Exception as exc:  # noqa: BLE001 - any failure to authenticate is a 401
            log.info("Teams request refused: %s", type(exc).__name__)
            return False
        return True

    async def messages(request: web.Request) -> web.StreamResponse:
        if not await authentic(request):
            return web.json_response({"error": "unauthorized"}, status=401)
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
    if settings.microsoft_app_id:
        return f"Teams: {MESSAGES_PATH} (Bot Framework auth on, app id {settings.microsoft_app_id})"
    return f"Teams: {MESSAGES_PATH} with auth OFF (no MICROSOFT_APP_ID; local development only)"
