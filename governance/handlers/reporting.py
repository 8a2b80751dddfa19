"""Handlers for where a project's reports go and when its check-ins and reviews come."""

from __future__ import annotations

from sqlmodel import select

from governance import commands as c
from governance.errors import Conflict
from governance.handlers.base import Ctx
from governance.phases import ProjectRole
from governance.replies import Reply
from governance.states import Platform
from governance.tables import ChannelLink
from governance.values import WEEKDAYS

OWNER = {ProjectRole.OWNER}


async def schedule_checkins(ctx: Ctx, cmd: c.ScheduleCheckins) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "change its schedule")
    before = {
        "cadence": project.checkin_cadence,
        "weekday": project.checkin_weekday,
        "time": project.checkin_time,
    }
    project.checkin_cadence, project.checkin_weekday, project.checkin_time = (
        cmd.cadence,
        cmd.weekday,
        cmd.at,
    )
    ctx.touch(project)
    after = {"cadence": cmd.cadence, "weekday": cmd.weekday, "time": cmd.at}
    day = WEEKDAYS[cmd.weekday].capitalize()
    ctx.audit(
        "schedule.checkin",
        f"check-ins {cmd.cadence} on {day} at {cmd.at}",
        project,
        before=before,
        after=after,
    )
    return Reply.ok(
        f"Check-ins for {project.name}: {cmd.cadence}, {day} {cmd.at} in each member's own time zone."
    )


async def schedule_reviews(ctx: Ctx, cmd: c.ScheduleReviews) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, OWNER, "change its schedule")
    before = project.review_every_days or ctx.policy.review_every_days
    project.review_every_days = cmd.days
    ctx.touch(project)
    ctx.audit(
        "schedule.review",
        f"phase review every {cmd.days} days",
        project,
        before={"days": before},
        after={"days": cmd.days},
    )
    return Reply.ok(f"Phase reviews for {project.name}: every {cmd.days} days.")


async def link(ctx: Ctx, cmd: c.Link) -> Reply:
    project = await ctx.project(cmd.project)
    await ctx.require(project, set(ProjectRole), "link a channel to it")
    where = ctx.conversation
    if where is None or where.channel_id is None:
        if (where.platform if where else ctx.actor.platform) == Platform.CONSOLE:
            raise Conflict(
                f"The console has no channels: say `link {project.slug}` in the Slack or Teams "
                "channel that should receive its reports."
            )
        raise Conflict(f"Say `link {project.slug}` in the channel that should receive its reports.")
    existing = (
        await ctx.session.exec(
            select(ChannelLink).where(
                ChannelLink.project_id == project.id,
                ChannelLink.platform == where.platform,
                ChannelLink.tenant == where.tenant,
                ChannelLink.channel_id == where.channel_id,
            )
        )
    ).first()
    shown = where.name or where.channel_id
    if existing is not None:
        return Reply.ok(f"This channel already receives {project.name}'s reports.")
    ctx.session.add(
        ChannelLink(
            project_id=project.id,  # type: ignore[arg-type]
            platform=where.platform,
            tenant=where.tenant,
            channel_id=where.channel_id,
            name=where.name,
            linked_at=ctx.now,
        )
    )
    ctx.audit(
        "channel.linked",
        f"reports go to {where.platform} channel {shown}",
        project,
        after={"platform": where.platform, "channel": where.channel_id},
    )
    return Reply.ok(f"This channel now receives {project.name}'s reports.")
