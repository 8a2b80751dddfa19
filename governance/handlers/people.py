"""A person's own settings: time zone and away dates."""

from __future__ import annotations

from sqlmodel import col, delete

from governance import commands as c
from governance.errors import BadCommand
from governance.handlers.base import Ctx
from governance.replies import Reply
from governance.tables import AwaySpan


async def set_time_zone(ctx: Ctx, cmd: c.SetTimeZone) -> Reply:
    before = ctx.person.tz
    ctx.person.tz = cmd.zone
    ctx.session.add(ctx.person)
    ctx.audit(
        "person.tz",
        f"{ctx.person.display_name} time zone {cmd.zone}",
        before={"tz": before},
        after={"tz": cmd.zone},
    )
    return Reply.ok(f"Your time zone is now {cmd.zone}; prompts follow your local clock.")


async def set_away(ctx: Ctx, cmd: c.SetAway) -> Reply:
    if cmd.first is None or cmd.last is None:
        await ctx.session.exec(
            delete(AwaySpan).where(
                col(AwaySpan.person_id) == ctx.person_id,
                col(AwaySpan.last_day) >= ctx.now.date(),
            )  # type: ignore[arg-type]
        )
        ctx.audit("person.away", f"{ctx.person.display_name} cleared away dates")
        return Reply.ok("Away dates cleared; prompts resume.")
    if cmd.last < ctx.now.date():
        raise BadCommand("Those dates are in the past; give dates from today on.")
    ctx.session.add(AwaySpan(person_id=ctx.person_id, first_day=cmd.first, last_day=cmd.last))
    ctx.audit(
        "person.away",
        f"{ctx.person.display_name} away {cmd.first} – {cmd.last}",
        after={"first": cmd.first, "last": cmd.last},
    )
    return Reply.ok(f"No prompts to you from {cmd.first} to {cmd.last}.")
