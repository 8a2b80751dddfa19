"""`mlgov serve` in processes of its own, on the test's database, talking to a fake Slack
and (with authentication off, as for local development) Teams."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tests.slack.conftest import SECRET
from tests.slack.fake_slack import FakeSlack


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`mlgov serve` in a process of its own."""

    def __init__(self, proc: asyncio.subprocess.Process, port: int) -> None:
        self.proc, self.port = proc, port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@asynccontextmanager
async def serving(
    database_url: str, fake: FakeSlack | None = None, *, teams: bool = False
) -> AsyncIterator[Served]:
    port = _free_port()
    env = {**os.environ, "MLGOV_DATABASE_URL": database_url, "PORT": str(port),
           "HOST": "127.0.0.1", "MLGOV_SCHEDULER": "off"}  # fmt: skip
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID", "MLGOV_TEAMS_AUTH"):
        env.pop(name, None)
    if fake is not None:
        env.update(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
                   SLACK_API_URL=f"{fake.url}/api/")  # fmt: skip
    if teams:
        env["MLGOV_TEAMS_AUTH"] = "off"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        while True:
            line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
            assert line, "mlgov serve exited before it listened"
            if line.startswith("mlgov: listening"):
                break
        yield Served(proc, port)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
