"""What every handler gets: the session, the speaker, the time, and shared look-ups."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance import audit, notices
from governance.context import Actor, Conversation, Directory
from governance.errors import Closed, Conflict, NotAllowed, UnknownProject
from governance.handlers.names import by_current_name, by_earlier_name
from governance.parser import Mention
from governance.people import person_for_mention
from governance.phases import CLOSED, OrgRole, ProjectRole
from governance.policy import Policy
from governance.replies import Reply
from governance.sending import Recipient
from governance.slugs import slugify
from governance.tables import Event, Membership, Person, Project

OWNER = {ProjectRole.OWNER}
SPONSOR = {ProjectRole.SPONSOR}
MEMBERS = set(ProjectRole)
CLOSED_PHASES = {phase.value for phase in CLOSED}


@dataclass
class Ctx:
    session: AsyncSession
    actor: Actor
    person: Person
    org_roles: set[OrgRole]
    now: datetime
    policy: Policy
    conversation: Conversation | None = None
    directory: Directory | None = None
    # The project this command changes, once it has changed it: named when a change made
    # by someone else at the same instant wins.
    changing: int | None = None
    # A decision (a route with decision=True, governance/verbs.py) is made on the project as it was when it was asked
    # for: if the project changed after that (an audit event newer than ``seen_event``, the
    # newest when the request came in), the decision is refused, not re-made.
    deciding: bool = False
    seen_event: int | None = None
    # A change (not a query) to a closed project is refused, unless the command is the one
    # way to reopen it (an admin's forced `advance`).
    writing: bool = False
    reopens: bool = False

    @property
    def is_admin(self) -> bool:
        return OrgRole.ADMIN in self.org_roles

    @property
    def person_id(self) -> int:
        assert self.person.id is not None
        return self.person.id

    async def project(self, ref: str) -> Project:
        project = await find_project(self.session, ref)
        if self.writing and not self.reopens and project.phase in CLOSED_PHASES:
            raise Closed(
                f"{project.slug} is {project.phase}: it is closed, and nothing on it changes. "
                f'An admin can reopen it with `advance {project.slug} to <phase> force reason:"…"`.'
            )
        if self.deciding and self.seen_event is not None:
            newer = await self.session.exec(
                select(Event.id)
                .where(Event.project_id == project.id, col(Event.id) > self.seen_event)
                .limit(1)
            )
            if newer.first() is not None:
                # Another change landed between the asking and now (two people, two servers,
                # the same instant): this decision was made on a state that is gone.
                raise Conflict((await raced(self.session, project)).text)
        return project

    async def roles(self, project: Project) -> set[ProjectRole]:
        rows = await self.session.exec(
            select(Membership.role).where(
                Membership.project_id == project.id, Membership.person_id == self.person_id
            )
        )
        return {ProjectRole(role) for role in rows}

    async def require(
        self, project: Project, roles: set[ProjectRole], doing: str, *, admin: bool = True
    ) -> set[ProjectRole]:
        """Refuse unless the speaker holds one of ``roles`` on the project (or is an admin).
        A sponsor holds their role once they said yes; asked and not yet answered, not yet."""
        mine = await self.roles(project)
        if mine & SPONSOR and not await self.said_yes(project):
            mine -= SPONSOR
            if roles & SPONSOR and not mine & roles and not (admin and self.is_admin):
                raise NotAllowed(
                    f"You are asked to sponsor {project.slug} and have not said yes yet: say "
                    f"`sponsor {project.slug} confirm` first, then {doing}."
                )
        if mine & roles or (admin and self.is_admin):
            return mine
        if roles == set(ProjectRole):
            who = f"members of {project.slug}"
        else:
            who = f"the {' or '.join(sorted(r.value for r in roles))} of {project.slug}"
        if admin:
            who += " or an admin"
        yours = f" (you are {', '.join(sorted(r.value for r in mine))})" if mine else ""
        raise NotAllowed(f"Only {who} can {doing}{yours}.")

    async def said_yes(self, project: Project) -> bool:
        """Whether the speaker, named the project's sponsor, has agreed to sponsor it."""
        confirmed = await self.session.exec(
            select(Membership.confirmed_at).where(
                Membership.project_id == project.id,
                Membership.person_id == self.person_id,
                Membership.role == ProjectRole.SPONSOR.value,
            )
        )
        return confirmed.first() is not None

    async def mentioned(self, mention: Mention) -> Person:
        return await person_for_mention(self.session, self.actor, mention, self.now, self.directory)

    def audit(
        self,
        kind: str,
        summary: str,
        project: Project | None = None,
        before: Any = None,
        after: Any = None,
    ) -> Event:
        return audit.record(
            self.session,
            at=self.now,
            actor_id=self.person_id,
            platform=self.actor.platform,
            actor_name=self.person.display_name,
            actor_identity=self.actor.user_id,
            kind=kind,
            summary=summary,
            project_id=project.id if project else None,
            before=before,
            after=after,
        )

    async def tell(
        self, event: Event, people: Iterable[int], reply: Reply, *, urgent: bool = False
    ) -> int:
        """Tell ``people`` (but the speaker, who has the answer) of ``event``, once each,
        through the outbox: in their working hours unless ``urgent``."""
        key = await self._event_key(event)
        others = set(people) - {self.person_id}
        return await notices.tell(self.session, others, key, reply, self.now, urgent=urgent)

    async def tell_channels(self, event: Event, project: Project, reply: Reply) -> int:
        """Tell the channels linked to ``project`` of ``event``, once each, at once."""
        key = await self._event_key(event)
        here = self.conversation
        said_in = (
            Recipient(here.platform, here.tenant, "channel", here.channel_id)
            if here is not None and here.channel_id
            else None
        )
        return await notices.tell_channels(
            self.session,
            project.id,  # type: ignore[arg-type]
            key,
            reply,
            self.now,
            said_in=said_in,
        )

    async def _event_key(self, event: Event) -> str:
        if event.id is None:
            await self.session.flush()
        return f"{event.kind}:{event.id}"

    def touch(self, project: Project) -> None:
        """Every change to a project goes through here: it bumps the project's version, and the
        change is written only if the project is still as it was read."""
        project.updated_at = self.now
        self.changing = project.id
        self.session.add(project)


