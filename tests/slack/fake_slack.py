"""A local Slack Web API: records every call and answers as Slack does.

It also serves response URLs (``/response/<id>``). Knobs: ``delay`` (seconds before any
answer but auth.test), ``rate_limited`` (method → number of 429s to answer first, with
Retry-After), ``rate_limit_for`` (429s for a while of wall time), ``retry_after`` (the
header's value; None leaves it out), ``errors`` (method → error code) and
``channel_errors`` (channel → the error chat.postMessage and files.completeUploadExternal
answer there).

File uploads speak what ``files_upload_v2`` calls: files.getUploadURLExternal hands out an
upload URL here (``/upload/<file id>``), the bytes POSTed there are recorded as an
"upload" call (``uploads`` keeps them by file id), and files.completeUploadExternal shares
the file in ``channel_id``.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

TEAM = "T0TEST"
BOT_USER = "U0BOT"
PEOPLE = {
    "U0ALICE": ("Alice Owner", "Europe/Berlin"),
    "U0BOB": ("Bob Sponsor", "America/New_York"),
    "U0CAROL": ("Carol ML", "Asia/Kolkata"),
    "U0IVAN": ("Ivan IT", "Europe/London"),
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    path: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class FakeSlack:
    delay: float = 0.0
    rate_limited: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # method → Slack error code
    # channel → the error code chat.postMessage answers for it (a channel the bot is not in)
    channel_errors: dict[str, str] = field(default_factory=dict)
    rate_limited_until: dict[str, float] = field(default_factory=dict)  # method → monotonic
    retry_after: str | None = "1"
    # method (or "response_url") → seconds to hold the answer. An API call is recorded when
    # it arrives; a response URL post is recorded when it completes (as "response_url"),
    # and on arrival as "response_url:arrived": a post cut off mid-way delivered nothing.
    hold: dict[str, float] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    url: str = ""
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id → the bytes uploaded

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self.sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None

    def rate_limit_for(self, method: str, seconds: float) -> None:
        """Answer ``method`` with 429 for the next ``seconds`` of wall time."""
        self.rate_limited_until[method] = time.monotonic() + seconds

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, within: float = 10.0) -> list[Call]:
        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.of(method)) >= count)

        await asyncio.wait_for(enough(), within)
        return self.of(method)

    async def _record(self, method: str, request: web.Request) -> dict[str, Any]:
        raw = await request.text()
        if request.method == "GET":
            params: dict[str, Any] = dict(request.query)
        elif request.content_type == "application/json":
            params = json.loads(raw or "{}")
        else:
            params = {**request.query, **dict(parse_qsl(raw))}
            for key in ("blocks", "view", "files"):
                if isinstance(params.get(key), str):
                    params[key] = json.loads(params[key])
        async with self._changed:
            self.calls.append(Call(method, params, dict(request.headers), request.path))
            self._changed.notify_all()
        return params

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        storm = time.monotonic() < self.rate_limited_until.get(method, 0.0)
        if storm or self.rate_limited.get(method):
            if not storm:
                self.rate_limited[method] -= 1
            await self._record(method + ":429", request)
            headers = {} if self.retry_after is None else {"Retry-After": self.retry_after}
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers=headers
            )
        if self.delay and method != "auth.test":
            await asyncio.sleep(self.delay)
        params = await self._record(method, request)
        if self.hold.get(method):
            await asyncio.sleep(self.hold[method])
        if method in self.errors:
            return web.json_response({"ok": False, "error": self.errors[method]})
        refused = self.channel_errors.get(str(params.get("channel") or params.get("channel_id")))
        if method in ("chat.postMessage", "files.completeUploadExternal") and refused:
            return web.json_response({"ok": False, "error": refused})
        return web.json_response(self.answer(method, params))

    def answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "mlgov",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": "B0BOT"}  # fmt: skip
        if method == "users.info":
            user = params.get("user", "")
            name, tz = PEOPLE.get(user, (user, "UTC"))
            return {"ok": True, "user": {"id": user, "team_id": TEAM, "name": name.split()[0].lower(),
                    "real_name": name, "tz": tz, "profile": {"display_name": name, "real_name": name}}}  # fmt: skip
        if method in ("chat.postMessage", "chat.postEphemeral"):
            return {"ok": True, "channel": params.get("channel"), "ts": "1700000000.000100",
                    "message_ts": "1700000000.000100"}  # fmt: skip
        if method == "apps.connections.open":
            return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket"}
        if method == "files.getUploadURLExternal":
            file_id = f"F0FILE{len(self.of(method)):04d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")}
                                          for f in params.get("files") or []]}  # fmt: skip
        if method in ("views.open", "views.publish"):
            return {"ok": True, "view": {"id": "V0VIEW", **(params.get("view") or {})}}
        return {"ok": True}

    async def response_url(self, request: web.Request) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hold.get("response_url"):
            async with self._changed:
                self.calls.append(Call("response_url:arrived", {}, {}, request.path))
                self._changed.notify_all()
            await asyncio.sleep(self.hold["response_url"])
        await self._record("response_url", request)
        return web.Response(text="ok")

    async def upload(self, request: web.Request) -> web.Response:
        """The upload URL files.getUploadURLExternal handed out: the file's bytes, as is."""
        data = await request.read()
        file_id = request.match_info["id"]
        async with self._changed:
            self.uploads[file_id] = data
            self.calls.append(Call("upload", {"file_id": file_id, "length": len(data)},
                                   dict(request.headers), request.path))  # fmt: skip
            self._changed.notify_all()
        return web.Response(text=f"OK - {len(data)}")

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, then record what the app sends back (envelope acks)."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async with self._changed:
            self.sockets.append(ws)
            self._changed.notify_all()
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A0MLGOV"}})  # fmt: skip
        async for msg in ws:
            if msg.type == web.WSMsgType.TEXT:
                async with self._changed:
                    self.calls.append(Call("socket_ack", json.loads(msg.data), {}))
                    self._changed.notify_all()
        return ws

    async def connected(self, within: float = 10.0) -> web.WebSocketResponse:
        async def wait() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self.sockets))

        await asyncio.wait_for(wait(), within)
        return self.sockets[0]

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self.api)
        app.router.add_get("/api/{method}", self.api)  # slack_sdk sends some reads as GET
        app.router.add_post("/response/{id}", self.response_url)
        app.router.add_post("/upload/{id}", self.upload)
        app.router.add_get("/socket", self.socket)
        # Held answers are not waited for at the end of a test.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()
