"""The Slack App Home starts with what waits on the person, each line with its buttons, as
valid Block Kit within Slack's limits."""

from __future__ import annotations

from copy import deepcopy
from datetime import timedelta
from typing import Any

from sqlmodel import select

from adapters.slack.blocks import home, pressed
from governance import commands as c
from governance.phases import CheckinStatus
from governance.replies import Action, Reply, Row
from governance.states import RoundState
from governance.tables import CheckinRound, Identity, Project
from tests.conftest import T0
from tests.platforms import problems
from tests.slack.conftest import payload
from tests.slack.test_rendering import escaping_problems, limit_problems


async def open_round(mlgov, user: str, slug: str) -> None:  # noqa: ANN001
    """A check-in round of ``user`` on ``slug``, open now."""
    async with mlgov.uow() as uow:
        person = (
            await uow.session.exec(
                select(Identity.person_id).where(
                    Identity.platform == "slack", Identity.external_id == user
                )
            )
        ).one()
        project = (await uow.session.exec(select(Project.id).where(Project.slug == slug))).one()
        uow.session.add(
            CheckinRound(project_id=project, person_id=person, slot_at=T0 - timedelta(minutes=5),
                         closes_at=T0 + timedelta(hours=20), state=RoundState.OPEN)
        )  # fmt: skip
        await uow.commit()


def texts_and_buttons(view: dict[str, Any]) -> list[tuple[str, list[c.Command]]]:
    """Each block's text (or "actions") and the commands its buttons carry."""
    shown = []
    for block in view["blocks"]:
        elements = [block.get("accessory")] + block.get("elements", [])
        commands = [
            pressed(e["value"]).command
            for e in elements
            if isinstance(e, dict) and e.get("type") == "button"
        ]
        text = block.get("text", {}).get("text", block["type"])
        shown.append((text, commands))
    return shown


async def test_the_app_home_starts_with_what_waits_on_me(slack, mlgov):
    await slack.ask("new Churn Model sponsor:<@U0BOB|bob>")
    await open_round(mlgov, "U0BOB", "churn-model")
    opened = deepcopy(payload("app_home_opened"))
    opened["event"]["user"] = "U0BOB"
    await slack.event(opened)
    (published,) = await slack.fake.wait_for("views.publish")
    assert published.params["user_id"] == "U0BOB"
    view = published.params["view"]
    shown = texts_and_buttons(view)
    assert shown[0][0] == "mlgov — Bob Sponsor"  # his Slack profile's name
    assert shown[1][0] == "2 things wait on you. You are on 1 project."
    assert "Next check-in" in str(view["blocks"][2]["fields"])
    # The to-do, at the top, every button of each line; then the projects.
    assert shown[3][0].startswith("⬜ Check in on Churn Model (`churn-model`)")
    assert shown[4] == ("actions", [c.RecordCheckin("churn-model", s) for s in CheckinStatus])
    assert shown[5] == (
        "⬜ Confirm you sponsor Churn Model (`churn-model`)\nasked on 2026-03-02 · "
        "or say: sponsor churn-model confirm",
        [c.ConfirmSponsorship("churn-model")],
    )
    assert shown[6][0].startswith("Churn Model (`churn-model`) — idea")
    assert limit_problems("home", view) == []
    assert escaping_problems(view) == []
    assert not any(problems(slack={"home": ("home", view)})["slack"].values())


async def test_an_empty_app_home_says_nothing_waits(slack, mlgov):
    await slack.ask("new Churn Model")
    await slack.event(payload("app_home_opened"))
    (published,) = await slack.fake.wait_for("views.publish")
    view = published.params["view"]
    assert texts_and_buttons(view)[1][0] == "Nothing waits on you. 🎉 You are on 1 project."
    assert not any(problems(slack={"home": ("home", view)})["slack"].values())


def test_a_row_with_several_buttons_shows_them_all_within_the_limits():
    checkin = [Action(s.value, c.RecordCheckin("p" * 64, s), note_prompt="Why?")
               for s in CheckinStatus]  # fmt: skip
    reply = Reply("many", rows=[Row(f"row {n}", "detail", tuple(checkin)) for n in range(120)])
    view = home(reply)
    assert len(view["blocks"]) <= 100
    assert limit_problems("home", view) == []
    assert not any(problems(slack={"home": ("home", view)})["slack"].values())
    shown = texts_and_buttons(view)
    assert shown[1] == ("row 0\ndetail", [])
    assert shown[2] == ("actions", [a.command for a in checkin])
    rows_shown = sum(1 for block in view["blocks"] if block["type"] == "actions")
    assert f"Showing the first {rows_shown} of 120." in str(view["blocks"][-1])
    for block in view["blocks"]:  # each button named once in its block
        ids = [e["action_id"] for e in block.get("elements", []) if "action_id" in e]
        assert len(ids) == len(set(ids))
