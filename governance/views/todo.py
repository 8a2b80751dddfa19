"""What waits on one person, each with the button that does it: their open check-ins,
sign-offs asked of them, readiness items they own, sponsorships and criteria to confirm.

Bounded by the person's own rows: one query for each kind, and the facts of each open
project they sponsor that has criteria (whether its criteria wait is the gate's own check).
Closed projects (abandoned, retired) wait on nobody.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance import commands as c
from governance import facts as facts_module
from governance.derived import health_inputs, sponsorship_due_at
from governance.gates import CHECKS, WHY_OPEN, items_for
from governance.handlers.base import Ctx
from governance.phases import CLOSED, Phase, ProjectRole
from governance.policy import GateItem, Policy
from governance.replies import Action, Reply, Row
from governance.rhythm.messages import checkin_actions
from governance.states import RoundState
from governance.tables import CheckinRound, Criterion, Membership, Person, Project, ReadinessItem
from governance.values import WEEKDAYS

NOTHING = "Nothing waits on you. 🎉"
CRITERIA_CONFIRMED = "criteria_confirmed_in_phase"
EVIDENCE_PROMPT = "The evidence: an https:// link"
# Closed projects wait on nobody.
_OPEN = col(Project.phase).not_in([phase.value for phase in CLOSED])


async def todo(ctx: Ctx, cmd: c.Todo) -> Reply:
    return todo_reply(await owed(ctx.session, ctx.person, ctx.policy, ctx.now))


def todo_reply(rows: list[Row]) -> Reply:
    return Reply(text=summary(rows), title="What waits on you", rows=rows, query=True)


def summary(rows: list[Row]) -> str:
    if not rows:
        return NOTHING
    return f"{len(rows)} thing{'s wait' if len(rows) != 1 else ' waits'} on you."


async def owed(session: AsyncSession, person: Person, policy: Policy, now: datetime) -> list[Row]:
    """Every line of the person's to-do, in the order they are listed."""
    sponsored = await _sponsored(session, person)
    return [
        *await _checkins(session, person, now),
        *await _readiness(session, person, policy),
        *_sponsorships(sponsored, policy, now),
        # A sponsor who has not said yes confirms the sponsorship first, then the criteria.
        *await _criteria(session, [p for p, m in sponsored if m.confirmed_at], policy),
    ]


def _named(project: Project) -> str:
    return f"{project.name} (`{project.slug}`)"


async def _checkins(session: AsyncSession, person: Person, now: datetime) -> list[Row]:
    """Check-in rounds open now: the slot came and the window has not closed."""
    rounds = await session.exec(
        select(CheckinRound.closes_at, Project)
        .join(Project, col(Project.id) == col(CheckinRound.project_id))
        .where(
            _OPEN,
            CheckinRound.person_id == person.id,
            CheckinRound.state == RoundState.OPEN,
            col(CheckinRound.slot_at) <= now,
            col(CheckinRound.closes_at) > now,
        )
        .order_by(col(Project.slug), col(CheckinRound.slot_at).desc())
    )
    rows: dict[str, Row] = {}
    for closes_at, project in rounds:
        if project.slug in rows:
            continue  # an older round left open: the newest is the one to answer
        local = closes_at.astimezone(ZoneInfo(person.tz))
        until = f"{WEEKDAYS[local.weekday()].capitalize()} {local:%Y-%m-%d %H:%M} ({person.tz})"
        rows[project.slug] = Row(
            f"⬜ Check in on {_named(project)}",
            detail=f'open until {until} · or say: checkin {project.slug} on-track|at-risk|blocked "note"',
            actions=tuple(checkin_actions(project.slug)),
        )
    return list(rows.values())


def _still_needed(policy: Policy, project: Project) -> dict[str, Phase]:
    """The manual items of the gate out of the project's phase and of every gate after
    it, each with the phase it is needed to leave: an item of a gate already passed waits
    on nobody."""
    keys: dict[str, Phase] = {}
    phase: Phase | None = Phase(project.phase)
    seen: set[Phase] = set()
    while phase is not None and phase not in seen:
        seen.add(phase)
        gate = policy.gate_from(phase)
        if gate is None:
            break
        for item in items_for(gate, project.risk):
            if item.manual:
                keys.setdefault(item.key, phase)
        phase = gate.target
    return keys


def _ahead(project: Project, needed_in: Phase) -> str:
    """Said of an item of a later gate, prepared early."""
    return "" if needed_in == project.phase else f"ahead: needed to leave {needed_in} · "


def _done_action(label: str, project: Project, item: GateItem) -> Action:
    prompt = EVIDENCE_PROMPT if item.evidence else None
    return Action(label, c.CheckOff(project.slug, item.key), "primary", prompt)


def _said_done(project: Project, item: GateItem) -> str:
    evidence = " evidence:<https link>" if item.evidence else ""
    return f"or say: ready {project.slug} {item.key} done{evidence}"


