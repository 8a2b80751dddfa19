"""Two changes to one project at the same instant, from two processes' engines: exactly one
lands, the other is told what happened and changes nothing, and the audit shows one event."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from bot.db import create_engine
from governance.context import Actor
from governance.replies import Tone
from governance.service import Mlgov
from governance.tables import Event, Project
from tests.conftest import say

ALICE = Actor("console", "", "alice", "alice")
BOB = Actor("console", "", "bob", "bob")


@pytest.fixture
async def twins(database_url, clock):
    """Two cores on two engines, as two server processes would have."""
    engines = [create_engine(database_url) for _ in range(2)]
    yield [Mlgov(e, clock=clock) for e in engines]
    for engine in engines:
        await engine.dispose()


@contextmanager
def project_held(database_url: str, slug: str) -> Iterator[None]:
    """Another transaction holds the project while both commands read it; both then meet at
    the write, in whatever order the database lets them through."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(url.database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    else:
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        conn = psycopg.connect(plain)
        conn.execute("SELECT id FROM project WHERE slug = %s FOR UPDATE", (slug,))
    try:
        yield
    finally:
        conn.rollback() if not isinstance(conn, sqlite3.Connection) else conn.execute("ROLLBACK")
        conn.close()


async def _ready_to_leave_idea(mlgov: Mlgov, slug: str) -> None:
    name = " ".join(word.capitalize() for word in slug.split("-"))  # churn-model: Churn Model
    await say(mlgov, "alice", f'new {name} sponsor:@bob budget:10k risk:low objective:"x"')
    await say(mlgov, "bob", f"sponsor {slug} confirm")
    await say(mlgov, "alice", f'criteria {slug} add "AUC ≥ 0.8"')
    await say(mlgov, "alice", f"cost {slug} monthly:100")


async def _phase_events(mlgov: Mlgov, slug: str) -> list[str]:
    async with mlgov.uow() as uow:
        rows = await uow.session.exec(
            select(Event.summary)
            .join(Project, col(Project.id) == col(Event.project_id))
            .where(Project.slug == slug, col(Event.kind).startswith("phase."))
        )
        return list(rows)


async def _race(database_url, slug: str, *attempts) -> list:  # noqa: ANN001
    with project_held(database_url, slug):
        running = [asyncio.ensure_future(m.handle(line, who)) for m, line, who in attempts]
        await asyncio.sleep(0.5)  # both have read the project and wait at the write
    return await asyncio.gather(*running)


async def test_two_advances_at_the_same_instant_move_the_project_once(mlgov, twins, database_url):
    await _ready_to_leave_idea(mlgov, "churn-model")
    one, two = await _race(database_url, "churn-model", (twins[0], "advance churn-model", ALICE),
                           (twins[1], "advance churn-model", ALICE))  # fmt: skip
    texts = sorted([one.text, two.text])
    assert texts == [
        "Churn Model moved from idea to experimentation.",
        "churn-model moved to experimentation a moment ago by alice; nothing changed. "
        "See `status churn-model` and decide again.",
    ]
    assert sorted([one.tone, two.tone]) == sorted([Tone.OK, Tone.ERROR])
    assert await _phase_events(mlgov, "churn-model") == ["advanced idea → experimentation"]


async def test_advance_and_abandon_at_the_same_instant_do_not_both_land(mlgov, twins, database_url):
    await _ready_to_leave_idea(mlgov, "churn-model")
    results = await _race(database_url, "churn-model",
                          (twins[0], "advance churn-model", ALICE),
                          (twins[1], 'abandon churn-model reason:"no data"', ALICE))  # fmt: skip
    assert sorted(r.tone for r in results) == sorted([Tone.OK, Tone.ERROR])
    (loser,) = [r for r in results if r.tone == Tone.ERROR]
    assert "a moment ago" in loser.text and "nothing changed" in loser.text
    events = await _phase_events(mlgov, "churn-model")
    assert len(events) == 1, events


async def test_two_accepts_at_the_same_instant_record_one(mlgov, twins, database_url):
    await _ready_to_leave_idea(mlgov, "churn-model")
    await say(mlgov, "alice", "advance churn-model")
    await say(mlgov, "alice", "advance churn-model to development force reason:x")  # not admin
    async with mlgov.uow() as uow:  # put it in development directly: accept needs that phase
        project = (await uow.session.exec(select(Project))).one()
        project.phase = "development"
        uow.session.add(project)
        await uow.commit()
    await say(mlgov, "alice", "criteria churn-model met 1")  # accept needs every one met
    results = await _race(database_url, "churn-model", (twins[0], "accept churn-model", BOB),
                          (twins[1], "accept churn-model", BOB))  # fmt: skip
    assert sorted(r.text for r in results) == [
        "Churn Model accepted: it is done — not in production until it passes the production gate.",
        "churn-model was accepted a moment ago by bob; nothing changed. See `status churn-model` "
        "and decide again.",
    ]
    async with mlgov.uow() as uow:
        kinds = list(await uow.session.exec(select(Event.kind)))
    assert kinds.count("project.accepted") == 1


async def test_additions_at_the_same_instant_both_land(mlgov, twins, database_url):
    """Adding to the record does not decide from a state: both criteria are kept."""
    await _ready_to_leave_idea(mlgov, "churn-model")
    results = await _race(database_url, "churn-model",
                          (twins[0], 'criteria churn-model add "precision"', ALICE),
                          (twins[1], 'criteria churn-model add "recall"', ALICE))  # fmt: skip
    assert all(r.tone == Tone.OK for r in results), [r.text for r in results]
    shown = await say(mlgov, "alice", "criteria churn-model")
    assert sorted(row.text for row in shown.rows) == [
        "1. AUC ≥ 0.8",
        "2. precision",
        "3. recall",
    ] or sorted(row.text for row in shown.rows) == ["1. AUC ≥ 0.8", "2. recall", "3. precision"]
