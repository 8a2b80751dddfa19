"""The audit names who acted as they were known then, with their stable platform id: a
renamed account cannot take over someone else's place in the record."""

from __future__ import annotations

from governance.context import Actor
from tests.conftest import say


async def test_history_shows_the_name_then_and_the_stable_id(mlgov):
    bob = Actor("slack", "T0TEST", "U0EVE", display_name="Bob Sponsor")
    await mlgov.handle("new Churn Model", bob)
    # The account is renamed to pass for someone else; the record still says who it was.
    renamed = Actor("slack", "T0TEST", "U0EVE", display_name="Alice Owner")
    await mlgov.handle('criteria churn-model add "AUC ≥ 0.8"', renamed)
    history = await say(mlgov, "reader", "history churn-model")
    created, added = (row.text for row in history.rows)
    assert "· Bob Sponsor (slack U0EVE) · created Churn Model" in created
    assert "· Alice Owner (slack U0EVE) · criterion 1" in added
    # The real Alice, another account, never appears as having done either.
    assert "U0ALICE" not in created + added
