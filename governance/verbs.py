"""Every verb of the chat contract in one place: its form, what it does, the options it takes,
how its words become a command, and which handler carries out each command it makes.

``help`` lists the verbs in the order they are written here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from governance import builders as b
from governance import commands as c
from governance.arguments import Args
from governance.errors import BadCommand
from governance.handlers import (
    aftercare,
    criteria,
    lifecycle,
    membership,
    people,
    projects,
    queries,
    records,
    reporting,
    signoffs,
    sponsorship,
)
from governance.handlers.base import Ctx
from governance.replies import Field, Reply, Row
from governance.signers import who_signs
from governance.views import chart, metrics, todo

C = TypeVar("C")


@dataclass(frozen=True)
class Route(Generic[C]):
    """A command and the handler that carries it out (mypy checks that they match)."""

    command: type[C]
    handler: Callable[[Ctx, C], Awaitable[Reply]]
    # Only reads: pressing its button twice shows the answer twice, and a long answer can
    # be paged or shared by running it again.
    query: bool = False
    # Decides from the project's state as the person saw it: when another change to the
    # same project lands first, it is refused (the person looks again) rather than re-run on
    # a state nobody saw. Two `advance` at the same instant must not move a project twice.
    decision: bool = False
    # May change a closed (abandoned, retired) project: only what reopens one.
    reopens: bool = False


def on(
    command: type[C],
    handler: Callable[[Ctx, C], Awaitable[Reply]],
    *,
    query: bool = False,
    decision: bool = False,
    reopens: bool = False,
) -> Route[Any]:
    """The route of ``command`` to ``handler``; mypy refuses a handler of another command."""
    return Route(command, handler, query, decision, reopens)


@dataclass(frozen=True)
class Verb:
    name: str
    usage: str
    summary: str
    build: Callable[[Args], c.Command]
    routes: tuple[Route[Any], ...]
    # The options it takes. Any other `key:value` word is refused with the nearest of
    # these, except inside free text (a note, a criterion): see governance/arguments.py.
    options: tuple[str, ...] = ()
    # The rule of the product behind it, in plain words, for `help <verb>`.
    rule: str | None = None


async def help_reply(ctx: Ctx, cmd: c.Help) -> Reply:
    if cmd.topic:
        topic = cmd.topic.lower()
        verb = VERBS.get(topic)
        if verb is None:
            raise BadCommand(f"There is no command `{topic[:40]}`. Say `help` for the list.")
        return Reply(
            text=f"{topic}: {verb.summary}.",
            title=f"help {topic}",
            fields=[Field("Form", verb.usage)] + ([Field("Rule", verb.rule)] if verb.rule else []),
            rows=_signers(ctx) if topic == "ready" else [],
            query=True,
        )
    return Reply(
        text="I keep ML projects governed: phases and gates, sponsors, criteria, costs, check-ins.",
        title="mlgov commands",
        rows=[Row(verb.usage, detail=verb.summary) for verb in VERBS.values()],
        context="A project is named by its slug or name. Say `help <command>` for one command.",
        query=True,
    )


def _signers(ctx: Ctx) -> list[Row]:
    """Who signs each item the policy has people sign, as this organisation's policy says."""
    return [
        Row(
            f"{item.key} — {item.label}",
            detail=who_signs(item)
            + (", with an https:// link as evidence" if item.evidence else ""),
        )
        for gate in ctx.policy.gates.values()
        for item in gate.items
        if item.manual
    ]


