"""The one aiohttp server: Slack at /slack/events, Teams at /api/messages, health probes."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy import text

from bot.settings import Settings
from governance.service import Mlgov

log = logging.getLogger("mlgov.server")

MLGOV_KEY = web.AppKey("mlgov", Mlgov)
SETTINGS_KEY = web.AppKey("settings", Settings)
READY_SECONDS = 2.0


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when the database answers, within the probe's own short deadline: a frozen
    database makes this answer 503 quickly rather than make the probe time out."""
    mlgov = request.app[MLGOV_KEY]
    try:
        async with asyncio.timeout(READY_SECONDS), mlgov.uow() as uow:
            await uow.session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        log.warning("readiness check failed: %s", type(exc).__name__)
        return web.json_response({"status": "database unavailable"}, status=503)
    return web.json_response({"status": "ready"})


def build_app(mlgov: Mlgov, settings: Settings) -> tuple[web.Application, list[str]]:
    """The application and one line per platform saying how it is set up."""
    from adapters.slack.http import mount as mount_slack
    from adapters.teams.http import mount as mount_teams

    app = web.Application(client_max_size=1024 * 1024)
    app[MLGOV_KEY] = mlgov
    app[SETTINGS_KEY] = settings
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    lines = [mount_slack(app, mlgov, settings), mount_teams(app, mlgov, settings)]
    return app, lines


def with_scheduler(app: web.Application, mlgov: Mlgov, settings: Settings) -> str:
    from bot.scheduler import attach_scheduler

    return attach_scheduler(app, mlgov, settings)
