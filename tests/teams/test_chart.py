"""`portfolio chart` on Teams: the picture as an Image element (a data: URI) in a card that
Microsoft's validator accepts and that stays within Teams' message size; a picture too large
for the card is a line saying where to see it."""

from __future__ import annotations

import base64

from adapters.teams.cards import render
from governance.replies import Image, Reply
from tests.conftest import say
from tests.governance.test_portfolio_chart import _seed, check_png
from tests.platforms import problems
from tests.teams.card_checks import MESSAGE_BYTES, message_bytes, walk


def _images(card: dict) -> list[dict]:
    return [node for node in walk(card) if node.get("type") == "Image"]


async def test_the_chart_is_an_image_in_a_valid_card(mlgov):
    await _seed(mlgov)
    reply = await say(mlgov, "erin", "portfolio chart")
    card = render(reply)
    (image,) = _images(card)
    prefix = "data:image/png;base64,"
    assert image["url"].startswith(prefix)
    png = base64.b64decode(image["url"][len(prefix) :])
    assert png == reply.image.data
    check_png(png)
    assert image["altText"].startswith("6 projects by phase")
    assert message_bytes(reply) <= MESSAGE_BYTES
    assert problems(cards={"chart": card})["cards"] == {"chart": []}


def test_a_picture_too_large_is_a_line_saying_where_to_see_it():
    big = Image(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100, "portfolio-chart.png", "a chart")
    reply = Reply(text="A chart", image=big, query=True)
    card = render(reply)
    assert not _images(card)
    line = card["body"][-1]["text"]
    assert "too large to show in Teams (26 KB)" in line and "console" in line
    assert message_bytes(reply) <= MESSAGE_BYTES
    assert problems(cards={"big": card})["cards"] == {"big": []}
