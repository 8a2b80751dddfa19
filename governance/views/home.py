"""A person's home: what waits on them (their `todo`), their projects, their next check-in."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance import commands as c
from governance.phases import CLOSED, OrgRole, Phase
from governance.policy import Policy
from governance.portfolio import summaries
from governance.replies import Action, Field, Reply, Row
from governance.tables import Membership, Person, Project
from governance.values import WEEKDAYS
from governance.views.status import HEALTH_MARK
from governance.views.todo import owed, summary


def next_checkin(project: Project, tz: str, now: datetime) -> datetime:
    """The next scheduled check-in slot of a project in the person's own zone."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    hour, minute = (int(part) for part in project.checkin_time.split(":"))
    days_ahead = (project.checkin_weekday - local.weekday()) % 7
    slot = (local + timedelta(days=days_ahead)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    if slot <= local:
        slot += timedelta(days=7)
    return slot


async def home_reply(
    session: AsyncSession, person: Person, roles: set[OrgRole], policy: Policy, now: datetime
) -> Reply:
    mine = (
        await session.exec(
            select(Project, Membership.role)
            .join(Membership, col(Membership.project_id) == col(Project.id))
            .where(Membership.person_id == person.id)
            .order_by(col(Project.slug))
        )
    ).all()
    projects: dict[str, tuple[Project, list[str]]] = {}
    for project, role in mine:
        projects.setdefault(project.slug, (project, []))[1].append(role)
    # What waits on the person comes first; their projects follow.
    waiting = await owed(session, person, policy, now)
    rows = [
        Row(
            f"{project.name} (`{slug}`) — {project.phase}",
            detail="you: " + ", ".join(r),
            actions=(Action("Status", c.Status(slug)),),
        )
        for slug, (project, r) in projects.items()
    ]
    fields = []
    active = [p for p, _ in projects.values() if Phase(p.phase) not in CLOSED]
    if active:
        slot = min(next_checkin(p, person.tz, now) for p in active)
        fields.append(
            Field(
                "Next check-in",
                f"{WEEKDAYS[slot.weekday()].capitalize()} {slot:%Y-%m-%d %H:%M} ({person.tz})",
            )
        )
    if OrgRole.MANAGER in roles or OrgRole.ADMIN in roles:
        everything = await summaries(session, policy, now)
        red = [s for s in everything if s.health.value == "red"]
        fields.append(
            Field(
                "Portfolio",
                f"{len(everything)} projects, "
                + " · ".join(
                    f"{HEALTH_MARK[h]} {sum(1 for s in everything if s.health.value == h)}"
                    for h in ("red", "amber", "green")
                ),
            )
        )
        # Each red project with its reasons, as status and the portfolio say them.
        fields.append(
            Field(
                "Red", ", ".join(f"{s.slug} ({'; '.join(s.reasons)})" for s in red[:10]) or "none"
            )
        )
    on = (
        f"You are on {len(projects)} project{'s' if len(projects) != 1 else ''}."
        if projects
        else "You are on no project yet. Start one with `new <name>`."
    )
    return Reply(
        text=f"{summary(waiting)} {on}",
        title=f"mlgov — {person.display_name}",
        fields=fields,
        rows=waiting + rows,
        actions=[Action("Portfolio", c.Portfolio()), Action("Help", c.Help())],
        query=True,
    )
