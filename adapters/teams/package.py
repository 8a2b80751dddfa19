"""`mlgov teams-package`: the zip to upload to Teams (manifest and two icons)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from adapters.teams.icons import color_icon, outline_icon
from bot.settings import Settings
from governance.errors import ConfigError
from governance.verbs import VERBS

COMMANDS = [
    "help",
    "status",
    "portfolio",
    "new",
    "advance",
    "checkin",
    "ready",
    "criteria",
    "cost",
    "history",
]  # fmt: skip — Teams shows at most 10 per scope
VERSION = "1.0.0"


def manifest(app_id: str) -> dict[str, Any]:
    commands = [
        {"title": verb, "description": f"{VERBS[verb].summary} — {VERBS[verb].usage}"[:128]}
        for verb in COMMANDS
    ]
    return {
        "$schema": "https://developer.microsoft.com/json-schemas/teams/v1.16/MicrosoftTeams.schema.json",
        "manifestVersion": "1.16",
        "version": VERSION,
        "id": app_id,
        "developer": {
            "name": "mlgov",
            "websiteUrl": "https://github.com/",
            "privacyUrl": "https://github.com/",
            "termsOfUseUrl": "https://github.com/",
        },
        "name": {"short": "mlgov", "full": "mlgov — ML project governance"},
        "description": {
            "short": "Governs ML projects where your team already talks.",
            "full": "Tracks each machine-learning project's phase, sponsor, evaluation criteria, "
            "cost of ownership and whether it is merely done or truly in production; asks for "
            "check-ins and nudges owners and sponsors when reviews fall due.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#1F3A5F",
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal", "team", "groupChat"], "commands": commands}
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }  # fmt: skip


def write_package(settings: Settings, out: str | Path) -> Path:
    if not settings.microsoft_app_id:
        raise ConfigError("MICROSOFT_APP_ID is required to build the Teams package (the bot's id)")
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(settings.microsoft_app_id), indent=2))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return path
