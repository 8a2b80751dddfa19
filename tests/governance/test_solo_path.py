"""The solo path, in the console: refused at each step that needs another person."""

from __future__ import annotations

from governance.replies import Tone
from tests.conftest import say, snapshot
from tests.solo_path import AFTER, SOLO


async def test_one_person_cannot_govern_a_project_alone(mlgov, engine):
    for line, refusal in SOLO:
        before = await snapshot(engine)
        reply = await say(mlgov, "mara", line.format(me="@mara"))
        if refusal is None:
            assert reply.tone == Tone.OK, (line, reply.text)
        else:
            assert (reply.tone, refusal in reply.text) == (Tone.ERROR, True), (line, reply.text)
            assert await snapshot(engine) == before, line
    status = await say(mlgov, "mara", AFTER)
    fields = {f.label: f.value for f in status.fields}
    assert fields["Phase"].startswith("idea")
    assert fields["Sponsor"] == "none"
    shown = " ".join(r.text + " " + (r.detail or "") for r in status.rows)
    assert "signed by" not in shown
