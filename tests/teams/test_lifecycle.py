"""A whole project lifecycle through Teams alone, and a proactive message to its channel."""

from __future__ import annotations

from adapters.teams.http import build_adapter
from adapters.teams.proactive import TeamsSender
from bot.settings import Settings
from governance import wire
from governance.commands import CheckOff, ConfirmSponsorship
from governance.replies import Reply
from governance.sending import Recipient
from tests.teams.conftest import activity, card_of, card_text, headline

PRODUCTION_KEYS = ["pipeline-owner", "packaging", "monitoring", "alerting", "on-call", "sla",
                   "rollback", "it-acceptance"]  # fmt: skip


async def _channel(teams, text: str, mention: tuple[str, str] | None = None) -> dict:  # noqa: ANN001
    body = activity("channel_mention", teams.connector.url, text=f"<at>mlgov</at> {text}")
    body["entities"] = body["entities"][:1]
    if mention:
        uid, name = mention
        body["text"] = body["text"].replace("@who", f"<at>{name}</at>")
        body["entities"].append({"mentioned": {"id": uid, "name": name},
                                 "text": f"<at>{name}</at>", "type": "mention"})  # fmt: skip
    assert await teams.post(body) in (200, 201)
    teams.count += 1
    return card_of((await teams.connector.wait_for(teams.count))[-1].activity)


async def test_idea_to_retired_in_teams(teams, mlgov):
    bob, carol, ivan = (
        ("29:1bob", "Bob Sponsor"),
        ("29:1carol", "Carol ML"),
        ("29:1ivan", "Ivan IT"),
    )
    card = await _channel(teams, "new Churn Model sponsor:@who budget:50k risk:low "
                          'objective:"Cut churn"', bob)  # fmt: skip
    assert headline(card) == "Created Churn Model (**churn-model**) in idea."
    assert "Bob Sponsor" in card_text(card)
    # Bob is asked to sponsor it and counts once he says yes (the Confirm button of the request).
    opened = headline(await teams.say("advance churn-model"))
    assert (
        "3 open — sponsor (Bob Sponsor has not confirmed yet), criteria, cost-estimate." in opened
    )
    await teams.say('criteria churn-model add "AUC >= 0.8"')
    await teams.say("cost churn-model monthly:5000")
    card = await teams.submit({"mlgov": wire.encode(ConfirmSponsorship("churn-model"))}, user="bob")
    assert headline(card).startswith("You sponsor Churn Model.")
    assert "to experimentation" in headline(await teams.say("advance churn-model"))
    await teams.say("ready churn-model data-access done")
    await teams.say("review churn-model done")
    await teams.say("criteria churn-model confirm", user="bob")
    await teams.say("cost churn-model monthly:5200")
    assert "to development" in headline(await teams.say("advance churn-model"))
    await _channel(teams, "member churn-model add @who role:ml", carol)
    await _channel(teams, "member churn-model add @who role:it", ivan)
    await teams.say("criteria churn-model met 1", user="carol")
    await teams.say("cost churn-model monthly:5400")
    assert "done — not in production" in headline(await teams.say("accept churn-model", user="bob"))
    assert "It is done — not in production yet." in headline(await teams.say("advance churn-model"))
    # Checked off with the card's Done buttons: Ivan accepts for IT, the owner signs the rest.
    done = {key: {"mlgov": wire.encode(CheckOff("churn-model", key))} for key in PRODUCTION_KEYS}
    card = await teams.submit(done["sla"], user="ivan")
    assert headline(card).startswith("**sla** on churn-model is signed by the item's named owner")
    for key in PRODUCTION_KEYS:
        card = await teams.submit(done[key], user="ivan" if key == "it-acceptance" else "alice")
        assert headline(card) == f"**{key}** is done for Churn Model."
    assert "It is in production." in headline(await teams.say("advance churn-model"))
    await teams.say("ready churn-model decommission-plan done")
    assert "to retired" in headline(await teams.say("advance churn-model"))
    history = card_text(await teams.say("history churn-model", user="carol"))
    assert "Alice Owner (teams aad-alice) · advanced idea → experimentation" in history
    assert "Bob Sponsor (teams aad-bob) · accepted by the sponsor" in history


async def test_a_proactive_message_to_a_linked_channel(teams, mlgov):
    await teams.say("new Churn Model")
    card = await _channel(teams, "link churn-model")
    assert headline(card) == "This channel now receives Churn Model's reports."
    sender = TeamsSender(build_adapter(Settings(database_url="unused")), mlgov, None)
    await sender.send(
        Recipient("teams", "tenant-1", "channel", "19:general@thread.tacv2"),
        Reply(text="Weekly summary: churn-model is green."),
        "summary:1",
    )
    proactive = (await teams.connector.wait_for(teams.count + 1))[-1]
    assert proactive.conversation_id.startswith("19:general@thread.tacv2")
    assert headline(card_of(proactive.activity)) == "Weekly summary: churn-model is green."
