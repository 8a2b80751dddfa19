"""On Slack a destructive command asks first, to the asker alone, with a danger button that
carries the same command; nothing changes until it is pressed (signed requests, real bolt)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from adapters.slack import limits
from adapters.slack.blocks import value
from adapters.slack.limits import size
from governance import commands as c
from governance import lifecycle_news as news
from governance.phases import Phase
from governance.slugs import MAX_SLUG
from governance.tables import Event, Project


def _buttons(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]]


async def _state(mlgov) -> tuple[str, int]:  # noqa: ANN001
    async with mlgov.uow() as uow:
        phase = (await uow.session.exec(select(Project.phase))).one()
        events = len((await uow.session.exec(select(Event.id))).all())
        return phase, events


async def test_abandon_asks_first_and_its_button_does_it(slack, mlgov):
    await slack.ask("new Churn Model")
    await slack.ask("link churn-model", channel="C0REPORTS")
    before = await _state(mlgov)
    asked = await slack.ask('abandon churn-model reason:"no signal"')
    assert asked["response_type"] == "ephemeral"  # the question is the asker's alone
    assert asked["text"] == (
        "Abandon churn-model? It becomes read-only; its members and #ml-projects are told."
    )
    (abandon,) = [b for b in _buttons(asked) if b["text"]["text"] == "Abandon"]
    assert abandon["style"] == "danger"
    assert await _state(mlgov) == before  # asking changed nothing, wrote no event

    # Someone else pressing it is refused: the button runs as whoever presses it.
    await slack.interact(slack.press(abandon["value"], user="U0CAROL"))
    refused = (await slack.said(slack.responses))[-1]
    assert refused["text"].startswith("Only the owner of churn-model or an admin can abandon it")
    assert await _state(mlgov) == before

    await slack.interact(slack.press(abandon["value"], user="U0ALICE"))
    done = (await slack.said(slack.responses))[-1]
    assert done["text"] == "Churn Model abandoned in idea. Reason kept: no signal"
    phase, _ = await _state(mlgov)
    assert phase == "abandoned"


@pytest.mark.parametrize("char", ["x", "🚀", '"', "\\"])
def test_the_longest_reason_a_confirmation_takes_fits_on_a_slack_button(char):
    """Whatever the reason is written in, the confirming button carries it whole."""
    reason = char * news.REASON_ON_A_BUTTON
    slug = "p" * MAX_SLUG
    for command in (
        c.Abandon(slug, reason, confirmed=True),
        c.Advance(slug, Phase.EXPERIMENTATION, force=True, reason=reason, confirmed=True),
    ):
        assert size(value(command)) <= limits.BUTTON_VALUE
