"""Socket Mode: the same bot over Slack's WebSocket protocol instead of HTTP."""

from __future__ import annotations

from aiohttp import web

from bot.server import build_app
from bot.settings import Settings
from tests.slack.conftest import payload
from tests.slack.fake_slack import FakeSlack


async def test_a_slash_command_over_socket_mode(mlgov):
    fake = await FakeSlack().start()
    settings = Settings(
        database_url="unused",
        slack_bot_token="xoxb-test",
        slack_app_token="xapp-test",
        slack_api_url=f"{fake.url}/api/",
    )
    app, lines = build_app(mlgov, settings)
    assert lines[0] == "Slack: Socket Mode"
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        socket = await fake.connected()
        (opened,) = fake.of("apps.connections.open")
        assert opened.headers["Authorization"] == "Bearer xapp-test"
        command = payload("slash_command")
        command.update(text="new Churn Model", response_url=f"{fake.url}/response/1")
        await socket.send_json(
            {"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
             "payload": command}
        )  # fmt: skip
        (ack,) = await fake.wait_for("socket_ack")
        assert ack.params["envelope_id"] == "env-1"
        (answer,) = await fake.wait_for("response_url")
        assert answer.params["text"] == "Created Churn Model (`churn-model`) in idea."
        # No HTTP endpoint for Slack events in Socket Mode.
        assert not any(r.resource.canonical == "/slack/events" for r in app.router.routes())
    finally:
        await runner.cleanup()
        await fake.stop()


def test_without_slack_settings_slack_is_off(mlgov):
    app, lines = build_app(mlgov, Settings(database_url="unused"))
    assert lines[0] == "Slack: off (SLACK_BOT_TOKEN is not set)"
    paths = {r.resource.canonical for r in app.router.routes()}
    assert "/slack/events" not in paths
    assert {"/healthz", "/readyz"} <= paths  # the server still serves the rest