_VERBS = (
    Verb(
        "status", "status <project>",
        "phase, delivery status, health, gate items, criteria and costs of a project",
        b.status, (on(c.Status, queries.status, query=True),),
    ),
    Verb(
        "portfolio",
        "portfolio [<phase>] [red|amber|green] [at-risk] [blocked] [done-not-live] [lapsed] "
        "[sponsor:@u] · portfolio metrics · portfolio chart",
        "every project by phase and health; filter by phase, health, at-risk (red or amber), "
        "blocked, done-not-live, lapsed sponsorship or sponsor. `portfolio metrics`: how many "
        "reach production, days in each phase, abandonment and its reasons, done-not-live ages. "
        "`portfolio chart`: a picture of the funnel by phase in health colours and the "
        "done-not-live ages",
        b.portfolio,
        (on(c.Portfolio, queries.portfolio, query=True),
         on(c.PortfolioMetrics, metrics.portfolio_metrics, query=True),
         on(c.PortfolioChart, chart.portfolio_chart, query=True)),
        ("phase", "health", "sponsor"),
    ),
    Verb(
        "todo", "todo",
        "what waits on you: check-ins, sign-offs asked of you, items you own, sponsorships "
        "and criteria to confirm",
        b.todo, (on(c.Todo, todo.todo, query=True),),
    ),
    Verb(
        "new",
        'new <name> [sponsor:@u] [owner:@u] [budget:<amount>] [risk:low|medium|high] '
        '[objective:"…"] [target:<YYYY-MM-DD>]',
        "start a project (you become its owner unless owner: says otherwise); target: is "
        "the production date aimed for",
        b.new, (on(c.NewProject, projects.new_project),),
        ("sponsor", "owner", "budget", "risk", "objective", "target"),
    ),
    Verb(
        "edit",
        'edit <project> [name:"…"] [objective:"…"] [risk:low|medium|high] [budget:<amount>] '
        '[target:<YYYY-MM-DD>]',
        "rename a project or set its objective, risk tier, budget or target date (owner or admin)",
        b.edit, (on(c.EditProject, projects.edit_project, decision=True),),
        ("name", "objective", "risk", "budget", "target"),
    ),
    Verb(
        "advance", 'advance <project> [to <phase>] [force reason:"…"]',
        "move a project through its next gate (owner or admin; force: admin)",
        b.advance, (on(c.Advance, lifecycle.advance, decision=True, reopens=True),),
        ("reason",),
        rule='A project leaves a phase when every item of its gate is done. An admin may force a move with a reason: it is marked as forced in status, portfolio and the digest, and everyone on the project is told.',
    ),
    Verb(
        "abandon", 'abandon <project> reason:"…"',
        "close a project with a reason (a negative result is a result)",
        b.abandon, (on(c.Abandon, lifecycle.abandon, decision=True),),
        ("reason",),
        rule='An abandoned project is read-only: only an admin reopens it, with a forced advance. A project in production needs its decommission-plan done (or an admin) to be abandoned. On Slack and Teams you confirm with a button; members and the linked channel are told.',
    ),
    Verb(
        "sponsor",
        "sponsor <project> @u [budget:<amount>]  ·  sponsor <project> confirm  ·  "
        'sponsor <project> decline [reason:"…"]',
        "ask someone (not the owner) to sponsor a project: they count once they confirm; "
        "the sponsor confirms, reconfirms or declines",
        b.sponsor,
        (
            on(c.NameSponsor, sponsorship.name_sponsor, decision=True),
            on(c.ConfirmSponsorship, sponsorship.confirm_sponsorship, decision=True),
            on(c.DeclineSponsorship, sponsorship.decline_sponsorship, decision=True),
        ),
        ("budget", "reason"),
        rule='The owner can never sponsor their own project. A named sponsor gets a request with Confirm and Decline and counts only once they confirm; a replaced sponsor is told.',
    ),
    Verb(
        "accept", "accept <project>", "sponsor acceptance: the project is done",
        b.accept, (on(c.Accept, lifecycle.accept, decision=True),),
        rule='Only the sponsor accepts, once they have confirmed, and only when every criterion is met or waived. The owners and the linked channel are told.',
    ),
    Verb(
        "member", "member <project> [add|remove @u [role:owner|sponsor|ml|it|lob|enduser]]",
        "list the members and their roles, or add or remove one",
        b.member,
        (
            on(c.ShowMembers, queries.show_members, query=True),
            on(c.ChangeMember, membership.change_member, decision=True),
        ),
        ("role",),
    ),
    Verb(
        "criteria",
        'criteria <project> [add "…" | change <n> "…" reason:"…" | met <n> | '
        'waive <n> reason:"…" | confirm | history]',
        "evaluation criteria: add, change with a reason, met, waive, confirm, history",
        b.criteria,
        (
            on(c.ShowCriteria, queries.show_criteria, query=True),
            on(c.AddCriterion, criteria.add),
            on(c.ChangeCriterion, criteria.change, decision=True),
            on(c.ResolveCriterion, criteria.resolve, decision=True),
            on(c.ConfirmCriteria, criteria.confirm, decision=True),
        ),
        ("reason",),
        rule='Only the sponsor confirms and waives criteria. Adding or changing a criterion after the sponsor confirmed voids that confirmation: the sponsor and the LoB members get the old and new text to confirm again.',
    ),
    Verb(
        "ready",
        "ready <project> [<key> done [evidence:<url>] | <key> owner:@u | <key> request @u | "
        '<key> reject reason:"…"]',
        "readiness items and who signed them; sign one (only its signers may), give it an "
        "owner, ask a signer (they get Approve / Reject), or refuse one with a reason",
        b.ready,
        (
            on(c.ShowReadiness, queries.show_readiness, query=True),
            on(c.CheckOff, records.check_off, decision=True),
            on(c.AssignItem, records.assign, decision=True),
            on(c.RequestSignoff, signoffs.request, decision=True),
            on(c.RefuseSignoff, signoffs.refuse, decision=True),
        ),
        ("evidence", "owner", "reason"),
        rule='Each item is signed only by the people the policy names, below; admins included. A refusal says who may sign; ask one with `request @u`. Items of a later gate may be signed early: they show as ahead.',
    ),
    Verb(
        "cost",
        "cost <project> [ingest:<size>/day] [storage:<size>] [access:<users>] [monthly:<amount>] "
        "[fte:<n>] [ops:<hours>/month]",
        "revise the cost of ownership estimate, or show it with its drift",
        b.cost,
        (
            on(c.ShowCost, queries.show_cost, query=True),
            on(c.ReviseCost, records.revise_cost),
        ),
        ("ingest", "storage", "access", "monthly", "fte", "ops"),
    ),
    Verb(
        "checkin", 'checkin <project> on-track|at-risk|blocked ["note"]',
        "tell the team how the project is going",
        b.checkin, (on(c.RecordCheckin, records.record_checkin),),
    ),
    Verb(
        "attest", 'attest <project> <item> still|changed ["note"]',
        "after go-live: say whether monitoring, alerting, on-call, sla or rollback still holds",
        b.attest, (on(c.Attest, aftercare.attest),),
        rule='Every 90 days in production the owner of each of these items (else the project owners) is asked whether it still holds. Unanswered for 14 days it lapses and managers hear it; a change is told to the owners.',
    ),
    Verb(
        "outcome", 'outcome <project> yes|partly|no ["note"]',
        "LoB: say whether a project in production delivers its objective",
        b.outcome, (on(c.RecordOutcome, aftercare.record_outcome),),
        rule='Each quarter in production the LoB members are asked; the latest answer shows in status.',
    ),
    Verb(
        "review", 'review <project> done ["notes"]', "record a phase (architecture) review",
        b.review, (on(c.RecordReview, records.record_review),),
    ),
    Verb(
        "history", "history <project>", "every change to a project, with who and when",
        b.history, (on(c.History, queries.history, query=True),),
    ),
    Verb(
        "link", "link <project>", "make this Slack or Teams channel receive the project's reports",
        b.link, (on(c.Link, reporting.link),),
    ),
    Verb(
        "schedule",
        "schedule <project> checkin weekly|biweekly <day> <HH:MM>  ·  "
        "schedule <project> review <days>",
        "set the check-in rhythm or the review interval",
        b.schedule,
        (
            on(c.ScheduleCheckins, reporting.schedule_checkins),
            on(c.ScheduleReviews, reporting.schedule_reviews),
        ),
    ),
    Verb(
        "tz", "tz [<IANA zone, e.g. Europe/Berlin>]", "show or set your time zone",
        b.tz,
        (
            on(c.ShowTimeZone, people.show_time_zone, query=True),
            on(c.SetTimeZone, people.set_time_zone),
        ),
    ),
    Verb(
        "away", "away [<YYYY-MM-DD> <YYYY-MM-DD> | clear]",
        "no prompts to you between two dates; alone, shows your away dates",
        b.away,
        (
            on(c.ShowAway, people.show_away, query=True),
            on(c.SetAway, people.set_away),
        ),
    ),
    Verb(
        "help", "help [command]", "this list, or the form of one command",
        b.help_topic, (on(c.Help, help_reply, query=True),),
    ),
)  # fmt: skip

VERBS: dict[str, Verb] = {verb.name: verb for verb in _VERBS}

# Which handler carries out each command: one route per command type.
ROUTES: dict[type, Route[Any]] = {route.command: route for verb in _VERBS for route in verb.routes}


def route(command: c.Command) -> Route[Any]:
    return ROUTES[type(command)]


def is_query(command: c.Command) -> bool:
    return ROUTES[type(command)].query
