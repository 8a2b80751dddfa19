"""After go-live: re-attesting what keeps a project running, and the LoB's word on whether
it delivers its objective."""

from __future__ import annotations

from sqlmodel import select

from governance import commands as c
from governance import notices
from governance.errors import BadCommand, NotAllowed
from governance.handlers.base import Ctx
from governance.phases import Phase, ProjectRole
from governance.replies import Reply
from governance.rhythm import messages
from governance.rhythm.aftercare import ATTESTED_KEYS, cycle, quarter
from governance.tables import Attestation, OutcomeAnswer, Project, ReadinessItem


def _live(project: Project, doing: str) -> None:
    if project.phase != Phase.PRODUCTION or project.live_since is None:
        raise NotAllowed(
            f"{project.slug} is not in production ({project.phase}): nothing to {doing}."
        )


async def attest(ctx: Ctx, cmd: c.Attest) -> Reply:
    project = await ctx.project(cmd.project)
    if cmd.key not in ATTESTED_KEYS:
        raise BadCommand(
            f"`{cmd.key[:64]}` is not re-attested. Items re-attested: {', '.join(ATTESTED_KEYS)}."
        )
    _live(project, "re-attest")
    owner = (
        await ctx.session.exec(
            select(ReadinessItem.owner_id).where(
                ReadinessItem.project_id == project.id, ReadinessItem.key == cmd.key
            )
        )
    ).first()
    if owner is None or owner != ctx.person_id:
        # The item's named owner re-attests it; the project's owners answer for any item.
        await ctx.require(project, {ProjectRole.OWNER}, f"re-attest `{cmd.key}`", admin=False)
    assert project.id is not None and project.live_since is not None
    n = cycle(project.live_since, ctx.now)
    row = (
        await ctx.session.exec(
            select(Attestation).where(
                Attestation.project_id == project.id,
                Attestation.key == cmd.key,
                Attestation.cycle == n,
            )
        )
    ).first() or Attestation(project_id=project.id, key=cmd.key, cycle=n, person_id=ctx.person_id,
                             answer=cmd.answer, at=ctx.now)  # fmt: skip
    before = {"answer": row.answer, "note": row.note} if row.id is not None else None
    row.person_id, row.answer, row.note, row.at = ctx.person_id, cmd.answer, cmd.note, ctx.now
    ctx.session.add(row)
    await ctx.session.flush()
    ctx.touch(project)
    said = "still true" if cmd.answer == "still" else "changed"
    ctx.audit(
        "attest",
        f"{cmd.key} {said}" + (f": {cmd.note}" if cmd.note else ""),
        project,
        before=before,
        after={"key": cmd.key, "cycle": n, "answer": cmd.answer, "note": cmd.note},
    )
    if cmd.answer == "changed":
        owners = await notices.members(ctx.session, project.id, ProjectRole.OWNER.value)
        reply = messages.attest_changed(
            ctx.person.display_name, project.name, project.slug, cmd.key, cmd.note
        )
        await notices.tell(ctx.session, owners - {ctx.person_id},
                           f"attest-changed:{row.id}:{ctx.now.isoformat()}", reply, ctx.now)  # fmt: skip
        return Reply.ok(
            f"Recorded: `{cmd.key}` on {project.name} has changed. The owners are told; "
            f"check it off again with `ready {project.slug} {cmd.key} done` once it holds."
        )
    return Reply.ok(f"Recorded: `{cmd.key}` on {project.name} is still true. Thank you.")


async def record_outcome(ctx: Ctx, cmd: c.RecordOutcome) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(
        project, {ProjectRole.LOB}, "say whether it delivers its objective", admin=False
    )
    _live(project, "judge yet")
    assert project.id is not None and project.live_since is not None
    q = quarter(project.live_since, ctx.now)
    row = (
        await ctx.session.exec(
            select(OutcomeAnswer).where(
                OutcomeAnswer.project_id == project.id,
                OutcomeAnswer.person_id == ctx.person_id,
                OutcomeAnswer.quarter == q,
            )
        )
    ).first() or OutcomeAnswer(project_id=project.id, person_id=ctx.person_id, quarter=q,
                               answer=cmd.answer, at=ctx.now)  # fmt: skip
    before = {"answer": row.answer, "note": row.note} if row.id is not None else None
    row.answer, row.note, row.at = cmd.answer, cmd.note, ctx.now
    ctx.session.add(row)
    ctx.touch(project)
    ctx.audit(
        "outcome",
        f"delivers its objective: {cmd.answer}" + (f": {cmd.note}" if cmd.note else ""),
        project,
        before=before,
        after={"quarter": q, "answer": cmd.answer, "note": cmd.note},
    )
    return Reply.ok(f"Recorded: {project.name} delivers its objective: {cmd.answer}. Thank you.")
