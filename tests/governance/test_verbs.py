"""The verb registry: every command has one handler, every verb is reachable and helped."""

from __future__ import annotations

import typing

from governance import commands as c
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


def test_every_verb_reads_its_own_name_and_its_usage_names_it():
    for name, verb in VERBS.items():
        assert verb.usage.split()[0] == name
        for option in verb.options:
            assert f"{option}:" in verb.usage, (name, option)
    assert isinstance(read("help ready"), c.Help)
