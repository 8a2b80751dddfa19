"""Teams activities through the real server and CloudAdapter, to a fake connector."""

from __future__ import annotations

from sqlmodel import select

from governance import wire
from governance.commands import RecordCheckin
from governance.phases import CheckinStatus
from governance.tables import ConversationRef
from tests.conftest import say
from tests.teams.card_checks import markdown_texts
from tests.teams.conftest import activity, card_of, headline


async def test_a_personal_message_is_answered_with_an_adaptive_card(teams, mlgov):
    card = await teams.say("new Churn Model risk:high")
    assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"
    assert headline(card) == "Created Churn Model (**churn-model**) in idea."
    facts = {
        f["title"]: f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]
    }
    assert facts == {"Owner": "Alice Owner"}
    sent = teams.connector.sent[0]
    assert sent.conversation_id == "a:1personal-alice"
    assert sent.activity["replyToId"].startswith("1700000000001-")  # the message answered


async def test_people_get_their_teams_time_zone(teams, mlgov):
    await teams.say("help", user="carol", localTimezone="Asia/Kolkata")
    async with mlgov.uow() as uow:
        from governance.tables import Person

        people = (await uow.session.exec(select(Person.display_name, Person.tz))).all()
    assert people == [("Carol ML", "Asia/Kolkata")]


async def test_a_channel_mention_strips_the_bot_and_maps_people(teams, mlgov):
    await teams.say("new Churn Model")
    body = activity("channel_mention", teams.connector.url)
    assert await teams.post(body) in (200, 201)
    (_, answer) = await teams.connector.wait_for(2)
    assert headline(card_of(answer.activity)) == "Bob Sponsor is now lob on Churn Model."
    assert answer.conversation_id == "19:general@thread.tacv2;messageid=1700000000002"
    status = await say(mlgov, "x", "history churn-model")
    assert status.rows[-1].text.endswith("Alice Owner (teams aad-alice) · added Bob Sponsor as lob")


async def test_conversation_references_are_stored(teams, mlgov):
    await teams.say("help")
    assert await teams.post(activity("channel_mention", teams.connector.url,
                                     text="<at>mlgov</at> help")) in (200, 201)  # fmt: skip
    await teams.connector.wait_for(2)
    async with mlgov.uow() as uow:
        refs = (
            await uow.session.exec(select(ConversationRef.scope, ConversationRef.target_id))
        ).all()
    assert set(refs) == {
        ("person", "aad-alice"), ("channel", "19:general@thread.tacv2"),
    }  # fmt: skip


async def test_link_in_a_teams_channel(teams, mlgov):
    await teams.say("new Churn Model")
    body = activity("channel_mention", teams.connector.url, text="<at>mlgov</at> link churn-model")
    await teams.post(body)
    (_, answer) = await teams.connector.wait_for(2)
    assert headline(card_of(answer.activity)) == "This channel now receives Churn Model's reports."


async def test_install_greets_with_help(teams):
    assert await teams.post(activity("conversation_update", teams.connector.url)) in (200, 201)
    (greeting,) = await teams.connector.wait_for(1)
    card = card_of(greeting.activity)
    assert headline(card).startswith("Hello! I keep ML projects governed")
    texts = "\n".join(markdown_texts(card))  # as Teams markdown: < and | escaped
    assert "checkin \\<project> on-track\\|at-risk\\|blocked" in texts


async def test_someone_else_joining_a_team_gets_no_help_card(teams, mlgov):
    joined = activity("conversation_update", teams.connector.url,
                      membersAdded=[{"id": "29:1dave", "aadObjectId": "aad-dave"}])  # fmt: skip
    assert await teams.post(joined) in (200, 201)
    assert teams.connector.sent == []
    assert await mlgov.conversation("teams", "tenant-1", "channel", "19:general@thread.tacv2")


async def test_a_submit_answers_a_checkin_once(teams, mlgov):
    await say(mlgov, "x", "help")
    await teams.say("new Churn Model")
    await teams.say("member churn-model add <at>Carol</at>")  # no entity: stays text, refused
    from bot.roles import change_role

    await change_role(mlgov, "teams", "tenant-1", "aad-alice", "admin", grant_it=True)
    # Add Carol by mention through a channel message with a proper mention entity.
    body = activity("channel_mention", teams.connector.url)
    body["text"] = "<at>mlgov</at> member churn-model add <at>Carol ML</at> role:ml"
    body["entities"][1] = {"mentioned": {"id": "29:1carol", "name": "Carol ML"},
                           "text": "<at>Carol ML</at>", "type": "mention"}  # fmt: skip
    await teams.post(body)
    teams.count += 1
    await teams.connector.wait_for(teams.count)
    command = wire.encode(RecordCheckin("churn-model", CheckinStatus.BLOCKED))
    value = {"mlgov": command, "noteInput": "note2", "note2": 'waiting for "prod" credentials'}
    first = await teams.submit(value)
    second = await teams.submit(value)
    assert headline(first) == "Checked in on Churn Model: blocked. Thank you."
    assert headline(second) == "Already recorded: pressing the same button again changes nothing."
    status = await say(mlgov, "x", "status churn-model")
    last = next(f.value for f in status.fields if f.label == "Last check-in")
    assert last.endswith('— waiting for "prod" credentials')  # as written


async def test_bad_input_is_one_line_and_nothing_changes(teams, mlgov, engine):
    from tests.conftest import snapshot

    await teams.say("new Churn Model")
    before = await snapshot(engine)
    card = await teams.say("advance churn-model to the moon")
    assert headline(card).startswith("**the** is not a phase")
    after = await snapshot(engine)
    assert after["project"] == before["project"] and after["event"] == before["event"]
