"""Who may talk to the bot on Teams: decided from the activity's JSON, before botbuilder
reads it. An activity is refused unless it comes through Microsoft Teams, from an allowed
tenant, with a ``serviceUrl`` on a Bot Framework host: the bot writes its answers (and,
later, reminders and the portfolio) to that URL, so a URL anyone may name is a URL anyone
may have the bot send the record to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.settings import Settings, is_loopback

TEAMS_CHANNEL = "msteams"


@dataclass(frozen=True)
class Refusal:
    status: int
    error: str  # the short reason the caller sees
    logged: str  # what the log says (never the body)


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """``host`` is one of ``allowed``, or a subdomain of one of its ``.suffix`` entries."""
    host = host.lower().rstrip(".")
    return any(host.endswith(entry) if entry.startswith(".") else host == entry
               for entry in allowed)  # fmt: skip


def service_url_allowed(url: str, settings: Settings, *, loopback: bool = False) -> bool:
    """An https URL on a Bot Framework host; with ``loopback``, http(s) on this machine too."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    if parts.username or parts.password:
        return False
    if loopback and parts.scheme in ("http", "https") and is_loopback(host):
        return True
    if parts.scheme != "https" or not host:
        return False
    return host_allowed(host, settings.teams_service_hosts)


def tenants_named(body: dict[str, Any]) -> set[str]:
    """Every tenant the activity names (Teams puts it in two places), in lower case."""
    found: set[str] = set()
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("tenantId"), str):
        found.add(conversation["tenantId"])
    channel_data = body.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
        found.add(tenant["id"])
    return {t.strip().lower() for t in found if t.strip()}


def refusal(body: dict[str, Any], settings: Settings, *, loopback: bool) -> Refusal | None:
    """Why this activity may not be worked on, or None when it may.

    ``loopback`` allows a serviceUrl on this machine: with authentication off (local
    development), or in tests that run a local connector."""
    if settings.teams_auth and body.get("channelId") != TEAMS_CHANNEL:
        # Other Bot Framework channels (Web Chat, Direct Line) let the client write the
        # sender and the tenant itself: only Teams vouches for them.
        channel = str(body.get("channelId"))[:40]
        return Refusal(403, "only Microsoft Teams may talk to this bot", f"channel {channel!r}")
    service_url = body.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url_allowed(
        service_url, settings, loopback=loopback or not settings.teams_auth
    ):
        host = urlsplit(service_url).hostname if isinstance(service_url, str) else None
        return Refusal(403, "serviceUrl is not a Bot Framework host",
                       f"serviceUrl host {str(host)[:80]!r}")  # fmt: skip
    allowed = settings.teams_tenant_ids
    if allowed is not None:
        named = tenants_named(body)
        if not named or not named <= allowed:
            shown = ", ".join(sorted(t[:64] for t in named)) or "none"
            return Refusal(403, "this tenant may not use this bot", f"tenant {shown}")
    return None
