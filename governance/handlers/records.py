"""Readiness items, cost revisions, check-ins and reviews."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from governance import commands as c
from governance import signers
from governance.errors import BadCommand, NotAllowed
from governance.handlers.base import MEMBERS, Ctx
from governance.phases import Phase, ProjectRole
from governance.policy import GateItem
from governance.replies import Action, Reply
from governance.rhythm.answers import attach
from governance.tables import Checkin, CostEstimate, Membership, Project, ReadinessItem, Review

MAX_EVIDENCE = 500


def _manual_item(ctx: Ctx, key: str, slug: str) -> GateItem:
    item = ctx.policy.item(key)
    if item is None:
        keys = ", ".join(sorted(ctx.policy.manual_keys()))
        raise BadCommand(f"`{key}` is not a readiness item. Items you check off: {keys}.")
    if not item.manual:
        raise BadCommand(
            f"`{key}` ({item.label}) is checked by the bot from the project's state; "
            f"see `status {slug}`."
        )
    return item


async def _item(ctx: Ctx, project_id: int, key: str) -> ReadinessItem:
    item = (
        await ctx.session.exec(
            select(ReadinessItem).where(
                ReadinessItem.project_id == project_id, ReadinessItem.key == key
            )
        )
    ).first()
    return item or ReadinessItem(project_id=project_id, key=key)


async def _parties(ctx: Ctx, project: Project, item: ReadinessItem) -> signers.Parties:
    """The project's owners and sponsors (confirmed or only named) and the item's owner."""
    rows = await ctx.session.exec(
        select(Membership.person_id, Membership.role, Membership.confirmed_at).where(
            Membership.project_id == project.id,
            col(Membership.role).in_([ProjectRole.OWNER.value, ProjectRole.SPONSOR.value]),
        )
    )
    owners, confirmed, named = set(), set(), set()
    for person_id, role, confirmed_at in rows:
        if role == ProjectRole.OWNER:
            owners.add(person_id)
        elif confirmed_at is not None:
            confirmed.add(person_id)
        else:
            named.add(person_id)
    return signers.Parties(
        owners=frozenset(owners),
        sponsors=frozenset(confirmed),
        unconfirmed_sponsors=frozenset(named),
        item_owner=item.owner_id,
    )


async def check_off(ctx: Ctx, cmd: c.CheckOff) -> Reply:
    project = await ctx.project(cmd.project)
    rule = _manual_item(ctx, cmd.key, project.slug)
    key = rule.key
    if cmd.evidence is not None and len(cmd.evidence) > MAX_EVIDENCE:
        raise BadCommand(f"Evidence can be at most {MAX_EVIDENCE} characters; link to it instead.")
    item = await _item(ctx, project.id, key)  # type: ignore[arg-type]
    # Sign-offs bind: only the policy's signers sign, and admins are no exception (their way
    # round a gate is a forced, audited `advance`).
    signer = signers.Signer(
        ctx.person_id, frozenset(await ctx.roles(project)), frozenset(ctx.org_roles)
    )
    if not signers.may_sign(rule, signer, await _parties(ctx, project, item)):
        raise NotAllowed(signers.refusal(rule, project.slug))
    if item.done_at is not None and (cmd.evidence is None or cmd.evidence == item.evidence):
        return Reply.ok(
            f"`{key}` was already done on {item.done_at.date().isoformat()}; nothing changed."
        )
    problem = signers.evidence_problem(rule, cmd.evidence)
    if problem:
        raise BadCommand(problem)
    before = {"done": item.done_at, "evidence": item.evidence}
    if item.done_at is None:
        item.done_at, item.done_by = ctx.now, ctx.person_id
    item.evidence = cmd.evidence or item.evidence
    ctx.session.add(item)
    ctx.touch(project)
    event = ctx.audit(
        "ready.done",
        f"{key} done" + (f" ({cmd.evidence})" if cmd.evidence else ""),
        project,
        before=before,
        after={"done": item.done_at, "evidence": item.evidence},
    )
    if item.requested_by is not None and before["done"] is None:
        # Whoever asked for this sign-off hears that it is given, once.
        signed = f"{ctx.person.display_name} signed `{key}` on {project.name}."
        reply = Reply(text=signed, actions=[Action("Status", c.Status(project.slug))])
        await ctx.tell(event, [item.requested_by], reply)
    return Reply.ok(f"`{key}` is done for {project.name}.")


async def assign(ctx: Ctx, cmd: c.AssignItem) -> Reply:
    project = await ctx.project(cmd.project)
    key = _manual_item(ctx, cmd.key, project.slug).key
    # An item's named owner may sign it (`item-owner…` in the policy): the owner names them.
    await ctx.require(project, {ProjectRole.OWNER}, "name who owns a readiness item")
    owner = await ctx.mentioned(cmd.owner)
    item = await _item(ctx, project.id, key)  # type: ignore[arg-type]
    before = item.owner_id
    item.owner_id = owner.id
    ctx.session.add(item)
    ctx.touch(project)
    ctx.audit(
        "ready.owner",
        f"{key} owned by {owner.display_name}",
        project,
        before={"owner": before},
        after={"owner": owner.display_name},
    )
    return Reply.ok(f"{owner.display_name} owns `{key}` for {project.name}.")


async def revise_cost(ctx: Ctx, cmd: c.ReviseCost) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, MEMBERS, "revise its cost estimate")
    previous = (
        await ctx.session.exec(
            select(CostEstimate)
            .where(CostEstimate.project_id == project.id)
            .order_by(col(CostEstimate.at).desc(), col(CostEstimate.id).desc())
        )
    ).first()

    def carry(new, old_name):  # noqa: ANN001, ANN202 - a figure not restated is kept
        return new if new is not None else (getattr(previous, old_name) if previous else None)

    estimate = CostEstimate(
        project_id=project.id,  # type: ignore[arg-type]
        phase=project.phase,
        ingest_gb_day=carry(cmd.ingest_gb_day, "ingest_gb_day"),
        storage_gb=carry(cmd.storage_gb, "storage_gb"),
        access_users=carry(cmd.access_users, "access_users"),
        monthly=carry(cmd.monthly, "monthly"),
        fte=carry(cmd.fte, "fte"),
        ops_hours_month=carry(cmd.ops_hours_month, "ops_hours_month"),
        actor_id=ctx.person_id,
        at=ctx.now,
    )
    ctx.session.add(estimate)
    ctx.touch(project)
    figures = {
        "ingest_gb_day": estimate.ingest_gb_day,
        "storage_gb": estimate.storage_gb,
        "access_users": estimate.access_users,
        "monthly": estimate.monthly,
        "fte": estimate.fte,
        "ops_hours_month": estimate.ops_hours_month,
    }
    before = None
    if previous is not None:
        before = {k: getattr(previous, k) for k in figures}
    word = "revised" if previous else "first estimate"
    ctx.audit(
        "cost.revised", f"cost {word} in {project.phase}", project, before=before, after=figures
    )
    from governance.views.costs import cost_reply

    await ctx.session.flush()
    reply = await cost_reply(ctx.session, project, changed=True, policy=ctx.policy)
    reply.more = c.ShowCost(project.slug)  # its revisions page as `cost <project>` does
    return reply


async def record_checkin(ctx: Ctx, cmd: c.RecordCheckin) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, MEMBERS, "check in", admin=False)
    if Phase(project.phase) in (Phase.RETIRED, Phase.ABANDONED):
        raise NotAllowed(f"{project.slug} is {project.phase}; there is nothing to check in on.")
    checkin = Checkin(
        project_id=project.id,  # type: ignore[arg-type]
        person_id=ctx.person_id,
        status=cmd.status.value,
        note=cmd.note,
        at=ctx.now,
    )
    ctx.session.add(checkin)
    await ctx.session.flush()
    await attach(ctx.session, project, ctx.person, checkin, ctx.now)
    ctx.touch(project)
    ctx.audit(
        "checkin",
        f"{cmd.status.value}" + (f": {cmd.note}" if cmd.note else ""),
        project,
        after={"status": cmd.status.value, "note": cmd.note},
    )
    return Reply.ok(f"Checked in on {project.name}: {cmd.status.value}. Thank you.")


async def record_review(ctx: Ctx, cmd: c.RecordReview) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, MEMBERS, "record a review")
    ctx.session.add(
        Review(
            project_id=project.id,  # type: ignore[arg-type]
            phase=project.phase,
            notes=cmd.note,
            actor_id=ctx.person_id,
            at=ctx.now,
        )
    )
    ctx.touch(project)
    ctx.audit(
        "review.done",
        f"{project.phase} review" + (f": {cmd.note}" if cmd.note else ""),
        project,
        after={"phase": project.phase, "notes": cmd.note},
    )
    days = project.review_every_days or ctx.policy.review_every_days
    due = (ctx.now + timedelta(days=days)).date().isoformat()
    return Reply.ok(f"Review of {project.name} recorded for {project.phase}; next one due {due}.")
