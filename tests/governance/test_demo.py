"""`mlgov demo`: a realistic portfolio, loaded once however often it is run."""

from __future__ import annotations

from bot.demo import load_demo
from governance.phases import CLOSED, Health, Phase, Standing
from governance.portfolio import summaries
from tests.conftest import T0, snapshot


async def test_demo_covers_every_phase_and_the_hard_cases(mlgov, engine):
    created = await load_demo(mlgov)
    assert len(created) >= 10
    async with mlgov.uow() as uow:
        projects = await summaries(uow.session, mlgov.policy, T0)
    assert {p.phase for p in projects} == set(Phase)
    stale = [
        p for p in projects
        if p.delivery == Standing.DONE_NOT_LIVE and (T0 - p.accepted_at).days >= 60
    ]  # fmt: skip
    assert stale, "a project done but not in production for 60+ days"
    assert [p.slug for p in projects if p.sponsorship_lapsed] == ["support-triage"]
    assert any(p.health == Health.RED and p.phase not in CLOSED for p in projects)
    abandoned = await mlgov.handle("status lead-scoring", _reader())
    assert "no model beat the rules-based baseline" in abandoned.text


async def test_demo_is_idempotent(mlgov, engine):
    await load_demo(mlgov)
    before = await snapshot(engine)
    assert await load_demo(mlgov) == []
    assert await snapshot(engine) == before


def _reader():
    from tests.conftest import console

    return console("reader")
