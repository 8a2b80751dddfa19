"""A local Bot Framework connector: records what the bot sends, answers like the service.

It also publishes OpenID metadata with an empty key set, so that a token signed by any
key is one it does not know; ``TokenIssuer`` publishes a real key and signs with it.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

MEMBERS = {
    "29:1alice": ("Alice Owner", "aad-alice"),
    "29:1bob": ("Bob Sponsor", "aad-bob"),
    "29:1carol": ("Carol ML", "aad-carol"),
    "29:1ivan": ("Ivan IT", "aad-ivan"),
}


@dataclass
class Sent:
    conversation_id: str
    activity: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeConnector:
    url: str = ""
    sent: list[Sent] = field(default_factory=list)
    # Status codes to answer first (e.g. [429, 502]) before succeeding.
    failures: list[int] = field(default_factory=list)
    retry_after: str = "0"  # the Retry-After header sent with each failure
    attempts: int = 0
    # POST /v3/conversations: every body asked for, and a status to refuse them with.
    created: list[dict[str, Any]] = field(default_factory=list)
    refuse_create: int | None = None
    # Seconds to hold each activity post before taking it (a post cut off takes nothing).
    hold: float = 0.0

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None

    async def wait_for(self, count: int, within: float = 10.0) -> list[Sent]:
        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.sent) >= count)

        await asyncio.wait_for(enough(), within)
        return self.sent[:count]

    async def activities(self, request: web.Request) -> web.Response:
        self.attempts += 1
        if self.hold:
            await asyncio.sleep(self.hold)
        if self.failures:
            status = self.failures.pop(0)
            return web.json_response({"error": {"code": str(status)}}, status=status,
                                     headers={"Retry-After": self.retry_after})  # fmt: skip
        body = await request.json()
        async with self._changed:
            self.sent.append(Sent(request.match_info["conversation"], body, dict(request.headers)))
            self._changed.notify_all()
        return web.json_response({"id": f"activity-{len(self.sent)}"})

    async def create(self, request: web.Request) -> web.Response:
        """Opening a conversation (a 1:1 chat the bot starts), as the service answers it."""
        self.created.append(await request.json())
        if self.refuse_create is not None:
            return web.json_response({"error": {"code": "Forbidden"}}, status=self.refuse_create)
        return web.json_response({"id": f"a:1created-{len(self.created)}"}, status=201)

    async def member(self, request: web.Request) -> web.Response:
        user = request.match_info["user"]
        if user not in MEMBERS:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        name, aad = MEMBERS[user]
        return web.json_response({"id": user, "name": name, "aadObjectId": aad,
                                  "objectId": aad, "tenantId": "tenant-1"})  # fmt: skip

    async def openid(self, request: web.Request) -> web.Response:
        return web.json_response({"issuer": "https://api.botframework.com",
                                  "jwks_uri": f"{self.url}/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})  # fmt: skip

    async def keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": []})

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations", self.create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self.activities)
        app.router.add_post(
            "/v3/conversations/{conversation}/activities/{reply_to}", self.activities
        )
        app.router.add_get("/v3/conversations/{conversation}/members/{user}", self.member)
        app.router.add_get("/openid", self.openid)
        app.router.add_get("/keys", self.keys)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()


class TokenIssuer:
    """The Bot Framework's token service, for tests with authentication on: an RSA key
    published as OpenID metadata (endorsed for some channels), and tokens signed with it.

    It answers from a thread of its own: botbuilder fetches the keys with a blocking
    ``requests.get``, which a server on the (blocked) event loop could never answer. Each
    issuer has its own path, as botbuilder caches keys by metadata URL for a day."""

    def __init__(self, endorsements: tuple[str, ...] = ("msteams", "webchat", "directline")):
        self.endorsements = list(endorsements)  # the channels the key signs for
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        self._server: Any = None

    def start(self) -> TokenIssuer:
        jwk = {**json.loads(RSAAlgorithm.to_jwk(self.key.public_key())), "kid": self.kid,
               "use": "sig", "endorsements": self.endorsements}  # fmt: skip
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                documents = {
                    f"/{issuer.kid}/openid": {"issuer": "https://api.botframework.com",
                                              "jwks_uri": f"{issuer.base}/keys",
                                              "id_token_signing_alg_values_supported": ["RS256"]},
                    f"/{issuer.kid}/keys": {"keys": [jwk]},
                }  # fmt: skip
                body = json.dumps(documents.get(self.path, {})).encode()
                self.send_response(200 if self.path in documents else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/{self.kid}"

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/openid"

    def token(self, app_id: str, service_url: str, **claims: Any) -> str:
        """A token as the Bot Framework signs one for ``app_id``, bound to ``service_url``."""
        now = int(time.time())
        payload = {"iss": "https://api.botframework.com", "aud": app_id, "nbf": now - 10,
                   "exp": now + 600, "serviceurl": service_url, **claims}  # fmt: skip
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
