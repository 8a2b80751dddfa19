"""A person's own settings: time zone and away dates."""

from __future__ import annotations

from sqlmodel import col, delete, select

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


async def show_time_zone(ctx: Ctx, cmd: c.ShowTimeZone) -> Reply:
    return Reply(
        text=f"Your time zone is {ctx.person.tz}. Change it with `tz <IANA zone>`, "
        "like `tz Europe/Berlin`.",
        query=True,
    )


async def show_away(ctx: Ctx, cmd: c.ShowAway) -> Reply:
    spans = (
        await ctx.session.exec(
            select(AwaySpan)
            .where(
                col(AwaySpan.person_id) == ctx.person_id,
                col(AwaySpan.last_day) >= ctx.now.date(),
            )
            .order_by(col(AwaySpan.first_day), col(AwaySpan.id))
        )
    ).all()
    if not spans:
        return Reply(
            text="You have no away dates: prompts come on working days. "
            "Say `away <first day> <last day>` to pause them.",
            query=True,
        )
    shown = "; ".join(f"{span.first_day} to {span.last_day}" for span in spans)
    return Reply(text=f"No prompts to you from {shown}. Say `away clear` to end that.", query=True)


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
