"""Handlers that create projects and move them through their lifecycle."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlmodel import col, delete, select

from governance import commands as c
from governance import facts as facts_module
from governance.errors import BadCommand, Conflict, GateClosed, NotAllowed
from governance.gates import evaluate
from governance.handlers.base import Ctx
from governance.handlers.names import by_current_name
from governance.phases import CLOSED, ORDER, Phase, ProjectRole, next_phase, rank
from governance.replies import Action, Field, Reply
from governance.slugs import key as slug_key
from governance.slugs import same_name, slugify, unique
from governance.tables import EarlierName, Membership, Person, Project, Transition
from governance.values import format_amount

OWNER = {ProjectRole.OWNER}
MAX_NAME = 120  # project.name
SPONSOR = {ProjectRole.SPONSOR}


async def new_project(ctx: Ctx, cmd: c.NewProject) -> Reply:
    slug = await _free_slug(ctx, cmd.name)
    owner = await ctx.mentioned(cmd.owner) if cmd.owner else ctx.person
    sponsor = await ctx.mentioned(cmd.sponsor) if cmd.sponsor else None
    project = Project(
        slug=slug,
        name=cmd.name,
        objective=cmd.objective,
        budget=cmd.budget,
        risk=cmd.risk.value if cmd.risk else None,
        phase=Phase.IDEA.value,
        phase_entered_at=ctx.now,
        sponsorship_renewed_at=ctx.now if sponsor else None,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(project)
    await ctx.session.flush()
    _join(ctx, project, owner, ProjectRole.OWNER)
    if sponsor is not None:
        _join(ctx, project, sponsor, ProjectRole.SPONSOR)
    ctx.audit(
        "project.created",
        f"created {project.name} ({slug}) in idea",
        project,
        after={
            "name": project.name,
            "owner": owner.display_name,
            "sponsor": sponsor.display_name if sponsor else None,
            "budget": cmd.budget,
            "risk": project.risk,
            "objective": cmd.objective,
        },
    )
    await ctx.session.flush()
    _, states = evaluate(await facts_module.load(ctx.session, project), ctx.policy)
    open_items = [s.item.key for s in states if not s.done]
    fields = [Field("Owner", owner.display_name)]
    if sponsor:
        fields.append(Field("Sponsor", sponsor.display_name))
    return Reply.ok(
        f"Created {project.name} (`{slug}`) in idea.",
        title=project.name,
        fields=fields,
        context=("To leave idea it still needs: " + ", ".join(open_items) if open_items else None),
        actions=[Action("Status", c.Status(slug))],
    )


async def _free_slug(ctx: Ctx, name: str, renaming: Project | None = None) -> str:
    """The slug for a project called ``name``; Conflict when the name would find another
    project (its current name, or a slug made from the same name before)."""
    if len(name) > MAX_NAME:  # a modal or a button gives a name the grammar never saw
        raise BadCommand(f"A project name can be at most {MAX_NAME} characters.")
    slug = slugify(name)
    if not slug:
        raise BadCommand("A project name needs at least one letter or digit, in any script.")
    named = await by_current_name(ctx.session, name)
    if named is not None and named is not renaming:
        raise Conflict(
            f"There is already a project `{named.slug}` ({named.name}); pick another name."
        )
    holder = (await ctx.session.exec(select(Project).where(Project.slug == slug))).first()
    if holder is None or holder is renaming:
        return slug
    earlier = await ctx.session.exec(
        select(EarlierName.name).where(EarlierName.project_id == holder.id)
    )
    if renaming is not None or any(same_name(n, name) for n in [holder.name, *earlier]):
        # The same name but for case, accents or punctuation: the same project, surely. (A
        # new name needs no slug of its own, but must not be read as another's slug.)
        raise Conflict(f"There is already a project `{slug}` ({holder.name}); pick another name.")
    # Two different names that make one slug (their short ids clashed): number the new one.
    taken = await ctx.session.exec(
        select(Project.slug).where(col(Project.slug).startswith(slug[:40], autoescape=True))
    )
    return unique(slug, set(taken))


async def _rename(ctx: Ctx, project: Project, name: str) -> str | None:
    """Rename ``project`` (its slug stays): what the reply says, or None if unchanged."""
    if name == project.name:
        return None
    await _free_slug(ctx, name, renaming=project)
    old = project.name
    if slug_key(old) != slug_key(name):
        ctx.session.add(
            EarlierName(project_id=project.id, name=old, key=slug_key(old), until=ctx.now)  # type: ignore[arg-type]
        )
    project.name = name
    ctx.audit(
        "project.renamed",
        f"renamed {old} → {name}",
        project,
        before={"name": old},
        after={"name": name},
    )
    return f"{old} is now called {name}; its slug stays `{project.slug}` and the old name still finds it"


async def edit_project(ctx: Ctx, cmd: c.EditProject) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "edit it")
    renamed = await _rename(ctx, project, cmd.name) if cmd.name is not None else None
    wanted = {
        "objective": cmd.objective,
        "risk": cmd.risk.value if cmd.risk else None,
        "budget": cmd.budget,
    }
    changes = {k: v for k, v in wanted.items() if v is not None and getattr(project, k) != v}
    if not changes and renamed is None:
        return Reply.ok(f"{project.name} already says that; nothing changed.")
    ctx.touch(project)
    said = [renamed] if renamed else []
    if changes:
        before = {k: getattr(project, k) for k in changes}
        for key, value in changes.items():
            setattr(project, key, value)
        shown = ", ".join(
            f"{k} {format_amount(v) if isinstance(v, Decimal) else v}" for k, v in changes.items()
        )
        ctx.audit("project.edited", f"set {shown}", project, before=before, after=changes)
        said.append(f"{project.name}: {shown}")
    return Reply.ok(". ".join(said) + ".")


def _join(ctx: Ctx, project: Project, person: Person, role: ProjectRole) -> None:
    ctx.session.add(
        Membership(project_id=project.id, person_id=person.id, role=role.value, since=ctx.now)  # type: ignore[arg-type]
    )


async def advance(ctx: Ctx, cmd: c.Advance) -> Reply:
    project = await ctx.project(cmd.project)
    if cmd.force:
        if not ctx.is_admin:
            raise NotAllowed(f"Only an admin can force {project.slug} to another phase.")
    else:
        await ctx.require(project, OWNER, "advance it")
    current = Phase(project.phase)
    target = cmd.to or next_phase(current)
    if target is None:
        raise Conflict(f"{project.slug} is {current.value}; there is no phase after it.")
    if target == Phase.ABANDONED:
        raise BadCommand(
            f'To stop {project.slug}, say `abandon {project.slug} reason:"…"`.',
        )
    if target == current:
        raise Conflict(f"{project.slug} is already in {current.value}.")
    if not cmd.force:
        if current in CLOSED:
            raise Conflict(
                f"{project.slug} is {current.value}; only an admin can reopen it (force)."
            )
        if target != next_phase(current):
            raise Conflict(
                f"From {current.value} the next phase is {next_phase(current)}; "
                f'going to {target.value} needs an admin\'s `force reason:"…"`.'
            )
        _, states = evaluate(await facts_module.load(ctx.session, project), ctx.policy)
        missing = [s for s in states if not s.done]
        if missing:
            keys = ", ".join(s.item.key for s in missing)
            raise GateClosed(
                f"{project.slug} cannot leave {current.value} yet: {len(missing)} open — {keys}. "
                f"See `ready {project.slug}`.",
                [s.item.key for s in missing],
            )
    _move(ctx, project, current, target, cmd.reason, forced=cmd.force)
    verb = "forced" if cmd.force else "moved"
    text = f"{project.name} {verb} from {current.value} to {target.value}."
    if target == Phase.DEPLOYMENT:
        text += " It is done — not in production yet."
    elif target == Phase.PRODUCTION:
        text += " It is in production."
    return Reply.ok(text, actions=[Action("Status", c.Status(project.slug))])


def _move(
    ctx: Ctx, project: Project, source: Phase, target: Phase, reason: str | None, forced: bool
) -> None:
    project.phase = target.value
    project.phase_entered_at = ctx.now
    if target == Phase.PRODUCTION:
        project.live_since = ctx.now
    elif target in ORDER and rank(target) < rank(Phase.PRODUCTION):
        project.live_since = None
    ctx.touch(project)
    ctx.session.add(
        Transition(
            project_id=project.id,  # type: ignore[arg-type]
            from_phase=source.value,
            to_phase=target.value,
            reason=reason,
            forced=forced,
            actor_id=ctx.person_id,
            at=ctx.now,
        )
    )
    summary = f"{'forced' if forced else 'advanced'} {source.value} → {target.value}"
    if reason:
        summary += f": {reason}"
    ctx.audit(
        "phase.forced" if forced else "phase.changed",
        summary,
        project,
        before={"phase": source.value},
        after={"phase": target.value, "reason": reason},
    )


async def abandon(ctx: Ctx, cmd: c.Abandon) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "abandon it")
    current = Phase(project.phase)
    if current in CLOSED:
        raise Conflict(f"{project.slug} is already {current.value}.")
    project.closed_reason = cmd.reason
    _move(ctx, project, current, Phase.ABANDONED, cmd.reason, forced=False)
    return Reply.ok(
        f"{project.name} abandoned in {current.value}. Reason kept: {cmd.reason}",
    )


async def name_sponsor(ctx: Ctx, cmd: c.NameSponsor) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER | SPONSOR, "name its sponsor")
    sponsor = await ctx.mentioned(cmd.sponsor)
    before = [
        p.display_name
        for p in await ctx.session.exec(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)  # type: ignore[arg-type]
            .where(Membership.project_id == project.id, Membership.role == "sponsor")
        )
    ]
    await ctx.session.exec(
        delete(Membership).where(Membership.project_id == project.id, Membership.role == "sponsor")  # type: ignore[arg-type]
    )
    _join(ctx, project, sponsor, ProjectRole.SPONSOR)
    project.sponsorship_renewed_at = ctx.now
    old_budget = project.budget
    if cmd.budget is not None:
        project.budget = cmd.budget
    ctx.touch(project)
    ctx.audit(
        "sponsor.named",
        f"sponsor {sponsor.display_name}"
        + (f", budget {format_amount(cmd.budget)}" if cmd.budget is not None else ""),
        project,
        before={"sponsor": before[0] if before else None, "budget": old_budget},
        after={"sponsor": sponsor.display_name, "budget": project.budget},
    )
    text = f"{sponsor.display_name} sponsors {project.name}."
    if cmd.budget is not None:
        text += f" Budget: {format_amount(cmd.budget)}."
    return Reply.ok(text)


async def confirm_sponsorship(ctx: Ctx, cmd: c.ConfirmSponsorship) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, SPONSOR, "reconfirm its sponsorship", admin=False)
    before = project.sponsorship_renewed_at
    project.sponsorship_renewed_at = ctx.now
    ctx.touch(project)
    ctx.audit(
        "sponsor.confirmed",
        "sponsorship reconfirmed",
        project,
        before={"renewed": before},
        after={"renewed": ctx.now},
    )
    due = ctx.now + timedelta(days=ctx.policy.sponsorship_every_days)
    return Reply.ok(
        f"Sponsorship of {project.name} reconfirmed; next reconfirmation due "
        f"{due.date().isoformat()}."
    )


async def accept(ctx: Ctx, cmd: c.Accept) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, SPONSOR, "accept it", admin=False)
    phase = Phase(project.phase)
    if project.accepted_at is not None:
        raise Conflict(
            f"{project.slug} was already accepted on {project.accepted_at.date().isoformat()}."
        )
    if phase not in (Phase.DEVELOPMENT, Phase.DEPLOYMENT):
        raise Conflict(
            f"{project.slug} is in {phase.value}; a sponsor accepts a project in development."
        )
    project.accepted_at = ctx.now
    ctx.touch(project)
    ctx.audit("project.accepted", "accepted by the sponsor", project, after={"accepted": ctx.now})
    return Reply.ok(
        f"{project.name} accepted: it is done — not in production until it passes the "
        "production gate.",
        actions=[Action("Status", c.Status(project.slug))],
    )


async def change_member(ctx: Ctx, cmd: c.ChangeMember) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "change its members")
    person = await ctx.mentioned(cmd.person)
    existing = (
        await ctx.session.exec(
            select(Membership).where(
                Membership.project_id == project.id,
                Membership.person_id == person.id,
                Membership.role == cmd.role.value,
            )
        )
    ).first()
    role = cmd.role.value
    if cmd.add:
        if existing is not None:
            raise Conflict(f"{person.display_name} is already {role} on {project.slug}.")
        if cmd.role == ProjectRole.SPONSOR:
            has_sponsor = (
                await ctx.session.exec(
                    select(Membership).where(
                        Membership.project_id == project.id, Membership.role == role
                    )
                )
            ).first()
            if has_sponsor is not None:
                raise Conflict(
                    f"{project.slug} has a sponsor; say `sponsor {project.slug} @name` to change it."
                )
            project.sponsorship_renewed_at = ctx.now
        _join(ctx, project, person, cmd.role)
        ctx.audit(
            "member.added",
            f"added {person.display_name} as {role}",
            project,
            after={"person": person.display_name, "role": role},
        )
        text = f"{person.display_name} is now {role} on {project.name}."
    else:
        if existing is None:
            raise Conflict(f"{person.display_name} is not {role} on {project.slug}.")
        if cmd.role == ProjectRole.OWNER:
            owners = (
                await ctx.session.exec(
                    select(Membership).where(
                        Membership.project_id == project.id, Membership.role == role
                    )
                )
            ).all()
            if len(owners) == 1:
                raise Conflict(f"{project.slug} needs an owner; add another owner first.")
        await ctx.session.delete(existing)
        ctx.audit(
            "member.removed",
            f"removed {person.display_name} as {role}",
            project,
            before={"person": person.display_name, "role": role},
        )
        text = f"{person.display_name} is no longer {role} on {project.name}."
    ctx.touch(project)
    return Reply.ok(text)
