"""The console chat loop: interactive with line editing, or one command per input line."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TextIO

from adapters.console.render import image_line, to_text
from governance.context import Actor, Conversation
from governance.rhythm import inbox
from governance.service import Mlgov
from governance.states import Platform

PLATFORM = Platform.CONSOLE
PROMPT = "mlgov> "
# What a shell reports for a program stopped by SIGPIPE (128 + 13): `mlgov chat | head`
# stopped early because nobody reads the rest, and a script with pipefail can tell.
BROKEN_PIPE = 141


def handle_id(handle: str) -> str:
    """A console handle as stored: case-insensitive, so `--as Alice` is `--as alice` (the
    parser reads a typed `@Alice` the same way)."""
    return handle.lstrip("@").lower()


def actor(handle: str, tz: str | None = None) -> Actor:
    shown = handle.lstrip("@")
    return Actor(PLATFORM, "", handle_id(handle), display_name=shown, tz=tz)


async def run(
    mlgov: Mlgov,
    handle: str,
    tz: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    if stdin is None:
        stdin = sys.stdin
        # Bytes that are not UTF-8 arrive as lone surrogates, which the parser refuses with
        # one line, instead of an error that ends the conversation.
        _reconfigure(stdin, errors="surrogateescape")
    if stdout is None:
        stdout = sys.stdout
        _reconfigure(stdout, errors="replace")  # a terminal that cannot show ✓ shows ?
    try:
        return await _converse(mlgov, handle, tz, stdin, stdout)
    except BrokenPipeError:
        # The reader went away (`mlgov chat < script | head`): stop quietly, reading no more
        # commands, and keep Python from complaining when it flushes stdout at exit.
        _silence(stdout)
        return BROKEN_PIPE


async def _converse(
    mlgov: Mlgov, handle: str, tz: str | None, stdin: TextIO, stdout: TextIO
) -> int:
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
        if reply.image is not None:
            stdout.write(image_line(reply.image) + "\n")
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


def _reconfigure(stream: TextIO, errors: str) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors=errors)


def _silence(stdout: TextIO) -> None:
    try:
        fileno = stdout.fileno()
    except (OSError, ValueError):  # not a real file (a StringIO in tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def _enable_line_editing() -> None:
    try:
        import readline  # noqa: F401 - importing it gives input() history and editing
    except ImportError:  # pragma: no cover - Windows without pyreadline
        pass
