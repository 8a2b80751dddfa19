"""The console chat loop: interactive with line editing, or one command per input line."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from adapters.console.render import to_text
from governance.context import Actor, Conversation
from governance.rhythm import inbox
from governance.service import Mlgov

PLATFORM = "console"
PROMPT = "mlgov> "


def actor(handle: str, tz: str | None = None) -> Actor:
    return Actor(PLATFORM, "", handle.lstrip("@"), display_name=handle.lstrip("@"), tz=tz)


async def run(
    mlgov: Mlgov,
    handle: str,
    tz: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    speaker = actor(handle, tz)
    where = Conversation(PLATFORM, "", channel_id=None)
    interactive = stdin.isatty() and stdout.isatty()
    if tz:  # an explicit --tz is the person's choice, as if they had said `tz`
        await mlgov.handle(f"tz {tz}", speaker, where)
    waiting = await inbox.take(mlgov.uow(), speaker.user_id, mlgov.clock.now())
    if waiting:
        stdout.write("While you were away:\n")
        for message in waiting:
            stdout.write(to_text(message) + "\n\n")
    if interactive:
        _enable_line_editing()
        stdout.write(
            f"mlgov console — you are @{speaker.user_id}. Say `help`, or Ctrl-D to leave.\n"
        )
    while True:
        line = await _read(stdin, interactive)
        if line is None:
            return 0
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if interactive and line in ("quit", "exit"):
            return 0
        reply = await mlgov.handle(line, speaker, where)
        stdout.write(to_text(reply) + "\n")
        if not interactive:
            stdout.write("\n")
        stdout.flush()


async def _read(stdin: TextIO, interactive: bool) -> str | None:
    if interactive:
        try:
            return await asyncio.to_thread(input, PROMPT)
        except EOFError:
            return None
    line = await asyncio.to_thread(stdin.readline)
    return line if line else None


def _enable_line_editing() -> None:
    try:
        import readline  # noqa: F401 - importing it gives input() history and editing
    except ImportError:  # pragma: no cover - Windows without pyreadline
        pass
