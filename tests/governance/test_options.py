"""Options are never silently swallowed: a mistyped option, a word after the options or a
portfolio filter nobody knows is refused by name, and text where text belongs stays text."""

from __future__ import annotations

import pytest

from governance import commands as c
from governance.errors import BadCommand
from governance.grammar import read
from governance.parser import OPTION_KEYS, VERB_OPTION_KEYS
from governance.phases import CheckinStatus, Health, Phase
from governance.replies import Tone
from governance.verbs import VERBS
from tests.conftest import say, snapshot

REFUSED = [
    ("new Foo sponser:@bob", "`sponser:` is not an option of `new`; did you mean `sponsor:`?"),
    ("new Foo Sponser:@bob", "did you mean `sponsor:`?"),
    ("new Foo budjet:50k", "did you mean `budget:`?"),
    ("new Foo budget:50 000", "`000` comes after the options"),
    ("new Foo budget:5k Bar", "`Bar` comes after the options"),
    ('new Foo objective:"x" more words', "`more words` comes after the options"),
    ("new Ops:Q3", "`ops:` is not an option of `new`; it takes sponsor:, owner:, budget:"),
    ("new Foo @bob", "`@bob` is a person: say sponsor:@bob or owner:@bob."),
    ('edit churn-model nam:"Churn"', "`nam:` is not an option of `edit`; did you mean `name:`?"),
    ("edit churn-model rsk:low", "did you mean `risk:`?"),
    ("cost churn-model ingst:5GB", "`ingst:` is not an option of `cost`; did you mean `ingest:`?"),
    ("member churn-model add @carol rol:it", "did you mean `role:`?"),
    ("ready churn-model sla done evidnce:x", "did you mean `evidence:`?"),
    ('abandon churn-model reasn:"no data"', "`reasn:` is not an option; did you mean `reason:`?"),
    ('advance churn-model force reasn:"pilot"', "did you mean `reason:`?"),
    ("sponsor churn-model @bob budgt:5k", "did you mean `budget:`?"),
    ("schedule churn-model checkin weekly mon at:09:30", "`at:` is not an option of `schedule`"),
    ("portfolio red purple", "`purple` is not a portfolio filter; use a phase"),
    ("portfolio on-track", "`on-track` is not a portfolio filter"),
    ("portfolio phse:idea", "did you mean `phase:`?"),
    ("portfolio @bob", "`@bob` is a person; say sponsor:@bob for their projects."),
    ("portfolio red green", "Give one health"),
    ("advance churn-model to production force bar", "A forced move needs a reason"),
    ("checkin churn-model on-track budget:tight", "`checkin` does not take budget:"),
]  # fmt: skip


@pytest.fixture
async def project(mlgov):
    await say(mlgov, "alice", "new Churn Model sponsor:@bob")


@pytest.mark.parametrize(("line", "expected"), REFUSED, ids=[r[0] for r in REFUSED])
async def test_a_swallowed_option_is_refused_and_changes_nothing(
    mlgov, engine, project, line, expected
):
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", line)
    assert reply.tone == Tone.ERROR, reply.text
    assert expected in reply.text
    assert "\n" not in reply.text
    assert await snapshot(engine) == before


TEXT = [
    # Times, URLs and figures with colons are text where text is expected.
    ("checkin p on-track standup moved to 09:30", "standup moved to 09:30"),
    ("checkin p on-track see https://wiki.example/x?a=1", "see https://wiki.example/x?a=1"),
    ("checkin p at-risk accuracy:0.91 recall:0.4", "accuracy:0.91 recall:0.4"),
    ("checkin p on-track Note: all fine", "Note: all fine"),
    ('checkin p on-track "risk:high is fine"', "risk:high is fine"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "note"), TEXT, ids=[t[0] for t in TEXT])
def test_text_with_colons_stays_text_in_a_note(line, note):
    command = read(line)
    assert isinstance(command, c.RecordCheckin)
    assert command.note == note


