"""Log lines that cannot be forged or flooded from outside.

Much of what reaches a log line comes from people and platforms: names, notes, team ids,
channel names, error texts. A newline in any of them would start what looks like a log line
of its own, and a long one would bury the rest. Every message is made one line, with control
characters shown escaped, and cut at ``MAX_MESSAGE``; tracebacks, written by the logging
module itself, are left as they are.
"""

from __future__ import annotations

import logging

MAX_MESSAGE = 2000
_ESCAPES = {i: f"\\x{i:02x}" for i in range(32)} | {ord("\n"): "\\n", ord("\r"): "\\r",
                                                   ord("\t"): "\\t", 0x7F: "\\x7f"}  # fmt: skip
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def one_line(text: str) -> str:
    text = text.translate(_ESCAPES).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…(cut)"


class OneLineFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = one_line(record.message)
        return super().formatMessage(record)


def configure(level: int) -> None:
    """The process's logging: one line per record, on standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
