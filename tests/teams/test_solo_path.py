"""The solo path through Teams: Bot Framework activities through CloudAdapter, the same
refusals (rendered as cards)."""

from __future__ import annotations

from tests.solo_path import AFTER, SOLO
from tests.teams.conftest import card_text, headline

ME = {"type": "mention", "mentioned": {"id": "29:1alice", "name": "Alice Owner"},
      "text": "<at>Alice Owner</at>"}  # fmt: skip


def _plain(text: str) -> str:
    return text.replace("**", "")  # Teams shows code as bold


async def test_one_person_cannot_govern_a_project_alone_in_teams(teams):
    for line, refusal in SOLO:
        said = line.format(me="<at>Alice Owner</at>")
        extra = {"entities": [ME]} if "{me}" in line else {}
        said_back = headline(await teams.say(said, user="alice", **extra))
        if refusal is None:
            assert "cannot" not in said_back and "Only" not in said_back, (line, said_back)
        else:
            assert refusal in _plain(said_back), (line, said_back)
    status = _plain(card_text(await teams.say(AFTER, user="alice")))
    assert '"Phase"' in status and '"none"' in status
    assert "idea" in status and "signed by" not in status
