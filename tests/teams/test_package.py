"""The Teams app package: manifest with the bot id and commands, and valid icons."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile

APP_ID = "11111111-2222-3333-4444-555555555555"


def _png_size(data: bytes) -> tuple[int, int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def test_package_command_builds_an_uploadable_zip(tmp_path):
    out = tmp_path / "mlgov-teams.zip"
    env = {**os.environ, "MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "x",
           "MLGOV_TEAMS_TENANT_IDS": "*", "MLGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "bot.cli", "teams-package", "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Teams app package written to {out}"
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert _png_size(archive.read("color.png")) == (192, 192, 6)
        assert _png_size(archive.read("outline.png")) == (32, 32, 6)
    assert manifest["id"] == APP_ID
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    commands = bot["commandLists"][0]["commands"]
    assert len(commands) <= 10 and {"help", "status", "portfolio"} <= {c["title"] for c in commands}
    assert all(len(c["description"]) <= 128 for c in commands)


def test_package_without_an_app_id_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROSOFT_")}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "teams-package", "--out",
                             str(tmp_path / "x.zip")], env=env, capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "mlgov: MICROSOFT_APP_ID is required to build the Teams package (the bot's id)"
    )
