"""Mounting Slack on the shared aiohttp server: HTTP events, or Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from bot.settings import Settings
from governance.service import Mlgov

log = logging.getLogger("mlgov.slack")
EVENTS_PATH = "/slack/events"
# A deploy's SIGTERM waits this long for answers still being worked on; the platform's own
# grace period (Heroku: 30 s, Kubernetes' default: 30 s) must be longer.
DRAIN_SECONDS = 25.0


def mount(app: web.Application, mlgov: Mlgov, settings: Settings) -> str:
    if not settings.slack_enabled:
        return "Slack: off (SLACK_BOT_TOKEN is not set)"
    from adapters.slack.app import build_bolt_app

    bolt, authorize, deps = build_bolt_app(mlgov, settings)

    async def warm_up(_: web.Application) -> AsyncIterator[None]:
        # Learn the bot's identity before the first request, so acks never wait for it.
        try:
            await authorize.authorize(None, None)
        except Exception as exc:  # noqa: BLE001 - Slack unreachable: retried on first request
            log.warning("Slack auth.test failed at start-up: %s", exc)
        yield

    app.cleanup_ctx.append(warm_up)
    closers = []

    async def drain(_: web.Application) -> None:
        # The server has stopped accepting; stop Socket Mode too, then let every answer in
        # flight finish, so nothing acknowledged is left half done.
        for close in closers:
            await close()
        await deps.inflight.drain(DRAIN_SECONDS)

    app.on_shutdown.append(drain)
    if settings.slack_socket_mode:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        async def socket_mode(_: web.Application) -> AsyncIterator[None]:
            handler = AsyncSocketModeHandler(bolt, settings.slack_app_token)
            await handler.connect_async()
            closers.append(handler.close_async)
            yield
            if handler.client.closed is False:
                await handler.close_async()

        app.cleanup_ctx.append(socket_mode)
        return "Slack: Socket Mode"

    async def events(request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    app.router.add_post(EVENTS_PATH, events)
    return f"Slack: HTTP at {EVENTS_PATH}"
