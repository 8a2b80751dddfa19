"""Mounting Slack on the shared aiohttp server: HTTP events, or Socket Mode."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.settings import Settings
from governance.service import Mlgov

log = logging.getLogger("mlgov.slack")
EVENTS_PATH = "/slack/events"
# A deploy's SIGTERM waits this long for answers still being worked on; the platform's own
# grace period (Heroku: 30 s, Kubernetes' default: 30 s) must be longer.
DRAIN_SECONDS = 25.0
SIGNATURE_AGE = 5 * 60  # Slack's own bound on a signed request's age


def signed(raw: bytes, headers: Mapping[str, str], secret: str, now: float) -> bool:
    """Slack's signature over the body as it arrived, made within five minutes of ``now``.
    Checked before anything reads the body, so a forgery is refused whatever it holds."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not secret or not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) < 16):
        return False
    if abs(now - int(timestamp)) > SIGNATURE_AGE:
        return False
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256)
    return hmac.compare_digest(f"v0={digest.hexdigest()}".encode(), signature.encode())


def _ssl_check(raw: bytes) -> bool:
    """Slack's check of the certificate, which it does not sign (bolt answers it too)."""
    return dict(parse_qsl(raw.decode("utf-8", "replace"))).get("ssl_check") == "1"


def _shaped(body: object) -> bool:
    """An object whose parts bolt reads as objects and lists are those."""
    if not isinstance(body, dict):
        return False
    objects = ("event", "view", "container", "message", "channel", "team", "user", "enterprise")
    return (
        all(isinstance(body.get(key), dict | str | None) for key in objects)
        and all(isinstance(body.get(key), dict | None) for key in ("event", "view"))
        and all(isinstance(body.get(key, []), list) for key in ("actions", "authorizations"))
    )


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
    closers: list[Callable[[], Awaitable[None]]] = []

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

    secret = settings.slack_signing_secret or ""

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        if not signed(raw, request.headers, secret, time.time()):
            if _ssl_check(raw):
                return web.Response(status=200)
            # Nothing of a refused request is read further, or logged.
            return web.json_response({"error": "invalid request"}, status=401)
        headers: dict[str, str | Sequence[str]] = dict(request.headers.items())
        try:
            body = raw.decode("utf-8")
            bolt_request = AsyncBoltRequest(body=body, query=request.query_string, headers=headers)
        except (ValueError, TypeError, AttributeError, KeyError):
            bolt_request = None  # signed by Slack, yet not JSON or a form: nothing to run
        if bolt_request is None or not _shaped(bolt_request.body):
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    app.router.add_post(EVENTS_PATH, events)
    return f"Slack: HTTP at {EVENTS_PATH}"
