"""Teams is off unless configured; every activity names an allowed tenant and a serviceUrl
on a Bot Framework host, or it is refused before anything is worked on or sent."""

from __future__ import annotations

import aiohttp
import pytest

from adapters.teams.trust import service_url_allowed, tenants_named
from bot.settings import Settings
from tests.conftest import say, snapshot
from tests.teams.conftest import activity, start_server
from tests.teams.fake_connector import FakeConnector

STRANGER_URL = "https://smba.trafficmanager.net.attacker.invalid/teams/"
DEFAULT = Settings(database_url="unused")


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://smba.trafficmanager.net/emea/", True),
        ("https://SMBA.trafficmanager.net./amer/", True),
        ("https://webchat.botframework.com/", True),
        ("https://smba.infra.gov.teams.microsoft.us/", True),
        ("https://europe.botframework.azure.us/", True),
        ("http://smba.trafficmanager.net/emea/", False),  # not https
        ("https://botframework.com.attacker.example/", False),
        ("https://attackerbotframework.com/", False),  # a suffix matches whole labels only
        ("https://smba.trafficmanager.net@attacker.example/", False),
        ("https://attacker.example\\@smba.trafficmanager.net/", False),  # user info: refused
        ("https://smba.trafficmanager.net:bad/", False),
        ("https://127.0.0.1:3978/", False),
        ("http://localhost:3978/", False),
        ("not a url", False),
        ("", False),
    ],
)
def test_service_urls_of_the_bot_framework(url, allowed):
    assert service_url_allowed(url, DEFAULT) is allowed


def test_loopback_only_when_asked_and_the_host_list_is_configurable():
    assert service_url_allowed("http://127.0.0.1:3978/", DEFAULT, loopback=True)
    assert service_url_allowed("http://[::1]:3978/", DEFAULT, loopback=True)
    assert not service_url_allowed("ftp://127.0.0.1/", DEFAULT, loopback=True)
    sovereign = Settings(database_url="unused", teams_service_hosts=(".bots.example.cn",))
    assert service_url_allowed("https://a.bots.example.cn/", sovereign)
    assert not service_url_allowed("https://smba.trafficmanager.net/emea/", sovereign)


def test_the_tenant_is_read_from_both_places_teams_writes_it():
    body = activity("personal_message", "https://smba.trafficmanager.net/emea/")
    assert tenants_named(body) == {"tenant-1"}
    body["conversation"]["tenantId"] = "TENANT-2"
    assert tenants_named(body) == {"tenant-1", "tenant-2"}
    del body["conversation"]["tenantId"], body["channelData"]
    assert tenants_named(body) == set()


async def _post(url: str, body: dict) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/api/messages", json=body) as response:
            return response.status, await response.text()


async def test_without_microsoft_app_id_teams_is_off(mlgov, engine):
    connector = await FakeConnector().start()
    runner, url, line = await start_server(mlgov, Settings(database_url="unused"))
    try:
        assert line == "Teams: off (MICROSOFT_APP_ID is not set)"
        before = await snapshot(engine)
        body = activity("personal_message", connector.url, text="new Churn Model")
        status, _ = await _post(url, body)
        assert status == 404
        assert connector.sent == []
        assert await snapshot(engine) == before
    finally:
        await runner.cleanup()
        await connector.stop()


@pytest.fixture
async def quiet(teams, mlgov, engine):
    await say(mlgov, "alice", "new Churn Model")
    return await snapshot(engine)


async def test_with_auth_off_a_service_url_off_the_bot_framework_is_refused(teams, engine, quiet):
    """The attack: name any serviceUrl, and the bot writes its answer (the portfolio) there."""
    body = activity("personal_message", STRANGER_URL, text="portfolio")
    assert await _post(teams.url, body) == (
        403,
        '{"error": "serviceUrl is not a Bot Framework host"}',
    )
    body = activity("personal_message", STRANGER_URL, text="new Other Model")
    assert (await _post(teams.url, body))[0] == 403
    assert teams.connector.sent == []
    assert await snapshot(engine) == quiet


@pytest.mark.parametrize("body", [[1, 2], "text", None])
async def test_a_body_that_is_not_an_activity_is_a_400(teams, engine, quiet, body):
    async with teams.session.post(f"{teams.url}/api/messages", json=body) as response:
        assert response.status == 400
    assert await snapshot(engine) == quiet


async def test_with_auth_off_the_tenant_allow_list_still_applies(mlgov, engine):
    connector = await FakeConnector().start()
    settings = Settings(database_url="unused", teams_auth=False,
                        teams_tenant_ids=frozenset({"tenant-1"}))  # fmt: skip
    runner, url, _ = await start_server(mlgov, settings)
    try:
        before = await snapshot(engine)
        body = activity("personal_message", connector.url, text="new Churn Model")
        body["conversation"]["tenantId"] = body["channelData"]["tenant"]["id"] = "tenant-9"
        assert await _post(url, body) == (403, '{"error": "this tenant may not use this bot"}')
        assert connector.sent == []
        assert await snapshot(engine) == before
        body = activity("personal_message", connector.url, text="new Churn Model")
        assert (await _post(url, body))[0] in (200, 201)
        (sent,) = await connector.wait_for(1)
        assert "Churn Model" in str(sent.activity)
    finally:
        await runner.cleanup()
        await connector.stop()