async def _readiness(session: AsyncSession, person: Person, policy: Policy) -> list[Row]:
    """Sign-offs asked of the person, then the items they own, not yet done."""
    asker = aliased(Person)
    found = await session.exec(
        select(ReadinessItem, Project, asker.display_name)
        .join(Project, col(Project.id) == col(ReadinessItem.project_id))
        .outerjoin(asker, col(asker.id) == col(ReadinessItem.requested_by))
        .where(
            _OPEN,
            or_(
                col(ReadinessItem.requested_of) == person.id,
                col(ReadinessItem.owner_id) == person.id,
            ),
            col(ReadinessItem.done_at).is_(None),
        )
        .order_by(col(Project.slug), col(ReadinessItem.key))
    )
    asked: list[Row] = []
    owned: list[Row] = []
    needed: dict[int, dict[str, Phase]] = {}
    for record, project, asked_by in found:
        item = policy.item(record.key)
        assert project.id is not None
        if project.id not in needed:
            needed[project.id] = _still_needed(policy, project)
        if item is None or record.key not in needed[project.id]:
            continue
        ahead = _ahead(project, needed[project.id][record.key])
        if record.requested_of == person.id:
            when = f" on {record.requested_at:%Y-%m-%d}" if record.requested_at else ""
            by = f"asked by {asked_by}{when}" if asked_by else f"asked of you{when}"
            asked.append(
                Row(
                    f"⬜ Sign off {item.label} (`{item.key}`) on {_named(project)}",
                    detail=f"{by} · {ahead}{_said_done(project, item)}",
                    actions=(_done_action("Sign off", project, item),),
                )
            )
        else:
            owned.append(
                Row(
                    f"⬜ {item.label} (`{item.key}`) on {_named(project)} — you own it",
                    detail=ahead + _said_done(project, item),
                    actions=(_done_action("Done", project, item),),
                )
            )
    return asked + owned


async def _sponsored(session: AsyncSession, person: Person) -> list[tuple[Project, Membership]]:
    """The open projects the person is the sponsor of, asked or confirmed."""
    rows = await session.exec(
        select(Project, Membership)
        .join(Membership, col(Membership.project_id) == col(Project.id))
        .where(_OPEN, Membership.person_id == person.id, Membership.role == ProjectRole.SPONSOR)
        .order_by(col(Project.slug))
    )
    return list(rows.all())


def _sponsorships(
    sponsored: list[tuple[Project, Membership]], policy: Policy, now: datetime
) -> list[Row]:
    """Sponsorships the person has not said yes to, then those due to be reconfirmed."""
    confirm: list[Row] = []
    reconfirm: list[Row] = []
    for project, membership in sponsored:
        if membership.confirmed_at is None:
            confirm.append(
                Row(
                    f"⬜ Confirm you sponsor {_named(project)}",
                    detail=f"asked on {membership.since:%Y-%m-%d} · "
                    f"or say: sponsor {project.slug} confirm",
                    actions=(Action("Confirm", c.ConfirmSponsorship(project.slug), "primary"),),
                )
            )
            continue
        # The reconfirmation rule of the rhythm's nudges and of health, not a copy of it.
        due = sponsorship_due_at(health_inputs(project, has_sponsor=True), policy)
        if due is not None and now >= due:
            lapses = due + policy.sponsorship_lapse
            reconfirm.append(
                Row(
                    f"⬜ Reconfirm your sponsorship of {_named(project)}",
                    detail=f"due since {due:%Y-%m-%d}, "
                    f"{'lapsed' if now >= lapses else 'lapses'} on {lapses:%Y-%m-%d} · "
                    f"or say: sponsor {project.slug} confirm",
                    actions=(Action("Reconfirm", c.ConfirmSponsorship(project.slug), "primary"),),
                )
            )
    return confirm + reconfirm


async def _criteria(session: AsyncSession, projects: list[Project], policy: Policy) -> list[Row]:
    """Criteria the sponsor is to confirm: where the gate out of this phase needs them
    confirmed, or a change since voided this phase's confirmation (the gate's own check
    says whether they are confirmed)."""
    if not projects:
        return []
    with_criteria = set(
        await session.exec(
            select(Criterion.project_id)
            .where(col(Criterion.project_id).in_([p.id for p in projects]))
            .distinct()
        )
    )
    rows: list[Row] = []
    for project in projects:
        if project.id not in with_criteria:
            continue  # nothing to confirm yet: the owner adds criteria first
        facts = await facts_module.load(session, project)
        if CHECKS[CRITERIA_CONFIRMED](facts):
            continue
        # Voided: confirmed in this phase, then a criterion was added or changed.
        voided = WHY_OPEN[CRITERIA_CONFIRMED](facts)
        gate = policy.gate_from(Phase(project.phase))
        needed = gate is not None and any(
            item.check == CRITERIA_CONFIRMED for item in items_for(gate, project.risk)
        )
        if not (voided or needed):
            continue
        count = len(facts.criteria)
        why = voided or f"not yet confirmed in {project.phase}"
        rows.append(
            Row(
                f"⬜ Confirm the criteria of {_named(project)}",
                detail=f"{count} criteri{'a' if count != 1 else 'on'}, {why} · "
                f"or say: criteria {project.slug} confirm",
                actions=(Action("Confirm criteria", c.ConfirmCriteria(project.slug), "primary"),),
            )
        )
    return rows
