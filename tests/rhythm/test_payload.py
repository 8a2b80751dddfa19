"""Replies in the outbox: stored compactly, read back exactly."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from governance import commands as c
from governance.parser import Mention
from governance.phases import CheckinStatus, Health, Phase
from governance.replies import Action, Field, Reply, Row, Tone
from governance.rhythm.payload import dump, load

text = st.text(max_size=40)
maybe = st.none() | text
commands = st.one_of(
    st.builds(c.Status, text),
    st.builds(c.RecordCheckin, text, st.sampled_from(list(CheckinStatus)), maybe),
    st.builds(c.CheckOff, text, text, maybe),
    st.builds(
        c.Portfolio,
        st.none() | st.sampled_from(list(Phase)),
        st.none() | st.sampled_from(list(Health)),
        st.none() | st.builds(Mention, st.text(min_size=1, max_size=20), maybe),
        st.booleans(),
    ),
)
actions = st.builds(Action, text, commands, st.sampled_from([None, "primary", "danger"]), maybe)
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
    more=st.none() | commands,
)


@given(replies)
def test_every_reply_reads_back_as_it_was(reply):
    assert load(dump(reply)) == reply


def test_defaults_are_left_out():
    stored = json.loads(dump(Reply("Reminder", actions=[Action("Status", c.Status("x"))])))
    assert stored == {
        "text": "Reminder",
        "actions": [{"label": "Status", "command": {"do": "status", "project": "x"}}],
    }


def test_a_reply_stored_before_buttons_carried_commands_reads_back_as_commands():
    """Deliveries queued by the previous version still go out, with working buttons."""
    stored = json.dumps({"text": "How is it going?", "actions": [
        {"label": "On track", "command": "checkin churn-model on-track", "style": "primary",
         "note_prompt": "Anything to add?"}]})  # fmt: skip
    (action,) = load(stored).actions
    assert action.command == c.RecordCheckin("churn-model", CheckinStatus.ON_TRACK)
    assert action.note_prompt == "Anything to add?"
