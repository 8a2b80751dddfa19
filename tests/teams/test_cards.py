"""Adaptive Cards stay well under Teams' 100 KB message limit, whatever the reply holds."""

from __future__ import annotations

import json

from adapters.teams.cards import ROWS_PER_PAGE, render
from governance import wire
from governance.commands import CheckOff, Portfolio, RecordCheckin
from governance.phases import CheckinStatus
from governance.replies import Action, Field, Reply, Row
from governance.rhythm import messages

LIMIT = 100 * 1024


def _huge() -> Reply:
    long = "x" * 20_000
    act = Action("Check off " + long, CheckOff("churn-model", "it-acceptance"), note_prompt=long)
    return Reply(
        text=long,
        title=long,
        fields=[Field(f"label {i} {long}", long) for i in range(200)],
        rows=[Row(f"{i} {long}", long, (act, act, act, act)) for i in range(1000)],
        actions=[act] * 20,
        context=long,
    )


def test_the_largest_reply_renders_well_under_the_limit():
    huge = _huge()
    huge.more = Portfolio()
    card = render(huge, page=3)
    size = len(json.dumps(card).encode("utf-8"))
    assert size < LIMIT * 0.7, size  # buttons carry their command as data since issue 10
    texts = json.dumps(card, ensure_ascii=False)
    assert f"Page 3 of {1000 // ROWS_PER_PAGE} · 1000 in all" in texts
    more = card["actions"][-1]
    assert more["data"] == {"mlgov": {"do": "portfolio"}, "page": 4}


def test_commands_are_carried_whole_as_data():
    command = RecordCheckin("churn-model", CheckinStatus.AT_RISK, "y" * 900)
    card = render(Reply("t", actions=[Action("Go", command)]))
    assert wire.decode(card["actions"][0]["data"]["mlgov"]) == command


def test_note_inputs_have_ids_of_their_own():
    """Teams merges a card's inputs into one submission: three `note` ids would collide."""
    card = render(Reply("How is it going?", actions=messages.checkin_actions("churn-model")))
    ids = [a["card"]["body"][0]["id"] for a in card["actions"]]
    assert len(set(ids)) == 3
    assert [a["card"]["actions"][0]["data"]["noteInput"] for a in card["actions"]] == ids
