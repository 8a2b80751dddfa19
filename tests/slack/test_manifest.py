"""The app manifest asks for what the bot handles, and no more: every scope it lists is
one the code needs (derived from the Web API methods the code calls, the events it
subscribes to and its slash command), and every one the code needs is listed."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from slack_sdk.web.async_client import AsyncWebClient

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "manifest.slack.yml"
# Bot scopes as Slack documents them (docs.slack.dev/reference/methods/<method>). Posting to
# a channel needs chat:write, and chat:write.public where the bot was not invited.
METHOD_SCOPES: dict[str, set[str]] = {
    "auth.test": set(),
    "chat.postMessage": {"chat:write", "chat:write.public"},
    "chat.postEphemeral": {"chat:write"},
    # files_upload_v2: files.getUploadURLExternal and files.completeUploadExternal, both
    # files:write (docs.slack.dev/reference/methods/files.completeUploadExternal).
    "files.upload.v2": {"files:write"},
    "users.info": {"users:read"},
    "views.open": set(),
    "views.publish": set(),
}
EVENT_SCOPES: dict[str, set[str]] = {
    "app_home_opened": set(),
    "app_mention": {"app_mentions:read"},
    "message.im": {"im:history"},
}


def web_api_methods() -> set[str]:
    """Every Web API method the code calls on a slack_sdk client (``chat_postMessage`` is
    ``chat.postMessage``)."""
    methods = set()
    for path in [*(ROOT / "adapters").rglob("*.py"), *(ROOT / "bot").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                assert name != "api_call", f"{path}: name the method, not api_call"
                if name in AsyncWebClient.__dict__ and not name.startswith("_"):
                    methods.add(name.replace("_", "."))
    return methods


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


def test_the_scopes_are_exactly_what_the_code_uses():
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    called = web_api_methods()
    assert {"chat.postMessage", "users.info", "views.open"} <= called  # the scan sees calls
    unknown = called - set(METHOD_SCOPES)
    assert not unknown, f"look up the scopes of {unknown} and add them to METHOD_SCOPES"
    needed = {"commands"}  # the slash command
    for method in called:
        needed |= METHOD_SCOPES[method]
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        needed |= EVENT_SCOPES[event]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
