"""`portfolio metrics` through the real service, on a history made with commands, forced
moves and a clock moved between them; the weekly digest's headline line; two statements to
load, however many projects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.roles import change_role
from governance.commands import PortfolioMetrics
from governance.grammar import read
from governance.replies import Tone
from governance.rhythm.payload import load as load_payload
from governance.service import Mlgov
from governance.tables import Delivery
from governance.views.metrics import load
from tests.conftest import T0, say
from tests.performance.test_statement_counts import counting
from tests.rhythm.conftest import Rhythm


async def _at(mlgov: Mlgov, days_ago: int, who: str, line: str) -> None:
    mlgov.clock.set(T0 - timedelta(days=days_ago))
    reply = await say(mlgov, who, line)
    assert reply.tone != Tone.ERROR, (line, reply.text)


async def _seed(mlgov: Mlgov) -> None:
    """Six projects; the days each spent in a phase are in the comments."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    force = 'advance {} to {} force reason:"pilot"'
    # alpha, before the last 12 months: idea 100, then forced into production.
    await _at(mlgov, 400, "alice", "new Alpha")
    await _at(mlgov, 300, "root", force.format("alpha", "production"))
    # beta: idea 20, experimentation 60, development 30 (accepted 98 days ago), deployment.
    await _at(mlgov, 200, "alice", "new Beta sponsor:@bob")
    await _at(mlgov, 199, "bob", "sponsor beta confirm")
    await _at(mlgov, 180, "root", force.format("beta", "experimentation"))
    await _at(mlgov, 120, "root", force.format("beta", "development"))
    await _at(mlgov, 99, "alice", 'criteria beta add "AUC >= 0.8"')
    await _at(mlgov, 99, "alice", "criteria beta met 1")  # accept needs every one met
    await _at(mlgov, 98, "bob", "accept beta")
    await _at(mlgov, 90, "root", force.format("beta", "deployment"))
    # zeta: idea 50, then forced into production.
    await _at(mlgov, 150, "alice", "new Zeta")
    await _at(mlgov, 100, "root", force.format("zeta", "production"))
    # gamma: idea 10, experimentation 40, abandoned.
    await _at(mlgov, 100, "carol", "new Gamma")
    await _at(mlgov, 90, "root", force.format("gamma", "experimentation"))
    await _at(mlgov, 50, "carol", 'abandon gamma reason:"No data"')
    # delta: idea 10, abandoned for the same reason, typed differently.
    await _at(mlgov, 30, "carol", "new Delta")
    await _at(mlgov, 20, "carol", 'abandon delta reason:"no  DATA "')
    # epsilon: still an idea.
    await _at(mlgov, 10, "dave", "new Epsilon")
    mlgov.clock.set(T0)


@pytest.fixture
async def seeded(mlgov):
    await _seed(mlgov)
    return mlgov


async def test_portfolio_metrics_on_a_seeded_history(seeded):
    reply = await say(seeded, "erin", "portfolio metrics")
    assert reply.tone == Tone.INFO, reply.text
    assert reply.text == (
        "Reached production: 1 of 5 started in the last 12 months (20%) · abandoned 33% · "
        "done, not live: 1 (oldest 98 days)."
    )
    assert {f.label: f.value for f in reply.fields} == {
        "Projects": "6",
        "By phase": "idea 1 · deployment 1 · production 2 · abandoned 2",
        "Reached production, last 12 months": "1 of 5 (20%), 1 of them by force",
        "Reached production, all time": "2 of 6 (33%), 2 of them by force",
        "Abandoned": "2 of 6 (33%)",
        "Done, not in production": "1 (oldest 98 days)",
    }
    assert [(r.text, r.detail) for r in reply.rows] == [
        # 10 10 20 50 100: p90 at 3.6 → 50 + 0.6 × 50.
        ("idea: 5 left · median 20 days · p90 80 days (1 still there)", None),
        # 40 60: p90 at 0.9 → 40 + 0.9 × 20.
        ("experimentation: 2 left · median 50 days · p90 58 days", None),
        ("development: 1 left · median 30 days · p90 30 days", None),
        ("deployment: none left yet (1 still there)", None),
        ("production: none left yet (2 still there)", None),
        ("Abandoned: no data", "2 projects"),
        ("Done, not in production: Beta (`beta`)", "for 98 days"),
    ]


@pytest.mark.parametrize(
    "question",
    [
        "how many of our projects reach production?",
        "How many reached production this year?",
        "what is our conversion rate?",
    ],
)
async def test_managers_ask_in_their_words(seeded, question):
    assert read(question) == PortfolioMetrics()
    reply = await say(seeded, "erin", question)
    assert reply.text.startswith("Reached production: 1 of 5 started in the last 12 months")


async def test_metrics_take_no_filters(mlgov):
    reply = await say(mlgov, "erin", "portfolio metrics red")
    assert reply.tone == Tone.ERROR
    assert reply.text.startswith("`portfolio metrics` takes no filters")


async def test_an_empty_portfolio_has_nothing_to_measure(mlgov):
    reply = await say(mlgov, "erin", "portfolio metrics")
    assert reply.tone == Tone.INFO
    assert reply.text.startswith("No projects yet")


async def test_the_weekly_digest_carries_the_headline(seeded):
    await say(seeded, "boss", "tz Europe/London")  # Monday 09:00 there is T0
    await change_role(seeded, "console", "", "boss", "manager", grant_it=True)
    await Rhythm(seeded).tick(T0 + timedelta(minutes=1))
    async with seeded.uow() as uow:
        payloads = [
            load_payload(p)
            for k, p in await uow.session.exec(select(Delivery.key, Delivery.payload))
            if k.startswith("digest:")
        ]
    assert len(payloads) == 1
    fields = {f.label: f.value for f in payloads[0].fields}
    assert fields["Reached production"] == (
        "1 of 5 started in the last 12 months (20%) · abandoned 33% · "
        "done, not live: 1 (oldest 98 days)"
    )


async def test_loading_takes_two_statements_however_many_projects(seeded, engine):
    async def statements() -> int:
        async with seeded.uow() as uow:
            with counting(engine) as seen:
                await load(uow.session)
        return len(seen)

    six = await statements()
    for n in range(10):
        await say(seeded, "alice", f"new More {n}")
        await say(seeded, "root", f'advance more-{n} to experimentation force reason:"x"')
    assert six == await statements() == 2
