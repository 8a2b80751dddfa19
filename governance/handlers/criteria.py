"""Evaluation criteria: added, changed with a reason (old text kept), met, waived, confirmed.

Criteria agreements hold: a criterion added or changed after the sponsor confirmed them voids
that confirmation (governance/facts.py derives it), and the sponsor and the line of business
are told, once, with the old and the new text. Only the sponsor confirms and waives;
`accept` waits until every criterion is met or waived (``require_resolved``).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from governance import commands as c
from governance import facts as facts_module
from governance.errors import Conflict, NotAllowed
from governance.handlers.base import MEMBERS, SPONSOR, Ctx
from governance.phases import ProjectRole
from governance.replies import Action, Field, Reply
from governance.states import CriterionStatus
from governance.tables import (
    CriteriaConfirmation,
    Criterion,
    CriterionVersion,
    Event,
    Membership,
    Person,
    Project,
)

SHOWN = 60  # characters of a criterion's text a one-line refusal quotes
LISTED = 5  # criteria a one-line refusal names before "and N more"


async def add(ctx: Ctx, cmd: c.AddCriterion) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, MEMBERS, "add criteria")
    confirmation = await facts_module.criteria_confirmation(ctx.session, project)
    highest = (
        await ctx.session.exec(
            select(func.max(Criterion.number)).where(Criterion.project_id == project.id)
        )
    ).one()
    number = (highest or 0) + 1
    criterion = Criterion(project_id=project.id, number=number, created_at=ctx.now)  # type: ignore[arg-type]
    ctx.session.add(criterion)
    await ctx.session.flush()
    _version(ctx, project, criterion, 1, cmd.text, None)
    ctx.touch(project)
    event = ctx.audit(
        "criterion.added",
        f"criterion {number}: {cmd.text}",
        project,
        after={"number": number, "text": cmd.text},
    )
    text = f"Criterion {number} added to {project.name}: {cmd.text}"
    if confirmation is not None:  # confirmed in this phase: the agreement is asked for again
        told = await _tell(ctx, project, event, confirmation, number, None, cmd.text, None)
        if told:
            text = text.rstrip(".") + "." + told
    return Reply.ok(text)


def _version(
    ctx: Ctx, project: Project, criterion: Criterion, version: int, text: str, reason: str | None
) -> None:
    ctx.session.add(
        CriterionVersion(
            criterion_id=criterion.id,  # type: ignore[arg-type]
            version=version,
            text=text,
            reason=reason,
            phase=project.phase,
            actor_id=ctx.person_id,
            at=ctx.now,
        )
    )


async def _criterion(ctx: Ctx, project: Project, number: int) -> tuple[Criterion, CriterionVersion]:
    row = (
        await ctx.session.exec(
            select(Criterion, CriterionVersion)
            .join(CriterionVersion, CriterionVersion.criterion_id == Criterion.id)  # type: ignore[arg-type]
            .where(Criterion.project_id == project.id, Criterion.number == number)
            .order_by(CriterionVersion.version.desc())  # type: ignore[attr-defined]
        )
    ).first()
    if row is None:
        raise Conflict(
            f"{project.slug} has no criterion {number}; say `criteria {project.slug}` to list them."
        )
    return row


async def change(ctx: Ctx, cmd: c.ChangeCriterion) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, MEMBERS, "change criteria")
    criterion, current = await _criterion(ctx, project, cmd.number)
    if current.text == cmd.text:
        raise Conflict(f"Criterion {cmd.number} already says that.")
    confirmation = await facts_module.criteria_confirmation(ctx.session, project)
    _version(ctx, project, criterion, current.version + 1, cmd.text, cmd.reason)
    reopened = criterion.status != CriterionStatus.OPEN
    before_status = criterion.status
    criterion.status, criterion.waive_reason = CriterionStatus.OPEN, None
    ctx.session.add(criterion)
    ctx.touch(project)
    event = ctx.audit(
        "criterion.changed",
        f"criterion {cmd.number} changed: {cmd.reason}",
        project,
        before={"text": current.text, "status": before_status},
        after={
            "number": cmd.number,
            "text": cmd.text,
            "reason": cmd.reason,
            "status": CriterionStatus.OPEN.value,
        },
    )
    text = f"Criterion {cmd.number} of {project.name} is now: {cmd.text} (v{current.version + 1})."
    if reopened:
        text += f" It was {before_status}; it is open again."
    text += f" History: `criteria {project.slug} history`."
    # A change always reaches the sponsor (criteria are versioned, PRODUCT.md).
    told = await _tell(ctx, project, event, confirmation, cmd.number, current.text, cmd.text,
                       cmd.reason)  # fmt: skip
    return Reply.ok(text + told)


async def _tell(
    ctx: Ctx,
    project: Project,
    event: Event,
    confirmation: facts_module.Confirmation | None,
    number: int,
    old: str | None,
    new: str,
    reason: str | None,
) -> str:
    """Tell the sponsor (with a Confirm button) and the line of business of a criterion added
    or changed; what to add to the speaker's answer."""
    sponsors = await _people(ctx, project, ProjectRole.SPONSOR)
    taken = {p.id for p in sponsors}
    lob = [p for p in await _people(ctx, project, ProjectRole.LOB) if p.id not in taken]
    sponsor_names = _or(sponsors) if sponsors else None

    def message(to_sponsor: bool) -> Reply:
        return criteria_told(
            who=ctx.person.display_name, project=project.name, slug=project.slug, number=number,
            old=old, new=new, reason=reason, confirmation=confirmation, sponsor=sponsor_names,
            to_sponsor=to_sponsor,
        )  # fmt: skip

    await ctx.tell(event, _ids(sponsors), message(to_sponsor=True))
    await ctx.tell(event, _ids(lob), message(to_sponsor=False))
    told = [p.display_name for p in [*sponsors, *lob] if p.id != ctx.person_id]
    text = ""
    if confirmation is not None and confirmation.stands:
        text += (
            f" This voids the confirmation of its criteria by {confirmation.by} for "
            f"{confirmation.phase}"
        )
        text += f"; {sponsor_names} must confirm them again." if sponsor_names else "."
    if told:
        text += f" Told: {_and(told)}."
    return text


