"""Work still running after Slack was told "received": a deploy waits for it before exiting."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("mlgov.slack")


class InFlight:
    """bolt runs a listener after its acknowledgement, outside the HTTP request, so the server's
    own shutdown would not wait for it; each listener registers here instead."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    @contextmanager
    def track(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is None:  # pragma: no cover - listeners always run in a task
            yield
            return
        self._tasks.add(task)
        try:
            yield
        finally:
            self._tasks.discard(task)

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` after the acknowledgement, tracked like a listener."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def __len__(self) -> int:
        return len(self._tasks)

    async def drain(self, within: float) -> int:
        """Wait for every tracked listener, at most ``within`` seconds; how many were left."""
        pending = {t for t in self._tasks if t is not asyncio.current_task()}
        if pending:
            log.info("waiting for %s answer(s) in flight", len(pending))
            _, pending = await asyncio.wait(pending, timeout=within)
            if pending:
                log.warning("%s answer(s) still running at shutdown; the next process finishes "
                            "them", len(pending))  # fmt: skip
        return len(pending)
