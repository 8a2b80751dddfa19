"""The portfolio read model: one SQL statement for every project's summary, two for its members'
check-ins (governance.health_signals), however many projects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, func, outerjoin
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.derived import (
    SPONSORSHIP_LAPSED,
    CostFigures,
    delivery,
    health,
    health_inputs,
    yearly_cost,
)
from governance.forced import ForcedMove, forced_into_current
from governance.health_signals import Signals, member_signals
from governance.phases import Health, Phase, Standing, rank
from governance.policy import Policy
from governance.rhythm.aftercare_store import reattestations
from governance.tables import CostEstimate, Membership, Person, Project, Review, Transition


@dataclass(slots=True)
class Summary:
    slug: str
    name: str
    phase: Phase
    delivery: Standing
    health: Health
    reasons: tuple[str, ...]
    owner: str | None
    sponsor: str | None
    accepted_at: datetime | None
    live_since: datetime | None
    sponsorship_lapsed: bool
    forced: ForcedMove | None = None  # the phase it is in was reached by force


PHASES = {phase.value: phase for phase in Phase}
FORCER = aliased(Person, name="forcer")
NO_SIGNALS = Signals()


def _person_in_role(role: str):  # noqa: ANN202 - a SQL expression
    return (
        select(Person.display_name)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.project_id == Project.id, Membership.role == role)
        .order_by(col(Membership.id))
        .limit(1)
        .scalar_subquery()
    )


def _latest_cost(column):  # noqa: ANN001, ANN202 - a SQL expression
    return (
        select(column)
        .where(CostEstimate.project_id == Project.id)
        .order_by(col(CostEstimate.at).desc(), col(CostEstimate.id).desc())
        .limit(1)
        .scalar_subquery()
    )


def statement() -> Select:
    """Every project with what its summary needs, as plain rows (no ORM objects)."""
    last_review = (
        select(func.max(Review.at))
        .where(Review.project_id == Project.id, Review.phase == Project.phase)
        .scalar_subquery()
    )
    sponsor_confirmed = exists().where(
        col(Membership.project_id) == col(Project.id),
        col(Membership.role) == "sponsor",
        col(Membership.confirmed_at).is_not(None),
    )
    return select(  # type: ignore[call-overload, misc]
        Project.id,
        Project.slug,
        Project.name,
        Project.phase,
        Project.phase_entered_at,
        Project.accepted_at,
        Project.live_since,
        Project.sponsorship_renewed_at,
        Project.review_every_days,
        _person_in_role("owner").label("owner"),
        _person_in_role("sponsor").label("sponsor"),
        Project.target_date,
        Project.budget,
        sponsor_confirmed.label("sponsor_confirmed"),
        _latest_cost(CostEstimate.monthly).label("cost_monthly"),
        _latest_cost(CostEstimate.fte).label("cost_fte"),
        _latest_cost(CostEstimate.ops_hours_month).label("cost_ops"),
        last_review.label("last_review"),
        col(Transition.forced).label("forced"),
        col(Transition.at).label("forced_at"),
        col(Transition.reason).label("forced_reason"),
        col(FORCER.display_name).label("forced_by"),
    ).select_from(
        # The latest transition only when it forced the project into the phase it is in.
        outerjoin(Project, Transition, forced_into_current()).outerjoin(
            FORCER, col(FORCER.id) == col(Transition.actor_id)
        )
    )


async def summaries(
    session: AsyncSession,
    policy: Policy,
    now: datetime,
    *,
    phase: Phase | None = None,
    health_is: Health | None = None,
    sponsor_id: int | None = None,
    done_not_live: bool = False,
) -> list[Summary]:
    query = statement()
    if phase is not None:
        query = query.where(col(Project.phase) == phase.value)
    if sponsor_id is not None:
        query = query.where(
            exists().where(
                col(Membership.project_id) == col(Project.id),
                col(Membership.role) == "sponsor",
                col(Membership.person_id) == sponsor_id,
            )
        )
    if done_not_live:
        query = query.where(
            col(Project.accepted_at).is_not(None),
            col(Project.phase).in_([Phase.DEVELOPMENT.value, Phase.DEPLOYMENT.value]),
        )
    result = await session.exec(query)  # type: ignore[call-overload]
    # Members' latest check-ins and missed rounds for every project: two statements.
    signals = await member_signals(session)
    attestations = await reattestations(session, policy, now)  # after go-live: one more
    out: list[Summary] = []
    for row in result.all():
        member = signals.get(row.id, NO_SIGNALS)
        inputs = health_inputs(
            row,
            last_review_at=row.last_review,
            has_sponsor=row.sponsor is not None,
            sponsor_confirmed=bool(row.sponsor_confirmed),
            latest_checkins=member.latest_checkins,
            missed_in_a_row=member.missed_in_a_row,
            yearly=yearly_cost(CostFigures(row.cost_monthly, row.cost_fte, row.cost_ops), policy),
            reattestation=attestations.get(row.id),
        )
        level, reasons = health(inputs, policy, now)
        if health_is is not None and level != health_is:
            continue
        out.append(
            Summary(
                slug=row.slug,
                name=row.name,
                phase=PHASES[row.phase],
                delivery=delivery(row.phase, row.accepted_at),
                health=level,
                reasons=tuple(reasons),
                owner=row.owner,
                sponsor=row.sponsor,
                accepted_at=row.accepted_at,
                live_since=row.live_since,
                sponsorship_lapsed=SPONSORSHIP_LAPSED in reasons,
                forced=ForcedMove(row.forced_by, row.forced_at, row.forced_reason)
                if row.forced
                else None,
            )
        )
    out.sort(key=lambda s: (rank(s.phase), s.slug))
    return out
