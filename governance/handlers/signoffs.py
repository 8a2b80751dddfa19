"""Asking for a sign-off and refusing one: `ready <p> <key> request @u` and
`ready <p> <key> reject reason:"…"`. Signing is `ready <p> <key> done` (records.check_off);
who may sign is the policy's, read by governance.signers."""

from __future__ import annotations

from sqlmodel import col, select

from governance import commands as c
from governance import notices, signers
from governance.errors import BadCommand, Conflict, NotAllowed
from governance.handlers.base import MEMBERS, Ctx
from governance.handlers.records import _item, _manual_item, _parties
from governance.people import org_roles
from governance.phases import ProjectRole
from governance.replies import Reply
from governance.tables import Membership, Person, Project, ReadinessItem
from governance.views.signoffs import refusal_message, request_message


async def _signer(ctx: Ctx, project: Project, person_id: int) -> signers.Signer:
    """A person with the roles they hold, on the project and in the organisation."""
    roles = await ctx.session.exec(
        select(Membership.role).where(
            Membership.project_id == project.id, Membership.person_id == person_id
        )
    )
    return signers.Signer(
        person_id,
        frozenset(ProjectRole(role) for role in roles),
        frozenset(await org_roles(ctx.session, person_id)),
    )


def _signed(item: ReadinessItem, slug: str, what: str) -> Conflict:
    assert item.done_at is not None
    return Conflict(
        f"`{item.key}` on {slug} was signed on {item.done_at.date().isoformat()}; "
        f"there is nothing to {what}."
    )


async def request(ctx: Ctx, cmd: c.RequestSignoff) -> Reply:
    project = await ctx.project(cmd.project)
    rule = _manual_item(ctx, cmd.key, project.slug)
    await ctx.require(project, MEMBERS, "ask for a sign-off")
    item = await _item(ctx, project.id, rule.key)  # type: ignore[arg-type]
    if item.done_at is not None:
        raise _signed(item, project.slug, "ask")
    person = await ctx.mentioned(cmd.person)
    assert person.id is not None
    name = person.display_name
    signer = await _signer(ctx, project, person.id)
    if not signers.may_sign(rule, signer, await _parties(ctx, project, item)):
        raise NotAllowed(
            f"{name} may not sign `{rule.key}` on {project.slug}: "
            f"it is signed by {signers.who_signs(rule)}."
        )
    if person.id == ctx.person_id:
        raise BadCommand(
            f"You may sign `{rule.key}` yourself: `ready {project.slug} {rule.key} done`."
        )
    if item.requested_of == person.id and item.requested_at is not None:
        return Reply.ok(
            f"{name} was already asked to sign `{rule.key}` on "
            f"{item.requested_at.date().isoformat()}; nothing changed."
        )
    before = {"requested_of": item.requested_of}
    item.requested_of, item.requested_by, item.requested_at = person.id, ctx.person_id, ctx.now
    ctx.session.add(item)
    ctx.touch(project)
    event = ctx.audit(
        "ready.requested",
        f"{rule.key} sign-off asked of {name}",
        project,
        before=before,
        after={"requested_of": name},
    )
    message = request_message(ctx.person.display_name, rule, project.name, project.slug)
    await ctx.tell(event, [person.id], message)
    return Reply.ok(
        f"Asked {name} to sign `{rule.key}` on {project.name}; "
        "they get a message with Approve and Reject."
    )


async def refuse(ctx: Ctx, cmd: c.RefuseSignoff) -> Reply:
    project = await ctx.project(cmd.project)
    rule = _manual_item(ctx, cmd.key, project.slug)
    item = await _item(ctx, project.id, rule.key)  # type: ignore[arg-type]
    signer = await _signer(ctx, project, ctx.person_id)
    if not signers.may_sign(rule, signer, await _parties(ctx, project, item)):
        raise NotAllowed(
            f"Only someone who may sign `{rule.key}` on {project.slug} can refuse it: "
            f"{signers.who_signs(rule)}."
        )
    if item.done_at is not None:
        raise _signed(item, project.slug, "refuse")
    reason = (cmd.reason or "").strip()
    if not reason:
        raise BadCommand(
            f'Say why you refuse `{rule.key}`: `ready {project.slug} {rule.key} reject reason:"…"`.'
        )
    asker = item.requested_by
    before = {"requested_of": item.requested_of, "refused_reason": item.refused_reason}
    item.refused_by, item.refused_at, item.refused_reason = ctx.person_id, ctx.now, reason
    item.requested_of = item.requested_by = item.requested_at = None
    ctx.session.add(item)
    ctx.touch(project)
    event = ctx.audit(
        "ready.refused",
        f"{rule.key} refused: {reason}",
        project,
        before=before,
        after={"refused_reason": reason},
    )
    told = await notices.members(ctx.session, project.id, ProjectRole.OWNER)  # type: ignore[arg-type]
    if asker is not None:
        told.add(asker)
    told.discard(ctx.person_id)
    message = refusal_message(ctx.person.display_name, rule, project.slug, reason)
    await ctx.tell(event, told, message)
    names = sorted(
        await ctx.session.exec(select(Person.display_name).where(col(Person.id).in_(told)))
    )
    who = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    heard = f"; {who} {'is' if len(names) == 1 else 'are'} told" if names else ""
    return Reply.ok(f"You refused `{rule.key}` on {project.name}{heard}.")
