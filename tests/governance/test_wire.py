"""Commands as data: every command survives the trip through a button, and nothing a
client makes up gets past decoding as anything but a clear refusal."""

from __future__ import annotations

import pytest

from governance import commands as c
from governance import wire
from governance.errors import BadCommand
from governance.grammar import read
from governance.spoken import said

LINES = [
    "help", "help ready", 'new Churn Model sponsor:@bob owner:@alice budget:50k risk:high '
    'objective:"Cut churn"', 'edit churn-model objective:"x" risk:low budget:10k',
    "status churn-model", "portfolio", "portfolio phase:development health:red sponsor:@bob",
    "portfolio done-not-live", "advance churn-model", 'advance churn-model to production force '
    'reason:"pilot"', 'abandon churn-model reason:"never beat the baseline"',
    "sponsor churn-model @bob budget:20k", "sponsor churn-model confirm", "accept churn-model",
    "member churn-model add @carol role:it", "member churn-model remove @carol role:ml",
    "criteria churn-model", "criteria churn-model history", 'criteria churn-model add "AUC"',
    'criteria churn-model change 1 "AUC 0.9" reason:"moved"', "criteria churn-model met 2",
    'criteria churn-model waive 3 reason:"superseded"', "criteria churn-model confirm",
    "ready churn-model", "ready churn-model sla done evidence:https://wiki/x",
    "ready churn-model sla owner:@ivan", "cost churn-model",
    "cost churn-model ingest:20GB/day storage:1TB access:40 monthly:3000",
    'checkin churn-model blocked "no data"', "checkin churn-model on-track",
    'review churn-model done "fine"', "history churn-model", "link churn-model",
    "schedule churn-model checkin biweekly friday 14:00", "schedule churn-model review 14",
    "tz Europe/Berlin", "away 2026-12-24 2027-01-02", "away clear",
    "member churn-model", "tz", "away", 'edit churn-model name:"Новое имя" risk:high',
    "portfolio development red at-risk blocked done-not-live lapsed sponsor:@bob",
    'new "Ops:Q3" sponsor:@Bob', "new Café Crème", "which projects are at risk?",
]  # fmt: skip


@pytest.mark.parametrize("line", LINES)
def test_every_command_goes_through_a_button_unchanged(line):
    command = read(line)
    assert wire.loads(wire.dumps(command)) == command
    # …and what a console shows beside the button asks for the same thing.
    assert read(said(command)) == command


def test_every_command_has_a_wire_name():
    assert set(wire.NAMES.values()) == set(c.Command.__args__)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "data",
    [
        None, [], "status x", {}, {"do": "frobnicate"}, {"do": "status"},
        {"do": "status", "project": 5}, {"do": "status", "project": "x", "extra": 1},
        {"do": "status", "project": "x" * 5000}, {"do": "checkin", "project": "x",
        "status": "asleep"}, {"do": "criteria-resolve", "project": "x", "number": "1",
        "met": True}, {"do": "criteria-resolve", "project": "x", "number": True, "met": True},
        {"do": "portfolio", "sponsor": {"id": ""}}, {"do": "portfolio", "sponsor": "bob"},
        {"do": "portfolio", "sponsor": {"id": "U1", "admin": True}},
        {"do": "new", "name": "x", "budget": "lots"}, {"do": "away", "first": "tomorrow",
        "last": None}, {"do": "cost-revise", "project": "x", "monthly": 10**50},
    ],
)  # fmt: skip
def test_made_up_data_is_refused_with_one_clear_line(data):
    with pytest.raises(BadCommand) as refused:
        wire.decode(data)
    assert refused.value.message == (
        "That button no longer works; say the command instead (`help` lists them)."
    )


def test_text_that_is_not_json_is_refused():
    with pytest.raises(BadCommand):
        wire.loads("checkin churn-model on-track")
