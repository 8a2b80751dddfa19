"""A project's sponsor: asked by name, counted once they say yes, reconfirmed every so often,
free to say no. The owner never sponsors the same project.

Every way of naming a sponsor (`sponsor <p> @u`, `new … sponsor:@u`, `member <p> add @u
role:sponsor`) goes through :func:`appoint`: the person is seated unconfirmed
(``membership.confirmed_at`` empty) and sent a request with Confirm and Decline, and the
reconfirmation clock starts only when they say yes.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from governance import commands as c
from governance import notices
from governance.errors import NotAllowed
from governance.handlers.base import OWNER, SPONSOR, Ctx
from governance.phases import ProjectRole
from governance.replies import Action, Reply
from governance.tables import Event, Membership, Person, Project
from governance.values import format_amount

WHY = "a sponsor is someone else who answers for it"
SHOWN_OBJECTIVE = 300  # characters of the objective quoted in a request


def not_both(
    ctx: Ctx, person: Person, slug: str, *, holds: ProjectRole, would: bool = False
) -> NotAllowed:
    """The one line refusing to make ``person``, who ``holds`` one of owner and sponsor of
    ``slug``, the other as well (``would``: the project is being created)."""
    held, wanted = ("own", "sponsor") if holds == ProjectRole.OWNER else ("sponsor", "own")
    if person.id == ctx.person_id:
        return NotAllowed(
            f"You {'would ' if would else ''}{held} {slug}, so you cannot also {wanted} it: {WHY}."
        )
    verb = f"would {held}" if would else f"{held}s"
    return NotAllowed(
        f"{person.display_name} {verb} {slug}, so they cannot also {wanted} it: {WHY}."
    )


async def holders(ctx: Ctx, project: Project, role: ProjectRole) -> list[Membership]:
    rows = await ctx.session.exec(
        select(Membership)
        .where(Membership.project_id == project.id, Membership.role == role.value)
        .order_by(col(Membership.id))
    )
    return list(rows)


async def refuse_owner(ctx: Ctx, project: Project, person: Person) -> None:
    """Refuse to make an owner of ``project`` its sponsor."""
    if any(m.person_id == person.id for m in await holders(ctx, project, ProjectRole.OWNER)):
        raise not_both(ctx, person, project.slug, holds=ProjectRole.OWNER)


async def refuse_sponsor(ctx: Ctx, project: Project, person: Person) -> None:
    """Refuse to make the sponsor of ``project`` (asked or confirmed) one of its owners."""
    if any(m.person_id == person.id for m in await holders(ctx, project, ProjectRole.SPONSOR)):
        raise not_both(ctx, person, project.slug, holds=ProjectRole.SPONSOR)


def appoint(ctx: Ctx, project: Project, person: Person) -> bool:
    """Seat ``person`` as the sponsor; True when that is already their yes (they named
    themselves). Otherwise they count once they confirm: :func:`ask` sends the request."""
    consented = person.id == ctx.person_id
    ctx.session.add(
        Membership(
            project_id=project.id,  # type: ignore[arg-type]
            person_id=person.id,  # type: ignore[arg-type]
            role=ProjectRole.SPONSOR.value,
            since=ctx.now,
            confirmed_at=ctx.now if consented else None,
        )
    )
    # Reconfirmation falls due from the sponsor's yes, not from the asking.
    project.sponsorship_renewed_at = ctx.now if consented else None
    return consented


async def ask(ctx: Ctx, event: Event, project: Project, person: Person) -> None:
    """Send ``person`` the request to sponsor ``project``, once for ``event``."""
    details = []
    if project.budget is not None:
        details.append(f"budget {format_amount(project.budget)}")
    if project.objective:
        objective = project.objective
        if len(objective) > SHOWN_OBJECTIVE:
            objective = objective[: SHOWN_OBJECTIVE - 1] + "…"
        details.append(f"objective “{objective}”")
    said = f" ({', '.join(details)})" if details else ""
    slug = project.slug
    request = Reply(
        text=f"{ctx.person.display_name} asks you to sponsor {project.name}{said}.",
        title=f"Sponsor {project.name}?",
        actions=[
            Action("Confirm", c.ConfirmSponsorship(slug), "primary"),
            Action("Decline", c.DeclineSponsorship(slug), "danger", "Why not? (optional)"),
        ],
        context=(
            "A sponsor answers for the project: accepts it when it is done, agrees its "
            "criteria and reconfirms every "
            f"{ctx.policy.sponsorship_every_days} days. It counts once you confirm. "
            f"Or say `sponsor {slug} confirm` or `sponsor {slug} decline`."
        ),
    )
    await ctx.tell(event, [person.id], request)  # type: ignore[list-item]


def asked_text(project: Project, person: Person, consented: bool) -> str:
    if consented:
        return f"{person.display_name} sponsors {project.name}."
    return (
        f"{person.display_name} is asked to sponsor {project.name} and counts as its sponsor "
        "once they confirm."
    )


async def name_sponsor(ctx: Ctx, cmd: c.NameSponsor) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER | SPONSOR, "name its sponsor")
    person = await ctx.mentioned(cmd.sponsor)
    await refuse_owner(ctx, project, person)
    seated = await holders(ctx, project, ProjectRole.SPONSOR)
    old_budget = project.budget
    budget_text = f" Budget: {format_amount(cmd.budget)}." if cmd.budget is not None else ""
    same = next((m for m in seated if m.person_id == person.id), None)
    if same is not None:
        # Named again: nothing to ask twice. A new budget is an edit of the project.
        text = (
            f"{person.display_name} already sponsors {project.name}."
            if same.confirmed_at is not None
            else f"{person.display_name} is already asked to sponsor {project.name} and counts "
            "once they confirm."
        )
        if cmd.budget is None or cmd.budget == old_budget:
            return Reply.ok(text)
        project.budget = cmd.budget
        ctx.touch(project)
        ctx.audit(
            "project.edited",
            f"set budget {format_amount(cmd.budget)}",
            project,
            before={"budget": old_budget},
            after={"budget": cmd.budget},
        )
        return Reply.ok(text + budget_text)
    old = await ctx.session.get(Person, seated[0].person_id) if seated else None
    for membership in seated:
        await ctx.session.delete(membership)
    await ctx.session.flush()  # the old seat goes before the new one is taken
    if cmd.budget is not None:
        project.budget = cmd.budget
    consented = appoint(ctx, project, person)
    ctx.touch(project)
    event = ctx.audit(
        "sponsor.named",
        f"sponsor {person.display_name}"
        + (f", budget {format_amount(cmd.budget)}" if cmd.budget is not None else ""),
        project,
        before={"sponsor": old.display_name if old else None, "budget": old_budget},
        after={"sponsor": person.display_name, "budget": project.budget, "confirmed": consented},
    )
    if not consented:
        await ask(ctx, event, project, person)
    replaced = [m.person_id for m in seated if m.confirmed_at is not None]
    if replaced:
        await ctx.tell(
            event,
            replaced,
            Reply(
                text=f"{ctx.person.display_name} named {person.display_name} sponsor of "
                f"{project.name} in your place: you no longer sponsor it.",
                actions=[Action("Status", c.Status(project.slug))],
            ),
        )
    return Reply.ok(asked_text(project, person, consented) + budget_text)


async def _my_seat(ctx: Ctx, project: Project, doing: str) -> Membership:
    """The speaker's seat as sponsor of ``project``; refused when they have none."""
    mine = next(
        (
            m
            for m in await holders(ctx, project, ProjectRole.SPONSOR)
            if m.person_id == ctx.person_id
        ),
        None,
    )
    if mine is None:
        await ctx.require(project, SPONSOR, doing, admin=False)  # the usual refusal
        raise NotAllowed(f"Only the sponsor of {project.slug} can {doing}.")  # pragma: no cover
    return mine


