"""No input can make a pattern backtrack for long: the worst line for each pattern that
reads user text, at the longest length a line may have, is answered well under a second.

The bound is generous on purpose: it is a correctness bound on catastrophic backtracking
(a 3,960-character line once held the server for 9 seconds), not a benchmark.
"""

from __future__ import annotations

import time

import pytest

from governance.parser import MAX_LINE
from governance.replies import Tone
from tests.conftest import say

BOUND = 0.5  # seconds per line


def full(start: str, unit: str, end: str = "") -> str:
    """``start``, then ``unit`` repeated, then ``end``: exactly MAX_LINE characters."""
    room = MAX_LINE - len(start) - len(end)
    return start + (unit * (room // len(unit) + 1))[:room] + end


WORST = {
    # The old done … not … production search, at the top of every line.
    "done-not": full("", "done not "),
    "done-then-not": full("", "done ", "")[:1980] + full("", "not ")[:2020],
    "done-not-in-a-note": full("checkin p on-track ", "done not in "),
    # Plain questions: the open group, the suffix that never comes.
    "question-cost": full("what did ", "x ", " cost vs"),
    "question-filter": full("which projects are ", "at "),
    "question-members": full("who sponsors ", "a"),
    "question-words": full("what is ", "done but not "),
    # The tokenizer: mentions with no end, quotes, options made of colons.
    "open-mentions": full("status ", "<@"),
    "open-mentions-spaced": full("status ", "<@ "),
    "option-mentions": full("new X sponsor:", ":<@"),
    "quotes": full("status ", '"'),
    "quote-unclosed": full('status "', "a"),
    "colons": full("status ", ":"),
    "colon-words": full("new ", "a:b "),
    "handle": full("status @", "a"),
    "markup": full("status <@", "a", ">"),
    "markup-label": full("status <@U1|", "b", ">"),
    # Values: amounts, sizes, counts, times, dates, zones, weekdays.
    "amount-digits": full("new X budget:", "1"),
    "amount-spaces": full('new X budget:"1', " ", 'x"'),
    "amount-commas": full("new X budget:", "1,"),
    "size": full("cost p ingest:", "1."),
    "size-spaces": full('cost p storage:"1', " ", 'q"'),
    "count": full("cost p access:", "9"),
    "clock": full("schedule p checkin weekly mon ", "0:"),
    "day": full("away ", "2026-"),
    "zone-slashes": full("tz ", "a/"),
    "zone-long": full("tz Europe/", "a"),
    "weekday": full("schedule p checkin weekly ", "mon"),
    # Option typos and free text: near misses looked up word by word.
    "option-typos": full("new Foo ", "sponsr:x "),
    "free-text-typos": full("criteria p add ", "reasn:x recal:y "),
    "note-options": full("checkin p on-track ", "accuracy:0.9 "),
    # Names and slugs: every letter folded, transliterated or hashed.
    "name-accents": full("status ", "é"),
    "name-cjk": full("status ", "数"),
    "name-mixed": full("status ", "aé数-"),
    "unknown-verb": full("", "x"),
    "unknown-verb-close": full("statu", "s"),
}


@pytest.mark.parametrize("line", WORST.values(), ids=WORST.keys())
async def test_the_worst_line_for_each_pattern_is_answered_at_once(mlgov, line):
    assert len(line) == MAX_LINE
    await say(mlgov, "alice", "new P")  # a project to name, and a person who exists
    started = time.perf_counter()
    reply = await say(mlgov, "alice", line)
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND, f"{elapsed:.2f}s for {line[:40]!r}…"
    assert reply.tone == Tone.ERROR, reply.text[:200]
    assert "\n" not in reply.text and len(reply.text) < 1000
