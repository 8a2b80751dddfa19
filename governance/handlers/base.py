"""What every handler gets: the session, the speaker, the time, and shared look-ups."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance import audit
from governance.context import Actor, Conversation, Directory
from governance.errors import NotAllowed, UnknownProject
from governance.parser import Mention
from governance.people import person_for_mention
from governance.phases import OrgRole, ProjectRole
from governance.policy import Policy
from governance.slugs import slugify
from governance.tables import Membership, Person, Project


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

    @property
    def is_admin(self) -> bool:
        return OrgRole.ADMIN in self.org_roles

    @property
    def person_id(self) -> int:
        assert self.person.id is not None
        return self.person.id

    async def project(self, ref: str) -> Project:
        return await find_project(self.session, ref)

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
        """Refuse unless the speaker holds one of ``roles`` on the project (or is an admin)."""
        mine = await self.roles(project)
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

    async def mentioned(self, mention: Mention) -> Person:
        return await person_for_mention(self.session, self.actor, mention, self.now, self.directory)

    def audit(
        self,
        kind: str,
        summary: str,
        project: Project | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        audit.record(
            self.session,
            at=self.now,
            actor_id=self.person_id,
            platform=self.actor.platform,
            kind=kind,
            summary=summary,
            project_id=project.id if project else None,
            before=before,
            after=after,
        )

    def touch(self, project: Project) -> None:
        project.updated_at = self.now
        self.session.add(project)


async def find_project(session: AsyncSession, ref: str) -> Project:
    """A project by slug or name, case-insensitively; a near miss is suggested."""
    wanted = ref.strip()
    slug = slugify(wanted)
    statement = select(Project).where(
        or_(
            col(Project.slug) == wanted.lower(),
            col(Project.slug) == slug,
            func.lower(col(Project.name)) == wanted.lower(),
        )
    )
    project = (await session.exec(statement)).first()
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


async def person_name(session: AsyncSession, person_id: int | None) -> str:
    if person_id is None:
        return "the bot"
    person = await session.get(Person, person_id)
    return person.display_name if person else "someone"