async def _tell_owners(ctx: Ctx, event: Event, project: Project, text: str) -> None:
    owners = await notices.members(ctx.session, project.id, ProjectRole.OWNER.value)  # type: ignore[arg-type]
    await ctx.tell(
        event, owners, Reply(text=text, actions=[Action("Status", c.Status(project.slug))])
    )


async def confirm_sponsorship(ctx: Ctx, cmd: c.ConfirmSponsorship) -> Reply:
    project = await ctx.project(cmd.project)
    seat = await _my_seat(ctx, project, "confirm its sponsorship")
    due = ctx.now + timedelta(days=ctx.policy.sponsorship_every_days)
    before = project.sponsorship_renewed_at
    project.sponsorship_renewed_at = ctx.now
    ctx.touch(project)
    if seat.confirmed_at is None:
        # The first yes: from now on the sponsor counts, and reconfirmation falls due from here.
        seat.confirmed_at = ctx.now
        ctx.session.add(seat)
        event = ctx.audit(
            "sponsor.confirmed",
            "agreed to sponsor",
            project,
            before={"confirmed": None},
            after={"confirmed": ctx.now, "renewed": ctx.now},
        )
        await _tell_owners(
            ctx, event, project, f"{ctx.person.display_name} agreed to sponsor {project.name}."
        )
        return Reply.ok(
            f"You sponsor {project.name}. Reconfirmation falls due {due.date().isoformat()}.",
            actions=[Action("Status", c.Status(project.slug))],
        )
    ctx.audit(
        "sponsor.confirmed",
        "sponsorship reconfirmed",
        project,
        before={"renewed": before},
        after={"renewed": ctx.now},
    )
    return Reply.ok(
        f"Sponsorship of {project.name} reconfirmed; next reconfirmation due "
        f"{due.date().isoformat()}."
    )


async def decline_sponsorship(ctx: Ctx, cmd: c.DeclineSponsorship) -> Reply:
    project = await ctx.project(cmd.project)
    seat = await _my_seat(ctx, project, "decline its sponsorship")
    reason = (cmd.reason or "").strip() or None
    confirmed = seat.confirmed_at is not None
    await ctx.session.delete(seat)
    project.sponsorship_renewed_at = None
    ctx.touch(project)
    event = ctx.audit(
        "sponsor.declined",
        "declined to sponsor" + (f": {reason}" if reason else ""),
        project,
        before={"sponsor": ctx.person.display_name, "confirmed": seat.confirmed_at},
        after={"sponsor": None, "reason": reason},
    )
    why = " No reason given."
    if reason:
        why = f" Reason: {reason}" + ("" if reason[-1] in ".!?…" else ".")
    await _tell_owners(
        ctx,
        event,
        project,
        f"{ctx.person.display_name} declined to sponsor {project.name}.{why} "
        f"Ask someone else with `sponsor {project.slug} @name`.",
    )
    done = "no longer sponsor" if confirmed else "declined to sponsor"
    return Reply.ok(f"You {done} {project.name}; its owners are told.")