def criteria_told(
    *,
    who: str,
    project: str,
    slug: str,
    number: int,
    old: str | None,
    new: str,
    reason: str | None,
    confirmation: facts_module.Confirmation | None,
    sponsor: str | None,
    to_sponsor: bool,
) -> Reply:
    """The message a criterion added (``old`` None) or changed sends: to the sponsor with
    Confirm, to the line of business naming the sponsor (``sponsor``, their names)."""
    if old is None:
        title = f"Criterion {number} added to {project}"
        text = f"{who} added criterion {number} to {project} ({slug})."
        fields = [Field("New", new)]
    else:
        title = f"Criterion {number} of {project} changed"
        text = f"{who} changed criterion {number} of {project} ({slug})."
        fields = [Field("Was", old), Field("Now", new)]
    if reason:
        fields.append(Field("Reason", reason))
    if confirmation is not None:
        text += f" The confirmation of its criteria for {confirmation.phase} no longer counts"
        if to_sponsor:
            text += ": confirm them again if you agree."
        elif sponsor:
            text += f" until the sponsor ({sponsor}) confirms them again."
        else:
            text += " until a sponsor confirms them again."
    actions = [Action("Criteria", c.ShowCriteria(slug))]
    if to_sponsor:
        actions.insert(0, Action("Confirm", c.ConfirmCriteria(slug), style="primary"))
    return Reply(text=text, title=title, fields=fields, actions=actions)


async def _people(ctx: Ctx, project: Project, role: ProjectRole) -> list[Person]:
    return list(
        await ctx.session.exec(
            select(Person)
            .join(Membership, col(Membership.person_id) == col(Person.id))
            .where(Membership.project_id == project.id, Membership.role == role.value)
            .order_by(col(Membership.id))
        )
    )


def _ids(people: list[Person]) -> list[int]:
    return [p.id for p in people if p.id is not None]


def _or(people: list[Person]) -> str:
    return " or ".join(p.display_name for p in people)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


