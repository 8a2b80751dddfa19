"""`portfolio chart`: a PNG of the funnel by phase in health colours and the done-not-live
ages, for an empty, a small and a 10,000-project portfolio; through the real service; an
image never stored with a reply."""

from __future__ import annotations

import struct
from datetime import timedelta

import pytest

from governance import wire
from governance.chart import AGES_SHOWN, Age, PhaseCount, draw
from governance.commands import PortfolioChart
from governance.grammar import read
from governance.phases import CLOSED, ORDER, Health, Phase, Standing
from governance.portfolio import Summary
from governance.replies import Image, Reply, Tone
from governance.rhythm.payload import dump, load
from governance.spoken import said
from governance.views.chart import chart_data, describe
from tests.conftest import T0, say
from tests.governance.test_portfolio_metrics import _seed

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def dimensions(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (the IHDR chunk comes first)."""
    assert png[:8] == PNG_MAGIC
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def check_png(png: bytes) -> None:
    assert png.startswith(PNG_MAGIC)
    assert dimensions(png) == (640, 480)
    # Big enough to hold a drawing, small enough for a Teams card (28 KB, base64 inside).
    assert 2_000 < len(png) < 16_000, len(png)


def summaries(n: int) -> list[Summary]:
    phases = [*ORDER, Phase.ABANDONED]
    healths = [Health.RED, Health.AMBER, Health.GREEN]
    out = []
    for i in range(n):
        phase = phases[i % len(phases)]
        done = phase in (Phase.DEVELOPMENT, Phase.DEPLOYMENT) and i % 2 == 0
        out.append(
            Summary(
                slug=f"project-{i:05d}",
                name=f"Project {i}",
                phase=phase,
                delivery=Standing.DONE_NOT_LIVE if done else Standing.EXPLORING,
                health=healths[i % 3],
                reasons=(),
                owner=None,
                sponsor=None,
                accepted_at=T0 - timedelta(days=i % 400) if done else None,
                live_since=None,
                sponsorship_lapsed=False,
            )
        )
    return out


def test_an_empty_portfolio_draws():
    funnel, ages = chart_data([], T0)
    assert [p.phase for p in funnel] == [p.value for p in (*ORDER, Phase.ABANDONED)]
    assert all(p.total == 0 for p in funnel) and ages == []
    check_png(draw(funnel, ages))
    assert describe(funnel, ages).startswith("No projects yet")


def test_a_small_portfolio_draws():
    found = summaries(14)
    funnel, ages = chart_data(found, T0)
    assert sum(p.total for p in funnel) == 14
    closed = {p.value for p in CLOSED}
    assert all(p.red == p.amber == p.green == 0 for p in funnel if p.phase in closed)
    assert sum(p.closed for p in funnel) == 4
    assert sorted(a.label for a in ages) == ["project-00002", "project-00010"]
    check_png(draw(funnel, ages))


def test_ten_thousand_projects_draw_as_small_a_picture():
    funnel, ages = chart_data(summaries(10_000), T0)
    assert sum(p.total for p in funnel) == 10_000
    assert len(ages) > AGES_SHOWN  # the oldest are drawn, the rest counted
    check_png(draw(funnel, ages))


@pytest.mark.parametrize("label", ["ü" * 500 + " 名前 😀", "$\\frac{", "a $ b", "\\", ""])
def test_a_label_of_any_length_or_script_draws(label):
    check_png(draw([PhaseCount("idea", green=1)], [Age(label, 5, "amber")]))


async def test_portfolio_chart_through_the_service(mlgov):
    await _seed(mlgov)
    reply = await say(mlgov, "erin", "portfolio chart")
    assert reply.tone != Tone.ERROR, reply.text
    assert reply.query and reply.title == "Portfolio chart"
    assert reply.image is not None and reply.image.filename == "portfolio-chart.png"
    check_png(reply.image.data)
    # Health follows the health rules (tests/governance/test_health.py); the chart counts it.
    phases, running, waiting = reply.text.split(". ", 2)
    assert phases == "6 projects by phase: idea 1, deployment 1, production 2, abandoned 2"
    assert running.startswith("Running: ") and running.endswith(" green")
    assert sum(int(part.split()[0]) for part in running[9:].split(", ")) == 4
    assert waiting == "1 done but not in production (oldest 98 days)."
    assert reply.image.alt == reply.text


async def test_an_empty_portfolio_through_the_service(mlgov):
    reply = await say(mlgov, "erin", "portfolio chart")
    assert reply.text.startswith("No projects yet") and reply.image is not None
    check_png(reply.image.data)


@pytest.mark.parametrize("line", ["portfolio chart red", "portfolio chart phase:idea"])
async def test_the_chart_takes_no_filters(mlgov, line):
    reply = await say(mlgov, "erin", line)
    assert reply.tone == Tone.ERROR
    assert "`portfolio chart` takes no filters" in reply.text


def test_the_command_is_spoken_and_goes_on_the_wire():
    assert read("portfolio chart") == PortfolioChart()
    assert said(PortfolioChart()) == "portfolio chart"
    assert wire.decode(wire.encode(PortfolioChart())) == PortfolioChart()


def test_an_image_is_never_stored_with_a_reply():
    reply = Reply(text="a chart", image=Image(b"\x89PNG...", "c.png", "a chart"))
    stored = dump(reply)
    assert "c.png" not in stored and "image" not in stored
    assert load(stored).image is None
    assert "bytes" in repr(reply.image) and "PNG" not in repr(reply.image)
