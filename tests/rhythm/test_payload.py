"""Replies in the outbox: stored compactly, read back exactly."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from governance.replies import Action, Field, Reply, Row, Tone
from governance.rhythm.payload import dump, load

text = st.text(max_size=40)
maybe = st.none() | text
actions = st.builds(Action, text, text, st.sampled_from([None, "primary", "danger"]), maybe)
replies = st.builds(
    Reply,
    text,
    title=maybe,
    fields=st.lists(st.builds(Field, text, text), max_size=3),
    rows=st.lists(st.builds(Row, text, maybe, st.tuples() | st.tuples(actions)), max_size=3),
    actions=st.lists(actions, max_size=3),
    context=maybe,
    tone=st.sampled_from(list(Tone)),
    query=st.booleans(),
)


@given(replies)
def test_every_reply_reads_back_as_it_was(reply):
    assert load(dump(reply)) == reply


def test_defaults_are_left_out():
    stored = json.loads(dump(Reply("Reminder", actions=[Action("Status", "status x")])))
    assert stored == {"text": "Reminder", "actions": [{"label": "Status", "command": "status x"}]}
