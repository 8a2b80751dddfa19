"""Handlers that start projects and change what they are: name, objective, risk, budget."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import col, select

from governance import commands as c
from governance import facts as facts_module
from governance.builders import MAX_NAME
from governance.errors import BadCommand, Conflict
from governance.gates import evaluate
from governance.handlers.base import OWNER, Ctx
from governance.handlers.membership import join
from governance.handlers.names import by_current_name
from governance.handlers.sponsorship import appoint, ask, not_both
from governance.phases import Phase, ProjectRole
from governance.replies import Action, Field, Reply
from governance.slugs import key as slug_key
from governance.slugs import same_name, slugify, unique
from governance.tables import EarlierName, Project
from governance.values import format_amount
from governance.views.status import shown_sponsor


async def new_project(ctx: Ctx, cmd: c.NewProject) -> Reply:
    slug = await _free_slug(ctx, cmd.name)
    owner = await ctx.mentioned(cmd.owner) if cmd.owner else ctx.person
    sponsor = await ctx.mentioned(cmd.sponsor) if cmd.sponsor else None
    if sponsor is not None and sponsor.id == owner.id:
        raise not_both(ctx, owner, slug, holds=ProjectRole.OWNER, would=True)
    project = Project(
        slug=slug,
        name=cmd.name,
        objective=cmd.objective,
        budget=cmd.budget,
        risk=cmd.risk.value if cmd.risk else None,
        target_date=cmd.target_date,
        phase=Phase.IDEA.value,
        phase_entered_at=ctx.now,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(project)
    await ctx.session.flush()
    join(ctx, project, owner, ProjectRole.OWNER)
    # The sponsor is asked, and counts once they say yes (naming oneself is saying yes).
    consented = appoint(ctx, project, sponsor) if sponsor is not None else False
    event = ctx.audit(
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
            "target_date": cmd.target_date,
        },
    )
    if sponsor is not None and not consented:
        await ask(ctx, event, project, sponsor)
    await ctx.session.flush()
    _, states = evaluate(await facts_module.load(ctx.session, project), ctx.policy)
    open_items = [s.item.key for s in states if not s.done]
    fields = [Field("Owner", owner.display_name)]
    if sponsor:
        fields.append(Field("Sponsor", shown_sponsor(sponsor, consented)))
    notes = []
    if sponsor is not None and not consented:
        notes.append(f"{sponsor.display_name} is asked to sponsor it and counts once they confirm.")
    if open_items:
        notes.append("To leave idea it still needs: " + ", ".join(open_items))
    return Reply.ok(
        f"Created {project.name} (`{slug}`) in idea.",
        title=project.name,
        fields=fields,
        context=" ".join(notes) or None,
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
        "target_date": cmd.target_date,
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
            f"{'target' if k == 'target_date' else k} "
            f"{format_amount(v) if isinstance(v, Decimal) else v}"
            for k, v in changes.items()
        )
        ctx.audit("project.edited", f"set {shown}", project, before=before, after=changes)
        said.append(f"{project.name}: {shown}")
    return Reply.ok(". ".join(said) + ".")
