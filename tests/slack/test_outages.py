"""A database that stops answering: the person hears so within Slack's three seconds,
nothing is half done, and a press that failed on the way can be pressed again."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import func, select

from bot.db import create_engine
from governance.commands import RecordCheckin
from governance.phases import CheckinStatus
from governance.service import Mlgov
from governance.tables import Checkin
from tests.db_proxy import FreezingProxy
from tests.slack.conftest import payload, slack_server

TIMEOUT = 1.0


@pytest.fixture
async def mlgov(database_url, clock):
    """The core as `mlgov serve` builds it, with one second for any statement."""
    engine = create_engine(database_url, connect_timeout=TIMEOUT, statement_timeout=TIMEOUT)
    yield Mlgov(engine, clock=clock, timeout=TIMEOUT)
    await engine.dispose()


@contextmanager
def busy(database_url: str) -> Iterator[None]:
    """Another transaction holds what every command needs, for longer than anyone waits."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        held = sqlite3.connect(url.database, isolation_level=None)
        held.execute("BEGIN IMMEDIATE")
    else:
        held = psycopg.connect(url.set(drivername="postgresql").render_as_string(False))
        held.execute("SELECT id FROM project FOR UPDATE")
    try:
        yield
    finally:
        if isinstance(held, sqlite3.Connection):
            held.execute("ROLLBACK")
        else:
            held.rollback()
        held.close()


async def test_a_press_that_failed_on_the_way_can_be_pressed_again(slack, mlgov, database_url):
    await slack.ask("new Churn Model")
    await slack.ask("member churn-model add <@U0CAROL> role:ml")
    first = slack.press(RecordCheckin("churn-model", CheckinStatus.BLOCKED), user="U0CAROL")
    with busy(database_url):
        started = time.monotonic()
        response = await slack.interact(first)
        assert response.status == 200 and time.monotonic() - started < 3.0
        failed = (await slack.said(3))[2]["text"]
    assert failed.startswith("The database is not answering right now")
    again = deepcopy(first)  # the same button, pressed again once the database answers
    again.update(trigger_id=slack.trigger_id(), response_url=slack.response_url())
    await slack.interact(again)
    assert (await slack.said(4))[3]["text"] == "Checked in on Churn Model: blocked. Thank you."
    async with mlgov.uow() as uow:
        assert (await uow.session.exec(select(func.count()).select_from(Checkin))).one() == 1


@pytest.fixture
async def frozen_core(database_url, clock):
    """The core on PostgreSQL through a proxy the test can freeze."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("a frozen server is a PostgreSQL outage; SQLite's is a held lock (above)")
    proxy = await FreezingProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    engine = create_engine(through, connect_timeout=TIMEOUT, statement_timeout=TIMEOUT)
    yield Mlgov(engine, clock=clock, timeout=TIMEOUT), proxy
    proxy.thaw()
    await engine.dispose()
    await proxy.stop()


@pytest.fixture
async def frozen(frozen_core):
    """A real server (Slack over HTTP) on that core."""
    core, proxy = frozen_core
    server = await slack_server(core)
    yield server, core, proxy
    await server.close()


async def test_a_frozen_database_is_said_within_slacks_deadline(frozen):
    slack, core, proxy = frozen
    await slack.ask("new Churn Model")  # the pool holds a live connection now
    proxy.freeze()
    started = time.monotonic()
    response = await slack.command("checkin churn-model on-track")
    assert response.status == 200 and time.monotonic() - started < 3.0
    (_, answer) = await slack.said(2)
    assert answer["text"].startswith(
        "The database is not answering right now; nothing was changed (ref "
    )
    # A mention and a button press get the same message, where they were said.
    event = payload("app_mention")
    event["event"]["text"] = "<@U0BOT> status churn-model"
    assert (await slack.event(event)).status == 200
    (post,) = await slack.fake.wait_for("chat.postEphemeral")
    assert post.params["text"].startswith("The database is not answering right now")
    await slack.interact(slack.press(RecordCheckin("churn-model", CheckinStatus.ON_TRACK)))
    pressed = (await slack.said(3))[2]
    assert pressed["text"].startswith("The database is not answering right now")
    # /readyz says so quickly, and everything works again once the database answers.
    async with slack.session.get(f"{slack.url}/readyz") as ready:
        assert ready.status == 503
    assert time.monotonic() - started < 12.0
    proxy.thaw()
    answer = await slack.ask("status churn-model")
    assert answer["text"].startswith("Churn Model is in idea")
