"""What health reads from members' check-ins, for one project or all, in two statements.

Each current member's latest check-in (a teammate's later "on track" hides nobody's
"blocked"), and how many of their latest rounds they missed in a row. Set-based: the
portfolio derives health for every project from these two statements, not one per project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exists, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.phases import CheckinStatus
from governance.states import RoundState
from governance.tables import Checkin, CheckinRound, Membership

IN_A_ROW = 2  # two missed rounds in a row turn a project red


@dataclass(slots=True)
class Signals:
    latest_checkins: tuple[str, ...] = ()  # only the ones that are not "on track"
    missed_in_a_row: int = 0


async def member_signals(
    session: AsyncSession, project_ids: Sequence[int] | None = None
) -> dict[int, Signals]:
    """Signals by project id (all projects when ``project_ids`` is None); absent: none."""
    found: dict[int, Signals] = {}
    db = await session.connection()
    for project_id, status in await db.execute(_latest_checkins(project_ids)):
        signals = found.setdefault(project_id, Signals())
        signals.latest_checkins = (*signals.latest_checkins, status)
    streaks: dict[tuple[int, int], int] = {}
    for project_id, person_id, rank in await db.execute(_missed(project_ids)):
        # Rank 1 is the member's latest settled round: a streak counts from it unbroken.
        key = (project_id, person_id)
        if rank == streaks.get(key, 0) + 1:
            streaks[key] = rank
    for (project_id, _), streak in streaks.items():
        signals = found.setdefault(project_id, Signals())
        signals.missed_in_a_row = max(signals.missed_in_a_row, streak)
    return found


def _is_member(project_id, person_id):  # noqa: ANN001, ANN202 - SQL expressions
    return exists().where(
        col(Membership.project_id) == project_id, col(Membership.person_id) == person_id
    )


def _latest_checkins(project_ids: Sequence[int] | None):  # noqa: ANN202 - a statement
    ranked = select(  # type: ignore[call-overload]
        Checkin.project_id,
        Checkin.status,
        func.row_number()
        .over(
            partition_by=(col(Checkin.project_id), col(Checkin.person_id)),
            order_by=(col(Checkin.at).desc(), col(Checkin.id).desc()),
        )
        .label("rank"),
    ).where(_is_member(col(Checkin.project_id), col(Checkin.person_id)))
    if project_ids is not None:
        ranked = ranked.where(col(Checkin.project_id).in_(list(project_ids)))
    latest = ranked.subquery()
    return select(latest.c.project_id, latest.c.status).where(
        latest.c.rank == 1, latest.c.status != CheckinStatus.ON_TRACK.value
    )


def _missed(project_ids: Sequence[int] | None):  # noqa: ANN202 - a statement
    settled = [RoundState.ANSWERED.value, RoundState.MISSED.value]  # skipped: downtime
    ranked = select(  # type: ignore[call-overload]
        CheckinRound.project_id,
        CheckinRound.person_id,
        CheckinRound.state,
        func.row_number()
        .over(
            partition_by=(col(CheckinRound.project_id), col(CheckinRound.person_id)),
            order_by=(col(CheckinRound.slot_at).desc(), col(CheckinRound.id).desc()),
        )
        .label("rank"),
    ).where(
        col(CheckinRound.state).in_(settled),
        _is_member(col(CheckinRound.project_id), col(CheckinRound.person_id)),
    )
    if project_ids is not None:
        ranked = ranked.where(col(CheckinRound.project_id).in_(list(project_ids)))
    rounds = ranked.subquery()
    return (
        select(rounds.c.project_id, rounds.c.person_id, rounds.c.rank)
        .where(rounds.c.rank <= IN_A_ROW, rounds.c.state == RoundState.MISSED.value)
        .order_by(rounds.c.project_id, rounds.c.person_id, rounds.c.rank)
    )
