"""Log lines cannot be forged or flooded by what people and platforms send."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys

import aiohttp

from bot.logs import MAX_MESSAGE, OneLineFormatter
from tests.served import _free_port


def _format(message: str, *args: object) -> str:
    record = logging.LogRecord("mlgov", logging.WARNING, __file__, 1, message, args, None)
    return OneLineFormatter("%(levelname)s %(message)s").format(record)


def test_a_newline_in_a_value_cannot_start_a_line_of_its_own():
    line = _format("refused team %s", "T0\n2026-01-01 00:00:00 INFO mlgov: admin granted")
    assert "\n" not in line
    assert line == "WARNING refused team T0\\n2026-01-01 00:00:00 INFO mlgov: admin granted"


def test_a_huge_value_is_cut():
    line = _format("note %s", "x" * 100_000)
    assert len(line) < MAX_MESSAGE + 40 and line.endswith("…(cut)")


def test_a_traceback_is_still_written_whole():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "mlgov", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    text = OneLineFormatter("%(message)s").format(record)
    assert text.startswith("failed\nTraceback") and "ValueError: boom" in text


async def test_a_refused_request_logs_one_line_and_never_its_body(tmp_path):
    port = _free_port()
    env = {**os.environ, "MLGOV_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
           "PORT": str(port), "HOST": "127.0.0.1", "MLGOV_SCHEDULER": "off",
           "MLGOV_TEAMS_AUTH": "off"}  # fmt: skip
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID"):
        env.pop(name, None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        while not (await asyncio.wait_for(proc.stdout.readline(), 30)).startswith(b"mlgov:"):
            pass
        body = {"type": "message", "text": "SECRET-BODY", "serviceUrl": "https://evil.example/",
                "channelId": "msteams", "conversation": {"id": "x"}}  # fmt: skip
        async with aiohttp.ClientSession() as session:
            async with session.post(f"http://127.0.0.1:{port}/api/messages",
                                    data=json.dumps(body)) as response:  # fmt: skip
                assert response.status == 403
    finally:
        proc.terminate()
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    logged = err.decode()
    assert "SECRET-BODY" not in logged
    assert "Teams request refused (403)" in logged


def test_the_processes_log_through_the_one_line_formatter():
    from bot.logs import configure

    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    try:
        configure(logging.INFO)
        assert [type(h.formatter) for h in root.handlers] == [OneLineFormatter]
    finally:
        root.handlers[:] = saved
        root.setLevel(level)
