"""A phase reached by force: who forced it, when and why, wherever the phase is shown.

A project's current phase was reached by force when its latest transition, the one into
that phase, was forced by an admin (past the gate, or reopening a closed project).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.tables import Person, Project, Transition

MARK = "⚠ forced"


@dataclass(frozen=True, slots=True)
class ForcedMove:
    by: str | None  # the admin's display name
    at: datetime
    reason: str | None

    def text(self) -> str:
        """``forced by Ada on 2026-11-20: pilot``."""
        said = f"forced by {self.by or 'an admin'} on {self.at.date().isoformat()}"
        return said + (f": {self.reason}" if self.reason else "")


def latest_transition_id() -> ColumnElement:
    """The id of a project's latest transition, for a statement over projects."""
    other = aliased(Transition)  # not the Transition of the statement it goes in
    return (
        select(func.max(other.id))
        .where(col(other.project_id) == col(Project.id))
        .correlate(Project)
        .scalar_subquery()
    )


def forced_into_current() -> ColumnElement:
    """Join condition: the project's latest transition, forced, into the phase it is in."""
    return and_(
        col(Transition.id) == latest_transition_id(),
        col(Transition.forced).is_(True),
        col(Transition.to_phase) == col(Project.phase),
    )


async def forced_into(session: AsyncSession, project: Project) -> ForcedMove | None:
    """How ``project`` reached its phase, when that was by force; None when it was not."""
    row = (
        await session.exec(
            select(Transition, Person.display_name)  # type: ignore[call-overload]
            .outerjoin(Person, col(Person.id) == col(Transition.actor_id))
            .where(Transition.project_id == project.id)
            .order_by(col(Transition.id).desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    latest, by = row
    if not latest.forced or latest.to_phase != project.phase:
        return None
    return ForcedMove(by, latest.at, latest.reason)
