"""With an app id, every request needs a valid Bot Framework token, and then comes from
Teams, from an allowed tenant, with a serviceUrl on a Bot Framework host.

The tokens here are real: a local token service publishes its key as OpenID metadata and
signs them, and botbuilder checks them as it checks the Bot Framework's."""

from __future__ import annotations

import time
from typing import Any

import aiohttp
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.settings import Settings
from tests.conftest import say, snapshot
from tests.teams.conftest import activity, start_server
from tests.teams.fake_connector import FakeConnector, TokenIssuer

APP_ID = "00000000-0000-0000-0000-0000000000a1"
STRANGER_URL = "https://smba.trafficmanager.net.attacker.invalid/teams/"


class Secured:
    def __init__(self, url: str, connector: FakeConnector, issuer: TokenIssuer) -> None:
        self.url, self.connector, self.issuer = url, connector, issuer

    def message(self, text: str, **changes: Any) -> dict[str, Any]:
        return activity("personal_message", self.connector.url, text=text, **changes)

    def bearer(self, body: dict[str, Any], **claims: Any) -> str:
        """A token the Bot Framework would sign for this activity."""
        return "Bearer " + self.issuer.token(APP_ID, body["serviceUrl"], **claims)

    async def post(self, body: dict[str, Any], authorization: str | None = None) -> tuple:
        headers = {"Authorization": authorization} if authorization else {}
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{self.url}/api/messages", json=body, headers=headers) as r:
                return r.status, await r.text()


async def _secured(mlgov, tenants: frozenset[str] | None, *, loopback: bool):  # noqa: ANN001, ANN202
    connector = await FakeConnector().start()
    issuer = TokenIssuer().start()
    settings = Settings(database_url="unused", microsoft_app_id=APP_ID,
                        microsoft_app_password="not-a-real-secret",
                        teams_tenant_ids=tenants)  # fmt: skip
    runner, url, line = await start_server(mlgov, settings, issuer.metadata_url,
                                           loopback_service_urls=loopback)  # fmt: skip
    return runner, Secured(url, connector, issuer), line


@pytest.fixture
async def secured(mlgov):
    runner, server, line = await _secured(mlgov, frozenset({"tenant-1"}), loopback=True)
    assert (
        line == f"Teams: /api/messages (Bot Framework auth on, app id {APP_ID}; tenants tenant-1)"
    )
    yield server
    await runner.cleanup()
    server.issuer.stop()
    await server.connector.stop()


@pytest.fixture
async def quiet(secured, mlgov, engine):
    await say(mlgov, "alice", "new Churn Model")
    return await snapshot(engine)


def _unknown_key_token(service_url: str) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "nbf": now - 10,
              "exp": now + 600, "serviceurl": service_url}  # fmt: skip
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "not-a-published-key"})


def _project_names(rows: dict[str, list[tuple]]) -> list[str]:
    return sorted(str(value) for row in rows["project"] for value in row if value == "Churn Model")


async def test_a_valid_token_from_an_allowed_tenant_is_worked_on(secured, engine):
    before = await snapshot(engine)
    body = secured.message("new Churn Model")
    status, _ = await secured.post(body, secured.bearer(body))
    assert status in (200, 201)
    # Worked on: the project exists. (Its answer can't be delivered in tests: the bot signs
    # in to Azure AD to write to the connector, and the tests have no Azure AD.)
    assert _project_names(before) == []
    assert _project_names(await snapshot(engine)) == ["Churn Model"]


@pytest.mark.parametrize(
    "token",
    [None, "Bearer not-a-jwt", "Bearer a.b.c", "UNKNOWN_KEY", "OTHER_APP", "OTHER_URL", "EXPIRED"],
)
async def test_requests_without_a_valid_token_get_401(secured, engine, quiet, token):
    body = secured.message('abandon churn-model reason:"x"')
    header = {
        "UNKNOWN_KEY": "Bearer " + _unknown_key_token(secured.connector.url),
        "OTHER_APP": secured.bearer(body, aud="another-bot"),
        "OTHER_URL": secured.bearer(body, serviceurl="https://smba.trafficmanager.net/emea/"),
        "EXPIRED": secured.bearer(body, exp=int(time.time()) - 3600),
    }.get(token or "", token)
    status, text = await secured.post(body, header)
    assert (status, text) == (401, '{"error": "unauthorized"}')
    assert secured.connector.sent == []
    assert await snapshot(engine) == quiet


@pytest.mark.parametrize(
    ("change", "error"),
    [
        # Another organisation's Teams, though the Bot Framework signed for it.
        ({"tenant": "tenant-stranger"}, "this tenant may not use this bot"),
        ({"channel_tenant": "tenant-stranger"}, "this tenant may not use this bot"),
        ({"tenant": None, "channel_tenant": None}, "this tenant may not use this bot"),
        # A serviceUrl off the Bot Framework's hosts: the bot would write the record there.
        ({"serviceUrl": STRANGER_URL}, "serviceUrl is not a Bot Framework host"),
        # Web Chat and Direct Line clients write the sender and tenant themselves.
        ({"channelId": "webchat"}, "only Microsoft Teams may talk to this bot"),
    ],
)
async def test_a_valid_token_from_a_stranger_is_refused_with_403(
    secured, engine, quiet, change, error
):
    body = secured.message('abandon churn-model reason:"x"')
    if "tenant" in change:
        body["conversation"]["tenantId"] = change["tenant"]
    if "channel_tenant" in change:
        body["channelData"]["tenant"] = {"id": change["channel_tenant"]}
    body.update({k: v for k, v in change.items() if k[0] != "t" and k != "channel_tenant"})
    status, text = await secured.post(body, secured.bearer(body))
    assert (status, text) == (403, f'{{"error": "{error}"}}')
    assert secured.connector.sent == []
    assert await snapshot(engine) == quiet


async def test_with_auth_on_a_loopback_service_url_is_refused(mlgov, engine):
    """Without the tests' seam, the local connector is not a Bot Framework host."""
    runner, server, _ = await _secured(mlgov, None, loopback=False)
    try:
        before = await snapshot(engine)
        body = server.message("new Churn Model")
        status, text = await server.post(body, server.bearer(body))
        assert (status, text) == (403, '{"error": "serviceUrl is not a Bot Framework host"}')
        assert server.connector.sent == []
        assert await snapshot(engine) == before
    finally:
        await runner.cleanup()
        server.issuer.stop()
        await server.connector.stop()
