"""With an app id, every request needs a valid Bot Framework token."""

from __future__ import annotations

import time

import aiohttp
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.settings import Settings
from tests.conftest import say, snapshot
from tests.teams.conftest import activity, start_server
from tests.teams.fake_connector import FakeConnector

APP_ID = "00000000-0000-0000-0000-0000000000a1"


@pytest.fixture
async def secured(mlgov):
    connector = await FakeConnector().start()
    settings = Settings(database_url="unused", microsoft_app_id=APP_ID,
                        microsoft_app_password="not-a-real-secret")  # fmt: skip
    runner, url, line = await start_server(mlgov, settings, f"{connector.url}/openid")
    assert line == f"Teams: /api/messages (Bot Framework auth on, app id {APP_ID})"
    yield url, connector
    await runner.cleanup()
    await connector.stop()


def _unknown_key_token(service_url: str) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "nbf": now - 10,
              "exp": now + 600, "serviceurl": service_url}  # fmt: skip
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "not-a-published-key"})


@pytest.mark.parametrize("token", [None, "Bearer not-a-jwt", "Bearer a.b.c", "UNKNOWN_KEY"])
async def test_requests_without_a_valid_token_get_401(secured, mlgov, engine, token):
    url, connector = secured
    await say(mlgov, "alice", "new Churn Model")
    before = await snapshot(engine)
    body = activity("personal_message", connector.url, text='abandon churn-model reason:"x"')
    headers = {}
    if token == "UNKNOWN_KEY":
        headers["Authorization"] = "Bearer " + _unknown_key_token(connector.url)
    elif token:
        headers["Authorization"] = token
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/api/messages", json=body, headers=headers) as response:
            assert response.status == 401
    assert connector.sent == []
    assert await snapshot(engine) == before
