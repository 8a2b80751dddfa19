"""The verb registry: every command has one handler, every verb is reachable and helped."""

from __future__ import annotations

import typing

from governance import commands as c
from governance.errors import BadCommand
from governance.grammar import read
from governance.verbs import ROUTES, VERBS


def test_every_command_is_carried_out_by_exactly_one_handler():
    commands = set(typing.get_args(c.Command))
    routed = [route.command for verb in VERBS.values() for route in verb.routes]
    assert len(routed) == len(set(routed)), "a command routed twice"
    assert set(routed) == commands
    assert set(ROUTES) == commands


def test_a_query_is_never_a_decision():
    assert not [r for r in ROUTES.values() if r.query and r.decision]


def test_every_verb_is_read_by_its_own_name_and_answers_with_its_own_form():
    for name, verb in VERBS.items():
        assert verb.usage.split()[0] == name
        try:
            command = read(f"{name} churn-model ???")
        except BadCommand as refused:
            assert refused.usage in (verb.usage, None), name  # a value check names no form
        else:
            assert type(command) in {r.command for r in verb.routes}, name
