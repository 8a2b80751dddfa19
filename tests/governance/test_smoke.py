from governance.replies import Tone
from tests.conftest import say, snapshot


async def test_new_project_is_listed_in_portfolio(mlgov):
    created = await say(mlgov, "alice", "new Churn Model sponsor:@bob budget:50k")
    assert created.tone == Tone.OK
    reply = await say(mlgov, "carol", "portfolio")
    # Amber until bob confirms he sponsors it (tests/governance/test_health.py).
    assert [row.text for row in reply.rows][0].startswith("🟠 Churn Model (`churn-model`)")


async def test_unknown_command_changes_nothing(mlgov, engine):
    await say(mlgov, "alice", "new Churn Model")
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", "advance churn-model to production")
    assert reply.tone == Tone.ERROR
    assert await snapshot(engine) == before


async def test_home_lists_my_projects_and_next_checkin(mlgov):
    from tests.conftest import console

    await say(mlgov, "alice", "new Churn Model")
    reply = await mlgov.home(console("alice"))
    assert reply.rows[0].text.startswith("Churn Model (`churn-model`)")
    assert reply.fields[0].label == "Next check-in"
    # T0 is Monday 09:00 UTC, so the default Monday 09:30 slot is later the same day.
    assert "2026-03-02 09:30" in reply.fields[0].value
