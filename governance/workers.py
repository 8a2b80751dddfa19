"""Which process holds a lease: a name per process, and whether a local one has died."""

from __future__ import annotations

import os
import socket
from functools import cache


@cache
def _host() -> str:
    return socket.gethostname()[:40]


def worker_name() -> str:
    """``host:pid``: unique among the processes sharing one database."""
    return f"{_host()}:{os.getpid()}"


def died_here(name: str | None) -> bool:
    """Whether ``name`` is a process on this machine that no longer runs: its leases need not
    be waited out (a restart after a crash picks up at once). A process on another machine
    can't be checked from here; its lease runs out instead."""
    if not name or ":" not in name:
        return False
    host, _, pid = name.rpartition(":")
    if host != _host() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False
