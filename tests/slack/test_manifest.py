"""The app manifest asks for what the bot handles, and no more."""

from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.slack.yml"


def test_manifest_matches_the_listeners():
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/mlgov"
    assert command["should_escape"] is True  # mentions arrive as <@U…>, which the parser reads
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "app_mention", "message.im",
    }  # fmt: skip
    assert settings["interactivity"]["is_enabled"] is True
    urls = {command["url"], settings["event_subscriptions"]["request_url"],
            settings["interactivity"]["request_url"]}  # fmt: skip
    assert urls == {"https://YOUR-HOST/slack/events"}
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "app_mentions:read", "im:history"} <= scopes