async def find_project(session: AsyncSession, ref: str) -> Project:
    """A project by slug, name or a name it had before, case-insensitively in any script;
    a near miss is suggested."""
    wanted = ref.strip()
    slug = slugify(wanted)
    exact = col(Project.slug) == wanted.lower()
    named = func.lower(col(Project.name)) == wanted.lower()
    statement = (
        select(Project)
        .where(or_(exact, named, col(Project.slug) == slug))
        # A slug names one project for good (buttons carry it), then a name is what it says;
        # the slug a name would make comes last (two names may make one).
        .order_by(case((exact, 0), (named, 1), else_=2), col(Project.id))
        .limit(1)
    )
    project = (await session.exec(statement)).first()
    if project is not None and (
        wanted.isascii() or project.slug == wanted.lower() or project.name.lower() == wanted.lower()
    ):
        return project
    # Outside ASCII, SQL's lower() may have missed a current name; then a name the project
    # had before. A current name wins over an earlier one: a name given up may be taken again.
    project = (
        await by_current_name(session, wanted) or project or await by_earlier_name(session, wanted)
    )
    if project is not None:
        return project
    shown = wanted if len(wanted) <= 60 else wanted[:57] + "…"
    suggestion = ""
    if slug:
        candidates = (
            await session.exec(
                select(Project.slug).where(Project.slug.startswith(slug[:2])).limit(500)
            )  # type: ignore[attr-defined]
        ).all()
        close = difflib.get_close_matches(slug, candidates, n=1, cutoff=0.6)
        if close:
            suggestion = f" Did you mean `{close[0]}`?"
    raise UnknownProject(f"No project called “{shown}”.{suggestion} Say `portfolio` to list them.")


async def raced(session: AsyncSession, project: Project) -> Reply:
    """The answer to a decision that lost a race: what the winner did, and that this changed
    nothing, so the person decides again on what is really there."""
    latest = (
        await session.exec(
            select(Event).where(Event.project_id == project.id).order_by(col(Event.id).desc())
        )
    ).first()
    slug = project.slug
    who = f" by {latest.actor_name}" if latest is not None and latest.actor_name else ""
    if latest is None:
        what = f"{slug} changed a moment ago"
    elif project.phase == "abandoned" and latest.kind.startswith("phase."):
        what = f"{slug} was abandoned a moment ago{who}"
    elif latest.kind.startswith("phase."):
        what = f"{slug} moved to {project.phase} a moment ago{who}"
    elif latest.kind == "project.accepted":
        what = f"{slug} was accepted a moment ago{who}"
    else:
        what = f"{slug} changed a moment ago ({latest.summary}{who})"
    return Reply.error(f"{what}; nothing changed. See `status {slug}` and decide again.")
