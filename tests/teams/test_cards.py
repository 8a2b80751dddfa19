"""Adaptive Cards stay well under Teams' 100 KB message limit, whatever the reply holds."""

from __future__ import annotations

import json

from adapters.teams.cards import ROWS_PER_PAGE, render
from governance.replies import Action, Field, Reply, Row

LIMIT = 100 * 1024


def _huge() -> Reply:
    long = "x" * 20_000
    act = Action("Check off " + long, "criterion churn-model done 3", note_prompt=long)
    return Reply(
        text=long,
        title=long,
        fields=[Field(f"label {i} {long}", long) for i in range(200)],
        rows=[Row(f"{i} {long}", long, (act, act, act, act)) for i in range(1000)],
        actions=[act] * 20,
        context=long,
    )


def test_the_largest_reply_renders_well_under_the_limit():
    card = render(_huge(), "portfolio", page=3)
    size = len(json.dumps(card).encode("utf-8"))
    assert size < LIMIT * 0.6, size
    texts = json.dumps(card, ensure_ascii=False)
    assert f"Page 3 of {1000 // ROWS_PER_PAGE} · 1000 in all" in texts
    more = card["actions"][-1]
    assert more["data"] == {"mlgov": "portfolio", "page": 4}


def test_commands_are_never_clipped():
    command = "checkin churn-model at-risk " + "y" * 900
    card = render(Reply("t", actions=[Action("Go", command)]))
    assert card["actions"][0]["data"] == {"mlgov": command}