def test_colons_in_criteria_and_evidence_are_text():
    assert read("criteria p add recall:0.9 at 10:00 on https://x/y") == c.AddCriterion(
        "p", "recall:0.9 at 10:00 on https://x/y"
    )
    assert read("ready p sla done evidence:99.5%-business-hours").evidence == "99.5%-business-hours"  # type: ignore[union-attr]
    assert read("ready p sla done evidence:https://wiki/sla").evidence == "https://wiki/sla"  # type: ignore[union-attr]
    assert read("schedule p checkin weekly mon 09:30").at == "09:30"  # type: ignore[union-attr]


def test_a_name_with_a_colon_and_a_space_or_in_quotes_is_a_name():
    assert read("new Ops: Q3 plan").name == "Ops: Q3 plan"  # type: ignore[union-attr]
    assert read('new "Ops:Q3" budget:5k').name == "Ops:Q3"  # type: ignore[union-attr]
    assert read("new https://x.example tool").name == "https://x.example tool"  # type: ignore[union-attr]


def test_amounts_with_spaces_in_quotes():
    assert str(read('new Foo budget:"50 000"').budget) == "50000.00"  # type: ignore[union-attr]
    assert str(read("new Foo budget:50'000").budget) == "50000.00"  # type: ignore[union-attr]


PORTFOLIO = [
    ("portfolio red", c.Portfolio(health=Health.RED)),
    ("portfolio amber", c.Portfolio(health=Health.AMBER)),
    ("portfolio green", c.Portfolio(health=Health.GREEN)),
    ("portfolio at-risk", c.Portfolio(at_risk=True)),
    ("portfolio blocked", c.Portfolio(blocked=True)),
    ("portfolio done", c.Portfolio(done_not_live=True)),
    ("portfolio done-not-live", c.Portfolio(done_not_live=True)),
    ("portfolio lapsed", c.Portfolio(lapsed=True)),
    ("portfolio development", c.Portfolio(phase=Phase.DEVELOPMENT)),
    ("portfolio Production red", c.Portfolio(phase=Phase.PRODUCTION, health=Health.RED)),
    ("portfolio health:red phase:idea", c.Portfolio(phase=Phase.IDEA, health=Health.RED)),
]  # fmt: skip


@pytest.mark.parametrize(("line", "command"), PORTFOLIO, ids=[p[0] for p in PORTFOLIO])
def test_portfolio_takes_the_words_people_use(line, command):
    assert read(line) == command


async def test_portfolio_filters_apply(mlgov, clock):
    for name in ("Calm", "Shaky", "Stuck"):
        await say(mlgov, "alice", f"new {name}")
    await say(mlgov, "alice", "checkin shaky at-risk")
    await say(mlgov, "alice", "checkin stuck blocked")

    def slugs(reply):
        return [row.text.split("`")[1] for row in reply.rows]

    assert slugs(await say(mlgov, "carol", "portfolio at-risk")) == ["shaky", "stuck"]
    assert slugs(await say(mlgov, "carol", "portfolio blocked")) == ["stuck"]
    assert slugs(await say(mlgov, "carol", "portfolio red")) == ["stuck"]
    assert slugs(await say(mlgov, "carol", "portfolio amber")) == ["shaky"]
    assert (await say(mlgov, "carol", "portfolio lapsed")).text == "No projects match."
    reply = await say(mlgov, "carol", "which projects are at risk?")
    assert slugs(reply) == ["shaky", "stuck"]
    assert reply.title == "Portfolio (at risk (red or amber))"


QUESTIONS = [
    ("which projects are at risk?", c.Portfolio(at_risk=True)),
    ("Which projects are at-risk", c.Portfolio(at_risk=True)),
    ("what projects are blocked?", c.Portfolio(blocked=True)),
    ("which projects are red?", c.Portfolio(health=Health.RED)),
    ("which projects are in development?", c.Portfolio(phase=Phase.DEVELOPMENT)),
    ("which projects have lapsed sponsorships?", c.Portfolio(lapsed=True)),
    ("who sponsors what?", c.Portfolio()),
    ("what is done but not in production?", c.Portfolio(done_not_live=True)),
    ("What’s done but not live?", c.Portfolio(done_not_live=True)),
    ("which projects are done but not yet in production?", c.Portfolio(done_not_live=True)),
    ("what did churn-model cost vs its budget?", c.ShowCost("churn-model")),
    ("What did Churn Model cost?", c.ShowCost("churn model")),
    ("how much has churn-model cost so far?", c.ShowCost("churn-model")),
    ("who sponsors churn-model?", c.ShowMembers("churn-model")),
    ("what is the status of churn-model?", c.Status("churn-model")),
    ("how is churn-model doing?", c.Status("churn-model")),
    ("/mlgov which projects are at risk?", c.Portfolio(at_risk=True)),
]  # fmt: skip