async def _require_sponsor(ctx: Ctx, project: Project, doing: str) -> None:
    """Refuse unless the speaker is the project's sponsor: nobody acts for them, not even an
    admin. The refusal names the sponsor."""
    mine = await ctx.roles(project)
    if ProjectRole.SPONSOR in mine:
        await ctx.require(project, SPONSOR, doing, admin=False)  # a sponsor who said yes
        return
    sponsors = await _people(ctx, project, ProjectRole.SPONSOR)
    yours = f" (you are {', '.join(sorted(r.value for r in mine))})" if mine else ""
    if not sponsors:
        raise NotAllowed(
            f"Only the sponsor of {project.slug} can {doing}{yours}, and it has none: "
            f"name one with `sponsor {project.slug} @u`."
        )
    raise NotAllowed(f"Only the sponsor of {project.slug} ({_or(sponsors)}) can {doing}{yours}.")


async def resolve(ctx: Ctx, cmd: c.ResolveCriterion) -> Reply:
    project = await ctx.project(cmd.project)
    if cmd.met:
        await ctx.require(project, MEMBERS, "mark criteria met")
    else:
        await _require_sponsor(ctx, project, "waive criteria")
    criterion, current = await _criterion(ctx, project, cmd.number)
    status = CriterionStatus.MET if cmd.met else CriterionStatus.WAIVED
    if criterion.status == status:
        raise Conflict(f"Criterion {cmd.number} is already {status}.")
    before = criterion.status
    criterion.status = status
    criterion.waive_reason = None if cmd.met else cmd.reason
    ctx.session.add(criterion)
    ctx.touch(project)
    summary = f"criterion {cmd.number} {status}" + (f": {cmd.reason}" if cmd.reason else "")
    ctx.audit(
        f"criterion.{status}",
        summary,
        project,
        before={"status": before},
        after={"status": status, "reason": cmd.reason},
    )
    return Reply.ok(f"Criterion {cmd.number} of {project.name} {status}: {current.text}")


async def confirm(ctx: Ctx, cmd: c.ConfirmCriteria) -> Reply:
    project = await ctx.project(cmd.project)
    await _require_sponsor(ctx, project, "confirm its criteria")
    count = (
        await ctx.session.exec(
            select(func.count()).select_from(Criterion).where(Criterion.project_id == project.id)
        )
    ).one()
    if not count:
        raise Conflict(
            f'{project.slug} has no criteria to confirm; add one with `criteria {project.slug} add "…"`.'
        )
    ctx.session.add(
        CriteriaConfirmation(
            project_id=project.id,  # type: ignore[arg-type]
            phase=project.phase,
            actor_id=ctx.person_id,
            at=ctx.now,
        )
    )
    ctx.touch(project)
    ctx.audit(
        facts_module.CONFIRMED,
        f"{count} criteria confirmed in {project.phase}",
        project,
        after={"phase": project.phase, "criteria": count},
    )
    return Reply.ok(f"The {count} criteria of {project.name} are confirmed for {project.phase}.")


async def require_resolved(ctx: Ctx, project: Project) -> None:
    """Refuse (one line, naming them) while any criterion is neither met nor waived, or when
    there are none: a sponsor accepts against criteria."""
    rows = await ctx.session.exec(
        select(Criterion.number, Criterion.status, CriterionVersion.text)
        .join(CriterionVersion, col(CriterionVersion.criterion_id) == col(Criterion.id))
        .where(Criterion.project_id == project.id)
        .order_by(col(Criterion.number), col(CriterionVersion.version))
    )
    current = {number: (status, text) for number, status, text in rows}  # the newest wins
    slug = project.slug
    if not current:
        raise Conflict(
            f"{slug} cannot be accepted: it has no evaluation criteria. Add them with "
            f'`criteria {slug} add "…"` and mark them met.'
        )
    resolved = (CriterionStatus.MET, CriterionStatus.WAIVED)
    open_ = [(n, text) for n, (status, text) in current.items() if status not in resolved]
    if not open_:
        return
    named = [f"{n} ({_short(text)})" for n, text in open_[:LISTED]]
    if len(open_) > LISTED:
        named.append(f"{len(open_) - LISTED} more")
    one = len(open_) == 1
    which = f"criterion {named[0]} is" if one else f"criteria {_and(named)} are"
    them = "it" if one else "them"
    raise Conflict(
        f"{slug} cannot be accepted: {which} neither met nor waived. Mark {them} met "
        f"(`criteria {slug} met <n>`) or waive {them} with a reason "
        f'(`criteria {slug} waive <n> reason:"…"`).'
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
