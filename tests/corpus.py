"""Every kind of reply the core gives, at the longest input the grammar accepts, in text
written to break renderers: markup characters, mention and link markup, emoji, non-Latin
scripts.

``every_reply(mlgov)`` drives the real core — chat lines through ``Mlgov.handle``, presses,
``Mlgov.show``, the App Home — and builds every scheduled message from what it stored, so a
renderer test can render each reply on its platform and check what a person would see. Text
reaches the core as a person typed it (the adapters decode their platform's escaping first).

Refusals use lines refused whatever the grammar learns next (no project by that name, a
person who is not a member, a date range backwards), so the corpus does not depend on the
parser's details.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlmodel import col, select

from governance import commands as c
from governance import lifecycle_news as news
from governance.context import Actor, Conversation
from governance.metrics import compute
from governance.people import grant, person_for
from governance.phases import CheckinStatus, OrgRole, Phase
from governance.portfolio import summaries
from governance.replies import Reply
from governance.rhythm import digest, messages, payload
from governance.service import Mlgov
from governance.states import RoundState
from governance.tables import CheckinRound, Delivery, Project
from governance.views.metrics import load as load_histories

TEAM = "T0TEST"
# Each is shown as typed, never as markup: Slack's control characters, its mention and link
# markup, Markdown's link syntax, a bare @here, an emoji and two non-Latin scripts.
MARKERS = (
    "& < >",
    "<!channel>",
    "<!here>",
    "<@U0EVIL>",
    "<https://evil.example|click>",
    "[click](https://evil.example)",
    "@here",
    "🚀",
    "Привет",
    "日本語",
)
PATTERN = " ".join(MARKERS) + " "


def hostile(length: int, lead: str = "") -> str:
    """``lead``, then the markers over and over: exactly ``length`` characters, with no
    space at either end (the parser would trim it) and no quote (it would end the text)."""
    text = lead
    while len(text) < length:
        text += PATTERN
    text = text[:length]
    while text[-1] == " ":
        text = text[:-1] + "x"
    return text


def slack_actor(user: str, name: str, tz: str = "Europe/Berlin") -> Actor:
    return Actor("slack", TEAM, user, display_name=name, tz=tz)


# The owner's display name is as long and as hostile as a profile allows.
ALICE = slack_actor("U0ALICE", hostile(200, "Alice "))
BOB = slack_actor("U0BOB", hostile(80, "Bob "), "America/New_York")
CAROL = slack_actor("U0CAROL", "Кэрол 日本 🚀", "Asia/Kolkata")
IVAN = slack_actor("U0IVAN", "Ivan <IT> & Ops", "Europe/London")
EVE = slack_actor("U0EVE", "Eve <!channel>")
CHANNEL = Conversation("slack", TEAM, "C0HOSTILE", hostile(80, "general "))

NAME = 120  # the longest name, objective, criterion, note, evidence the grammar accepts
OBJECTIVE = 2000
CRITERION = 1000
NOTE = 3000
EVIDENCE = 500
LINE = 4000


def _mention(actor: Actor) -> str:
    return f"<@{actor.user_id}>"


class _Corpus:
    def __init__(self, mlgov: Mlgov) -> None:
        self.mlgov = mlgov
        self.replies: dict[str, Reply] = {}

    async def say(self, name: str, actor: Actor, line: str,
                  where: Conversation | None = None) -> Reply:  # fmt: skip
        reply = await self.mlgov.handle(line, actor, where)
        assert name not in self.replies, name
        self.replies[name] = reply
        return reply

    async def refused(self, name: str, actor: Actor, line: str,
                      where: Conversation | None = None) -> Reply:  # fmt: skip
        reply = await self.say(name, actor, line, where)
        assert reply.tone == "error", (name, reply.text)
        return reply

    async def done(self, name: str, actor: Actor, line: str,
                   where: Conversation | None = None) -> Reply:  # fmt: skip
        reply = await self.say(name, actor, line, where)
        assert reply.tone != "error", (name, reply.text)
        return reply

    async def newest_slug(self) -> str:
        async with self.mlgov.uow() as uow:
            project = (
                await uow.session.exec(select(Project).order_by(col(Project.id).desc()))
            ).first()
            assert project is not None
            return project.slug


async def every_reply(mlgov: Mlgov) -> dict[str, Reply]:
    """Each reply kind by name: ``<verb> ok …`` and ``<verb> refused …`` for every verb,
    ``<verb> maybe …`` for forms the grammar is learning, ``press …``, ``show …``,
    ``home …`` and ``rhythm …``."""
    k = _Corpus(mlgov)
    for who in (ALICE, BOB, CAROL, IVAN, EVE):  # each has spoken once: names are known
        await mlgov.handle("tz Europe/Berlin", who)
    async with mlgov.uow() as uow:
        await grant(uow.session, await person_for(uow.session, IVAN, mlgov.clock.now()),
                    OrgRole.MANAGER, mlgov.clock.now())  # fmt: skip
        await uow.commit()

    # help
    await k.done("help ok", BOB, "help")
    await k.done("help ok topic", BOB, "help criteria")
    await k.refused("help refused", BOB, f'help "{hostile(200, "nosuch ")}"')

    # new: the longest name, objective and budget there are
    name = hostile(NAME, "Fraud ")
    await k.done(
        "new ok", ALICE,
        f'new "{name}" sponsor:{_mention(BOB)} budget:9999999999999 risk:high '
        f'objective:"{hostile(OBJECTIVE, "Objective ")}"',
    )  # fmt: skip
    slug = await k.newest_slug()
    await k.done("sponsor ok consent", BOB, f"sponsor {slug} confirm")  # counts once yes
    await k.refused("new refused taken", ALICE, f'new "{name}"')
    await k.refused("new refused too long", ALICE, f'new "{hostile(NAME + 1, "Long ")}"')
    await k.refused("new refused nameless", ALICE, "new")

    # edit
    await k.done("edit ok", ALICE, f'edit {slug} objective:"{hostile(OBJECTIVE, "Edited ")}"')
    await k.refused("edit refused not owner", EVE, f'edit {slug} objective:"{hostile(300)}"')

    # status, portfolio, history: answers and projects not found
    await k.done("status ok idea", CAROL, f"status {slug}")
    await k.refused("status refused", CAROL, f'status "{hostile(300, "Nothing ")}"')
    await k.refused("history refused", CAROL, f'history "{hostile(300, "Nothing ")}"')
    await k.refused("portfolio refused", CAROL, f'portfolio phase:"{hostile(200, "x ")}"')

    # criteria
    await k.done("criteria ok add", ALICE, f'criteria {slug} add "{hostile(CRITERION, "AUC ")}"')
    await k.done("criteria ok add second", ALICE,
                 f'criteria {slug} add "{hostile(CRITERION, "Recall ")}"')  # fmt: skip
    await k.done(
        "criteria ok change", ALICE,
        f'criteria {slug} change 1 "{hostile(CRITERION, "AUC2 ")}" '
        f'reason:"{hostile(LINE - CRITERION - 200, "Because ")}"',
    )  # fmt: skip
    await k.refused("criteria refused", ALICE, f"criteria {slug} met 99")

    # cost
    await k.done("cost ok first", ALICE,
                 f"cost {slug} ingest:10GB/day storage:2TB access:120 monthly:5000")  # fmt: skip
    await k.refused("cost refused", ALICE, f'cost {slug} monthly:"{hostile(100, "lots ")}"')

    # advance: refused by its gate, then through it
    await k.refused("advance refused", EVE, f"advance {slug}")
    await k.done("advance ok experimentation", ALICE, f"advance {slug}")

    # readiness, reviews, check-ins
    await k.done("ready ok show", ALICE, f"ready {slug}")
    # Evidence is an https link; typed characters in it are still shown as typed.
    link = ("https://wiki.example.com/" + hostile(EVIDENCE, "Ev ").replace(" ", ""))[:EVIDENCE]
    await k.done("ready ok done", ALICE, f"ready {slug} data-access done evidence:{link}")
    await k.refused("ready refused evidence", ALICE,
                    f'ready {slug} data-access done evidence:"{hostile(EVIDENCE, "Ev ")}"')  # fmt: skip
    await k.done("ready ok owner", ALICE, f"ready {slug} data-access owner:{_mention(IVAN)}")
    await k.refused("ready refused", ALICE, f'ready {slug} "{hostile(60, "nosuch ")}" done')
    await k.done("review ok", ALICE, f'review {slug} done "{hostile(NOTE, "Review ")}"')
    await k.refused("review refused", EVE, f'review {slug} done "{hostile(100)}"')
    await k.done("criteria ok confirm", BOB, f"criteria {slug} confirm")
    await k.done("cost ok revised", ALICE, f"cost {slug} monthly:5200")
    await k.done("cost ok show", CAROL, f"cost {slug}")
    await k.done("checkin ok", ALICE, f'checkin {slug} blocked "{hostile(NOTE, "Blocked ")}"')
    await k.refused("checkin refused", EVE, f'checkin {slug} on-track "{hostile(NOTE)}"')
    await k.done("advance ok development", ALICE, f"advance {slug}")

    # members and the sponsor
    await k.done("member ok add", ALICE, f"member {slug} add {_mention(CAROL)} role:ml")
    await k.done("member ok add it", ALICE, f"member {slug} add {_mention(IVAN)} role:it")
    await k.done("member ok remove", ALICE, f"member {slug} remove {_mention(IVAN)} role:it")
    await k.done("member ok add again", ALICE, f"member {slug} add {_mention(IVAN)} role:it")
    await k.refused("member refused", EVE, f"member {slug} add {_mention(EVE)} role:ml")
    await k.done("sponsor ok confirm", BOB, f"sponsor {slug} confirm")
    await k.done("sponsor ok name", ALICE, f"sponsor {slug} {_mention(BOB)} budget:60k")
    await k.refused("sponsor refused", EVE, f"sponsor {slug} confirm")
    await k.refused("accept refused open criteria", BOB, f"accept {slug}")
    await k.done("criteria ok met", CAROL, f"criteria {slug} met 1")
    await k.refused("criteria refused waive not sponsor", ALICE,
                    f'criteria {slug} waive 2 reason:"{hostile(200, "Mine ")}"')  # fmt: skip
    await k.done("criteria ok waive", BOB,
                 f'criteria {slug} waive 2 reason:"{hostile(LINE - 200, "Superseded ")}"')  # fmt: skip
    await k.done("criteria ok show", CAROL, f"criteria {slug}")
    await k.done("criteria ok history", CAROL, f"criteria {slug} history")
    await k.refused("accept refused", ALICE, f"accept {slug}")
    await k.done("cost ok again", ALICE, f"cost {slug} monthly:5400")
    await k.done("accept ok", BOB, f"accept {slug}")
    await k.done("advance ok deployment", ALICE, f"advance {slug}")
    await k.done("status ok deployment", CAROL, f"status {slug}")
    await _signoffs(k, slug)

    # schedules, time zones, absences, channels
    await k.done("schedule ok checkin", ALICE, f"schedule {slug} checkin weekly tuesday 10:00")
    await k.done("schedule ok review", ALICE, f"schedule {slug} review 30")
    await k.refused("schedule refused", EVE, f"schedule {slug} review 30")
    await k.done("tz ok", CAROL, "tz Asia/Tokyo")
    await k.refused("tz refused", CAROL, f'tz "{hostile(60, "Mars/")}"')
    await k.done("away ok", CAROL, "away 2026-04-01 2026-04-10")
    await k.done("away ok clear", CAROL, "away clear")
    await k.refused("away refused", CAROL, "away 2026-04-10 2026-04-01")
    await k.done("link ok", ALICE, f"link {slug}", CHANNEL)
    await k.done("link ok again", ALICE, f"link {slug}", CHANNEL)
    await k.refused("link refused", ALICE, f"link {slug}")
    await k.done("history ok", CAROL, f"history {slug}")

    # a second project, abandoned with the longest reason a line holds
    other = hostile(NAME, "Churn ")
    await k.done("new ok plain", CAROL, f'new "{other}"')
    other_slug = await k.newest_slug()
    await k.refused("abandon refused", CAROL, f"abandon {other_slug}")
    reason = hostile(LINE - len(f'abandon {other_slug} reason:""'), "Negative ")
    # On Slack the button that confirms it carries the reason: the longest a button carries.
    await k.refused("abandon refused too long for a button", CAROL,
                    f'abandon {other_slug} reason:"{reason}"')  # fmt: skip
    reason = hostile(news.REASON_ON_A_BUTTON, "Negative ")
    asked = await k.done("abandon ok", CAROL, f'abandon {other_slug} reason:"{reason}"')
    k.replies["press ok abandon"] = await mlgov.press(asked.actions[0].command, CAROL,
                                                      on="1700000000.000200")  # fmt: skip

    # enough projects for the portfolio to run over several pages
    for n in range(45):
        await mlgov.handle(f'new "{hostile(NAME, f"P{n:02d} ")}" sponsor:{_mention(BOB)}', IVAN)
        await mlgov.handle(
            f'checkin {await k.newest_slug()} blocked "{hostile(200, "Stuck ")}"', IVAN
        )
    await k.done("portfolio ok", CAROL, "portfolio")
    await k.done("portfolio ok sponsor", CAROL, f"portfolio sponsor:{_mention(BOB)}")
    await k.done("portfolio ok red", CAROL, "portfolio health:red")
    await k.done("portfolio ok done-not-live", CAROL, "portfolio done-not-live")
    await k.done("portfolio ok metrics", CAROL, "portfolio metrics")
    await k.done("question ok conversion", CAROL, "how many of our projects reach production?")

    # no such command, a line too long
    await k.refused("unknown refused", CAROL, hostile(200, "frobnicate "))
    await k.refused("line refused too long", CAROL, hostile(LINE + 1, "status "))

    # listing, showing, renaming, filters in plain words, names in any script, questions
    await k.done("member ok list", CAROL, f"member {slug}")
    await k.done("tz ok show", CAROL, "tz")
    await k.done("away ok show", CAROL, "away")
    await k.done("portfolio ok red word", CAROL, "portfolio red")
    await k.done("portfolio ok at-risk", CAROL, "portfolio at-risk")
    await k.done("edit ok name", ALICE, f'edit {slug} name:"{hostile(NAME, "Renamed ")}"')
    await k.done("new ok in other scripts", CAROL, f'new "{hostile(NAME, "Привет 日本語 ")}"')
    await k.done("question ok at risk", CAROL, "which projects are at risk?")
    await k.done("question ok sponsors", CAROL, "who sponsors what?")
    await k.done("question ok done not live", CAROL, "what is done but not in production?")
    await k.done("question ok cost", CAROL, f"what did {slug} cost vs its budget?")
    await k.refused("question refused", CAROL, "what should I " + hostile(120, "ask ") + "?")

    # buttons: a press, the same press again, a query shown again, a change refused there
    note = hostile(NOTE, "Pressed ")
    pressed = c.RecordCheckin(slug, CheckinStatus.AT_RISK)
    k.replies["press ok"] = await mlgov.press(pressed, CAROL, on="1700000000.000100", note=note)
    k.replies["press again"] = await mlgov.press(pressed, CAROL, on="1700000000.000100",
                                                         note=note)  # fmt: skip
    k.replies["show ok"] = await mlgov.show(c.Portfolio(), CAROL)
    k.replies["show refused"] = await mlgov.show(c.Abandon(slug, "x"), CAROL)

    # the App Home of someone with projects and items, and of someone with none
    k.replies["home ok"] = await mlgov.home(IVAN)
    k.replies["home ok owner"] = await mlgov.home(ALICE)
    k.replies["home ok empty"] = await mlgov.home(EVE)

    await _todo(k, slug)
    await _rhythm(k, slug)
    await _lifecycle(k, slug)
    await _sponsorship(k)
    await _criteria_told(k, slug)
    await _aftercare(k)
    await _plans(k)
    return k.replies


async def _signoffs(k: _Corpus, slug: str) -> None:
    """Sign-offs asked for and refused, the messages they send, and status showing them."""
    async with k.mlgov.uow() as uow:
        await grant(uow.session, await person_for(uow.session, CAROL, k.mlgov.clock.now()),
                    OrgRole.ETHICS, k.mlgov.clock.now())  # fmt: skip
        await uow.commit()
    await k.done(
        "ready ok request evidence", ALICE, f"ready {slug} ethics request {_mention(CAROL)}"
    )
    await _told(k, "notice ready request evidence", "ready.requested")
    await k.done("ready ok request", ALICE, f"ready {slug} it-acceptance request {_mention(IVAN)}")
    await _told(k, "notice ready request", "ready.requested")
    await k.refused("ready refused request", ALICE,
                    f"ready {slug} it-acceptance request {_mention(EVE)}")  # fmt: skip
    await k.refused("ready refused reject", IVAN, f"ready {slug} it-acceptance reject")
    await k.done("ready ok reject", IVAN,
                 f'ready {slug} it-acceptance reject reason:"{hostile(LINE - 200, "No rota ")}"')  # fmt: skip
    await _told(k, "notice ready refused", "ready.refused")
    await k.done("ready ok request again", ALICE,
                 f"ready {slug} it-acceptance request {_mention(IVAN)}")  # fmt: skip
    await k.done("status ok sign-offs", CAROL, f"status {slug}")
    await k.done("ready ok show sign-offs", CAROL, f"ready {slug}")


async def _told(k: _Corpus, name: str, kind: str) -> None:
    """The newest message queued for a governance event of ``kind``."""
    async with k.mlgov.uow() as uow:
        stored = (
            await uow.session.exec(
                select(Delivery.payload)
                .where(col(Delivery.key).startswith(f"{kind}:"))
                .order_by(col(Delivery.id).desc())
            )
        ).first()
    assert stored is not None, name
    k.replies[name] = payload.load(stored)


async def _rhythm(k: _Corpus, slug: str) -> None:
    """Every scheduled message, built from what the core stored."""
    now = k.mlgov.clock.now()
    async with k.mlgov.uow() as uow:
        projects = list(
            await uow.session.exec(
                select(Project.name, Project.slug, Project.budget).order_by(col(Project.id))
            )
        )
        found = await summaries(uow.session, k.mlgov.policy, now)
    name, budget = next((n, b) for n, s, b in projects if s == slug)
    who = ALICE.display_name or ""
    note = hostile(NOTE, "Blocked ")
    r = k.replies
    r["rhythm prompt"] = messages.prompt(name, slug)
    r["rhythm reminder"] = messages.reminder(name, slug)
    r["rhythm missed twice"] = messages.missed_twice(who, name)
    r["rhythm blocked twice"] = messages.blocked_twice(who, name, note)
    r["rhythm review due"] = messages.review_due(name, slug, now - timedelta(days=3))
    r["rhythm sponsorship due"] = messages.sponsorship_due(name, slug)
    r["rhythm sponsorship lapsed"] = messages.sponsorship_lapsed(name, slug)
    overdue = [(n, s, now - timedelta(days=9)) for n, s, _ in projects]
    lapsed = [(n, s) for n, s, _ in projects]
    r["rhythm attention"] = messages.attention(overdue, lapsed, 7)
    r["rhythm attention short"] = messages.attention(overdue[:1], [], 7)
    r["rhythm unreachable"] = messages.unreachable(who, "Slack", hostile(300, "ask them to "), name)
    r["rhythm digest"] = digest.weekly_digest(found, now)
    r["rhythm digest empty"] = digest.weekly_digest([], now)
    r["rhythm channel closed"] = messages.channel_closed(
        name, slug, CHANNEL.name or "", hostile(300, "it is private; ")
    )
    r["rhythm checkin summary"] = digest.checkin_summary(
        name, slug, ["on-track", "at-risk", "blocked", None]
    )
    assert Decimal(budget or 0) > 0  # the longest budget was kept
    async with k.mlgov.uow() as uow:
        history = compute(await load_histories(uow.session), now)
    r["rhythm digest metrics"] = digest.weekly_digest(found, now, history)
    r["rhythm digest metrics empty"] = digest.weekly_digest([], now, compute([], now))


async def _todo(k: _Corpus, slug: str) -> None:
    """What waits on a person: a check-in open now (three buttons), sponsorships to confirm
    over several pages, nothing at all; and the App Home that starts with it."""
    now = k.mlgov.clock.now()
    async with k.mlgov.uow() as uow:
        carol = await person_for(uow.session, CAROL, now)
        project = (await uow.session.exec(select(Project).where(Project.slug == slug))).one()
        uow.session.add(
            CheckinRound(project_id=project.id, person_id=carol.id, slot_at=now,
                         closes_at=now + timedelta(hours=24), state=RoundState.OPEN)
        )  # fmt: skip
        await uow.commit()
    await k.done("todo ok", CAROL, "todo")
    await k.done("todo ok sponsor", BOB, "todo")
    await k.done("todo ok empty", EVE, "todo")
    await k.done("question ok todo", CAROL, "what's on my plate?")
    await k.refused("todo refused", CAROL, f'todo "{hostile(200, "nosuch ")}"')
    k.replies["home ok todo"] = await k.mlgov.home(CAROL)
    k.replies["home ok sponsor"] = await k.mlgov.home(BOB)


async def _lifecycle(k: _Corpus, slug: str) -> None:
    """A move forced by an admin on Slack (asked first, then pressed), what it shows, and what
    members hear when a project is accepted, advanced, forced or abandoned."""
    now = k.mlgov.clock.now()
    async with k.mlgov.uow() as uow:
        await grant(uow.session, await person_for(uow.session, EVE, now), OrgRole.ADMIN, now)
        await uow.commit()
        name = (await uow.session.exec(select(Project.name).where(Project.slug == slug))).one()
    why = hostile(news.REASON_ON_A_BUTTON, "Pilot ")
    await k.refused("advance refused force too long for a button", EVE,
                    f'advance {slug} to production force reason:"{hostile(LINE - 200)}"')  # fmt: skip
    asked = await k.done("advance ok force asked", EVE,
                         f'advance {slug} to production force reason:"{why}"')  # fmt: skip
    k.replies["press ok force"] = await k.mlgov.press(asked.actions[0].command, EVE,
                                                      on="1700000000.000300")  # fmt: skip
    await k.done("status ok forced", CAROL, f"status {slug}")
    await k.done("portfolio ok forced", CAROL, "portfolio")
    async with k.mlgov.uow() as uow:
        k.replies["rhythm digest forced"] = digest.weekly_digest(
            await summaries(uow.session, k.mlgov.policy, now), now
        )
    await _told(k, "notice forced", "phase.forced")
    await _told(k, "notice accepted", "project.accepted")
    who, long = ALICE.display_name or "", hostile(LINE - 200, "Because ")
    r = k.replies
    r["notice advanced"] = news.advanced(who, name, slug, Phase.DEPLOYMENT, Phase.PRODUCTION)
    r["notice forced longest"] = news.forced(who, name, slug, Phase.IDEA, Phase.PRODUCTION, long)
    r["notice abandoned"] = news.abandoned(who, name, slug, Phase.PRODUCTION, long)


async def _sponsorship(k: _Corpus) -> None:
    """A sponsor asked (the request with Confirm and Decline), refusals of an owner as its own
    sponsor, the yes and the no by button (the owners told), a confirmed sponsor replaced."""
    name = hostile(NAME, "Consent ")
    objective = hostile(OBJECTIVE, "Objective ")
    await k.refused("new refused owner as sponsor", ALICE,
                    f'new "{name}" sponsor:{_mention(ALICE)}')  # fmt: skip
    await k.done("new ok sponsor asked", ALICE,
                 f'new "{name}" sponsor:{_mention(CAROL)} budget:9999999999999 '
                 f'objective:"{objective}"')  # fmt: skip
    slug = await k.newest_slug()
    await _told(k, "notice sponsor request", "project.created")
    await k.done("status ok sponsor asked", EVE, f"status {slug}")
    await k.refused("sponsor refused owner", ALICE, f"sponsor {slug} {_mention(ALICE)}")
    await k.refused("member refused owner as sponsor", ALICE,
                    f"member {slug} add {_mention(ALICE)} role:sponsor")  # fmt: skip
    await k.refused("member refused sponsor as owner", ALICE,
                    f"member {slug} add {_mention(CAROL)} role:owner")  # fmt: skip
    await k.refused("accept refused sponsor not yet confirmed", CAROL, f"accept {slug}")
    confirm, decline = k.replies["notice sponsor request"].actions
    k.replies["press ok sponsor confirm"] = await k.mlgov.press(
        confirm.command, CAROL, on="1700000000.000400"
    )
    await _told(k, "notice sponsor confirmed", "sponsor.confirmed")
    await k.done("sponsor ok ask", ALICE, f"sponsor {slug} {_mention(IVAN)} budget:60k")
    await _told(k, "notice sponsor replaced", "sponsor.named")  # to carol, after ivan's request
    await k.refused("sponsor refused decline", EVE, f"sponsor {slug} decline")
    k.replies["press ok sponsor decline"] = await k.mlgov.press(
        c.DeclineSponsorship(slug), IVAN, on="1700000000.000500", note=hostile(NOTE, "Busy ")
    )
    await _told(k, "notice sponsor declined", "sponsor.declined")
    await k.done("member ok add sponsor", ALICE, f"member {slug} add {_mention(BOB)} role:sponsor")
    await k.done("sponsor ok decline", BOB,
                 f'sponsor {slug} decline reason:"{hostile(LINE - 200, "No time ")}"')  # fmt: skip


async def _criteria_told(k: _Corpus, slug: str) -> None:
    """What a criterion added or changed after the sponsor confirmed sends: to the sponsor
    (Confirm) and to the line of business, with the longest texts there are."""
    from governance.facts import Confirmation
    from governance.handlers.criteria import criteria_told

    now = k.mlgov.clock.now()
    async with k.mlgov.uow() as uow:
        name = (await uow.session.exec(select(Project.name).where(Project.slug == slug))).one()
    confirmed = Confirmation("experimentation", BOB.display_name or "", now)
    common = dict(
        who=ALICE.display_name or "", project=name, slug=slug, number=99,
        new=hostile(CRITERION, "AUC3 "), confirmation=confirmed, sponsor=BOB.display_name,
    )  # fmt: skip
    changed = dict(common, old=hostile(CRITERION, "AUC2 "),
                   reason=hostile(LINE - CRITERION - 200, "Because "))  # fmt: skip
    r = k.replies
    r["notice criteria changed"] = criteria_told(**changed, to_sponsor=True)  # type: ignore[arg-type]
    r["notice criteria changed lob"] = criteria_told(**changed, to_sponsor=False)  # type: ignore[arg-type]
    r["notice criterion added"] = criteria_told(**common, old=None, reason=None, to_sponsor=True)  # type: ignore[arg-type]


async def _aftercare(k: _Corpus) -> None:
    """After go-live: re-attestations, outcome answers, status with the LoB's word, and the
    prompts the rhythm sends, with the longest texts there are."""
    now = k.mlgov.clock.now()
    async with k.mlgov.uow() as uow:
        await grant(uow.session, await person_for(uow.session, IVAN, now), OrgRole.ADMIN, now)
        await uow.commit()
    await k.done("new ok live", ALICE, f'new "{hostile(NAME, "Live ")}"')
    slug = await k.newest_slug()
    await k.done("member ok add lob", ALICE, f"member {slug} add {_mention(CAROL)} role:lob")
    await k.refused("attest refused not live", ALICE, f"attest {slug} monitoring still")
    asked = await k.done("advance ok forced production", IVAN,
                         f'advance {slug} to production force reason:"{hostile(200, "Pilot ")}"')  # fmt: skip
    k.replies["press ok forced production"] = await k.mlgov.press(
        asked.actions[0].command, IVAN, on="1700000000.000550"
    )
    await k.done("attest ok still", ALICE, f"attest {slug} monitoring still")
    await k.done("attest ok changed", ALICE,
                 f'attest {slug} alerting changed "{hostile(NOTE, "Changed ")}"')  # fmt: skip
    await k.refused("attest refused", EVE, f"attest {slug} sla still")
    await k.refused("attest refused item", ALICE, f"attest {slug} {hostile(60, 'nosuch')} still")
    await k.done("outcome ok", CAROL, f'outcome {slug} partly "{hostile(NOTE, "Partly ")}"')
    await k.refused("outcome refused", EVE, f"outcome {slug} yes")
    await k.done("status ok outcome", ALICE, f"status {slug}")
    k.replies["press ok attest changed"] = await k.mlgov.press(
        c.Attest(slug, "sla", "changed"), ALICE, on="1700000000.000600",
        note=hostile(NOTE, "Pressed "),
    )  # fmt: skip
    k.replies["press ok outcome"] = await k.mlgov.press(
        c.RecordOutcome(slug, "no"), CAROL, on="1700000000.000700", note=hostile(NOTE, "No ")
    )
    async with k.mlgov.uow() as uow:
        name = (await uow.session.exec(select(Project.name).where(Project.slug == slug))).one()
    r = k.replies
    r["rhythm attest prompt"] = messages.attest_prompt(name, slug, "on-call")
    r["rhythm attest changed"] = messages.attest_changed(
        ALICE.display_name or "", name, slug, "rollback", hostile(NOTE, "Changed ")
    )
    r["rhythm cost revision due"] = messages.cost_revision_due(name, slug, now)
    r["rhythm cost revision due never"] = messages.cost_revision_due(name, slug, None)
    r["rhythm outcome prompt"] = messages.outcome_prompt(name, slug)
    unattested = [(name, slug, key) for key in ("monitoring", "alerting", "on-call", "sla")] * 5
    r["rhythm attention lapsed attestations"] = messages.attention(
        [(name, slug, now - timedelta(days=9))], [(name, slug)], 7, unattested
    )


async def _plans(k: _Corpus) -> None:
    """Plans and cost against budget: target dates, people and operating effort, and the
    status and digest that show a project late, over budget and red for every reason."""
    await k.done("new ok target", ALICE,
                 f'new "{hostile(NAME, "Planned ")}" budget:1 target:2026-01-31')  # fmt: skip
    slug = await k.newest_slug()
    await k.done("edit ok target", ALICE, f"edit {slug} target:2026-02-01")
    await k.refused("edit refused target", ALICE, f"edit {slug} target:{hostile(60, 'soon')}")
    await k.done("cost ok people and effort", ALICE,
                 f"cost {slug} monthly:999999999 fte:99999.5 ops:99999/month")  # fmt: skip
    await k.refused("cost refused fte", ALICE, f"cost {slug} fte:{hostile(60, 'many')}")
    await k.refused("cost refused ops", ALICE, f"cost {slug} ops:-3/month")
    await k.done("checkin ok blocked for health", ALICE,
                 f'checkin {slug} blocked "{hostile(NOTE, "Stuck ")}"')  # fmt: skip
    await k.done("status ok late and over budget", BOB, f"status {slug}")
    await k.done("portfolio ok late and over budget", IVAN, "portfolio")
