"""Two people change one project at the same instant, on two `mlgov serve` processes over one
PostgreSQL database, through the real HTTP server: one change lands, the other is told what
happened, and no event is doubled or contradicted."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from bot.db import create_engine, upgrade
from governance.commands import Abandon
from governance.context import Actor
from governance.service import Mlgov
from governance.tables import Event, Project
from tests.conftest import scratch_database
from tests.served import serving
from tests.slack.conftest import SlackServer
from tests.slack.fake_slack import FakeSlack

pytestmark = pytest.mark.postgres
PAIRS = 50
ALICE = Actor("slack", "T0TEST", "U0ALICE", display_name="Alice Owner")
BOB = Actor("slack", "T0TEST", "U0BOB", display_name="Bob Sponsor")
WON = "moved from idea to experimentation."
LATER = "cannot leave experimentation yet"


@contextmanager
def held(url: str) -> Iterator[None]:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as conn:
        conn.execute("SELECT id FROM project FOR UPDATE")
        yield
        conn.rollback()


@pytest.fixture
async def shared_database(postgres_server):
    with scratch_database(postgres_server, "mlgov_race") as url:
        engine = create_engine(url)
        await upgrade(engine)
        yield url, Mlgov(engine)
        await engine.dispose()


async def _seed(core: Mlgov, count: int) -> None:
    for n in range(count):
        for line in (f'new P{n} sponsor:<@U0BOB> budget:10k risk:low objective:"x"',
                     f'criteria p{n} add "AUC"', f"cost p{n} monthly:100"):  # fmt: skip
            reply = await core.handle(line, ALICE)
            assert reply.tone == "ok", reply.text
        # A named sponsor counts once they say yes.
        reply = await core.handle(f"sponsor p{n} confirm", BOB)
        assert reply.tone == "ok", reply.text


def _send(server: SlackServer, what: str | Abandon):  # noqa: ANN202 - a coroutine
    if isinstance(what, str):
        return server.command(what)
    return server.interact(server.press(what, user="U0ALICE"))


async def test_fifty_pairs_of_simultaneous_changes_on_two_servers(shared_database):
    url, core = shared_database
    await _seed(core, PAIRS + 10)
    fake = await FakeSlack().start()
    try:
        async with serving(url, fake) as one, serving(url, fake) as two, \
                aiohttp.ClientSession() as session:  # fmt: skip
            first, second = SlackServer(fake, one.url, session), SlackServer(fake, two.url, session)
            second.responses = first.triggers = 10_000  # their response URLs and triggers apart
            # On Slack abandoning is a press of the button that confirms it.
            pairs: list[tuple[str, str | Abandon]] = [
                (f"advance p{n}", f"advance p{n}") for n in range(PAIRS)] + [
                (f"advance p{n}", Abandon(f"p{n}", "no signal", confirmed=True))
                for n in range(PAIRS, PAIRS + 10)
            ]  # fmt: skip
            for start in range(0, len(pairs), 10):
                # Both of each pair are in (acknowledged) before either is carried out: the
                # projects are held meanwhile, as a slow moment of the database would hold them.
                with held(url):
                    await asyncio.gather(*(
                        call for a, b in pairs[start:start + 10]
                        for call in (first.command(a), _send(second, b))
                    ))  # fmt: skip
            answers = await fake.wait_for("response_url", 2 * len(pairs), within=120)
    finally:
        await fake.stop()
    async with core.uow() as uow:
        events = list(await uow.session.exec(
            select(Project.slug, Event.summary)
            .join(Event, col(Event.project_id) == col(Project.id))
            .where(col(Event.kind).startswith("phase."))
        ))  # fmt: skip
        phases = dict((await uow.session.exec(select(Project.slug, Project.phase))).all())
    per_project = Counter(slug for slug, _ in events)
    assert set(per_project.values()) == {1}, "a project moved twice, or not at all"
    assert len(per_project) == PAIRS + 10
    assert all(phases[f"p{n}"] == "experimentation" for n in range(PAIRS))
    texts = [a.params["text"] for a in answers]
    won = [t for t in texts if t.endswith(WON) or t.startswith("P") and "abandoned in" in t]
    lost = [t for t in texts if t not in won]
    assert len(won) == len(lost) == PAIRS + 10, texts
    kinds = Counter("raced" if "a moment ago" in t else "later" if LATER in t else t for t in lost)
    assert set(kinds) == {"raced"}, kinds  # every loser is told what happened
    print(
        f"\n{PAIRS + 10} pairs: {kinds['raced']} told it changed a moment ago, {kinds['later']} "
        "met the next closed gate"
    )
