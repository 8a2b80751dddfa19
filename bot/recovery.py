"""Finishing what was acknowledged and not answered: a process that died between Slack's
"received" and its answer (or a platform that was down when the answer was due) leaves an
inbound row; every few seconds `mlgov serve` and `mlgov worker` carry such rows out, once,
and answer them."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from bot.settings import Settings
from governance import intake
from governance.intake import Answerer
from governance.service import Mlgov
from governance.states import Platform
from governance.workers import died_here, worker_name

log = logging.getLogger("mlgov.recovery")
EVERY_SECONDS = 5.0


def build_answerers(settings: Settings) -> dict[str, Answerer]:
    answerers: dict[str, Answerer] = {}
    if settings.slack_enabled:
        from adapters.slack.answering import SlackAnswerer
        from adapters.slack.client import web_client

        client = web_client(settings.slack_bot_token, settings.slack_api_url)
        answerers[Platform.SLACK] = SlackAnswerer(client)
    if settings.teams_enabled:
        from adapters.teams.answering import TeamsAnswerer
        from adapters.teams.http import build_adapter

        answerers[Platform.TEAMS] = TeamsAnswerer(build_adapter(settings), settings)
    return answerers


async def recover(mlgov: Mlgov, answerers: dict[str, Answerer]) -> int:
    """One pass: claim what was left behind, carry it out if nobody has, answer it."""
    if not answerers:
        return 0
    async with mlgov.uow() as uow:
        left = await intake.claim(uow.session, worker_name(), mlgov.clock.now(), list(answerers),
                                  died_here)  # fmt: skip
        await uow.commit()
    answered = 0
    for found in left:
        carried = await mlgov.carry_out(found.id)
        if not carried.final:
            continue  # the database failed again: the next pass tries
        try:
            await answerers[found.platform].answer(found, carried.reply, mlgov.clock.now())
        except Exception:  # noqa: BLE001 - the lease runs out and the next pass tries again
            log.warning("answer to inbound %s not delivered; retrying later", found.id,
                        exc_info=True)  # fmt: skip
            continue
        await mlgov.answered(found.id)
        answered += 1
    if answered:
        log.info("finished %s acknowledged request(s) left unanswered", answered)
    return answered


class Recovery:
    """``recover`` every few seconds until stopped."""

    def __init__(self, mlgov: Mlgov, answerers: dict[str, Answerer],
                 every: float = EVERY_SECONDS) -> None:  # fmt: skip
        self.mlgov, self.answerers, self.every = mlgov, answerers, every
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                await recover(self.mlgov, self.answerers)
            except Exception:  # noqa: BLE001 - the database may be down; the next pass tries
                log.warning("recovery pass failed", exc_info=True)
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.every)

    async def stop(self, within: float = 25.0) -> None:
        self._stop.set()
        if self._task is not None:
            with suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._task), within)


def start_recovery(mlgov: Mlgov, settings: Settings) -> Recovery:
    recovery = Recovery(mlgov, build_answerers(settings))
    recovery.start()
    return recovery