@pytest.mark.parametrize(("line", "command"), QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_plain_questions_are_read_as_the_command_that_answers_them(line, command):
    assert read(line) == command


@pytest.mark.parametrize(
    "line",
    ["what is the meaning of life?", "why is churn-model late?", "which projects are purple?",
     "who " + "x " * 150 + "?"],
)  # fmt: skip
def test_other_questions_get_the_commands_to_use(line):
    with pytest.raises(BadCommand) as refused:
        read(line)
    assert "`portfolio at-risk`" in refused.value.message
    assert "`cost <project>`" in refused.value.message


def test_a_note_that_asks_a_question_is_a_note():
    command = read("checkin churn-model on-track is it done but not in production?")
    assert command == c.RecordCheckin(
        "churn-model", CheckinStatus.ON_TRACK, "is it done but not in production?"
    )


async def test_a_question_in_a_note_is_recorded_as_the_note(mlgov, project):
    reply = await say(mlgov, "alice", "checkin churn-model on-track done but not in production?")
    assert reply.tone == Tone.OK, reply.text
    assert "Checked in" in reply.text


async def test_cost_against_budget_answers_with_both(mlgov, project):
    await say(mlgov, "alice", "edit churn-model budget:60k")
    await say(mlgov, "alice", "cost churn-model monthly:4500")
    reply = await say(mlgov, "bob", "what did churn-model cost vs its budget?")
    fields = {f.label: f.value for f in reply.fields}
    assert fields["Monthly cost"].startswith("4,500")
    assert fields["Budget"] == "60,000"


def test_every_option_a_command_takes_is_an_option_key():
    taken = {key for verb in VERBS.values() for key in verb.options}
    assert taken == OPTION_KEYS | set(VERB_OPTION_KEYS)
    for key, verbs in VERB_OPTION_KEYS.items():  # an option only after the verbs that take it
        assert verbs == {v.name for v in VERBS.values() if key in v.options}, key
    for verb, keys in ((v.name, v.options) for v in VERBS.values()):
        for key in keys:
            if verb != "portfolio":  # portfolio's phase: and health: are also bare words
                assert f"{key}:" in VERBS[verb].usage, (verb, key)


async def test_a_typed_at_name_is_a_person_only_on_the_console(mlgov, engine):
    """On Slack and Teams a person is mentioned with the platform's markup: a typed `@here`
    (Slack's `<!here>` decoded) or `@bob` must not become a person called "here" or "bob"."""
    from sqlmodel import select

    from governance.context import Actor
    from governance.tables import Identity

    alice = Actor("slack", "T0TEST", "U0ALICE", display_name="Alice Owner")
    await mlgov.handle("new Churn Model", alice)
    reply = await mlgov.handle("member churn-model add @here role:ml", alice)
    assert reply.tone == "error" and "mention them" in reply.text
    async with mlgov.uow() as uow:
        ids = sorted((await uow.session.exec(select(Identity.external_id))).all())
    assert ids == ["U0ALICE"]
    # The console's handles still mention: there, the handle is the person.
    await say(mlgov, "alice", "new Fraud Scoring")
    assert (await say(mlgov, "alice", "member fraud-scoring add @bob role:ml")).tone == "ok"


async def test_a_name_with_spaces_typed_without_quotes_gets_the_way_to_say_it(mlgov):
    await say(mlgov, "alice", "new Churn model")
    reply = await say(mlgov, "alice", "status Churn model")
    assert reply.text.startswith(
        "I don't understand `model` here. If the project is called “Churn model”, put its "
        'name in quotes ("Churn model") or use its slug.'
    )
    assert (await say(mlgov, "alice", 'status "Churn model"')).text.startswith("Churn model is")
