"""Loading what after-go-live planning needs for the projects in production."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, true
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.phases import Phase, RiskTier
from governance.policy import Policy
from governance.rhythm.aftercare import ATTESTED_KEYS, Production, reattestation
from governance.rhythm.bulk import among
from governance.rhythm.model import Member, ProjectState
from governance.tables import (
    Attestation,
    CostEstimate,
    OutcomeAnswer,
    Person,
    Project,
    ReadinessItem,
)


async def load(
    session: AsyncSession, projects: list[ProjectState], policy: Policy
) -> list[Production]:
    """The projects among ``projects`` in production, with who answers for what."""
    states = {p.id: p for p in projects if p.health.phase == Phase.PRODUCTION}
    if not states:
        return []
    ids = sorted(states)
    dialect = (await session.connection()).dialect
    live: dict[int, tuple] = {}
    owners: dict[tuple[int, str], int | None] = {}
    attested: dict[int, set[tuple[str, int]]] = {}
    outcomes: dict[int, set[tuple[int, int]]] = {}
    revised: dict[int, object] = {}
    for where in among(dialect, col(Project.id), ids):
        for pid, since, risk in await session.exec(
            select(Project.id, Project.live_since, Project.risk).where(where)  # type: ignore[call-overload]
        ):
            if pid is not None and since is not None:
                live[pid] = (since, RiskTier(risk) if risk else None)
    for where in among(dialect, col(ReadinessItem.project_id), ids):
        for pid, key, owner in await session.exec(
            select(ReadinessItem.project_id, ReadinessItem.key, ReadinessItem.owner_id).where(  # type: ignore[call-overload]
                where,
                col(ReadinessItem.key).in_(ATTESTED_KEYS),
                col(ReadinessItem.owner_id).is_not(None),
            )
        ):
            owners[(pid, key)] = owner
    for where in among(dialect, col(Attestation.project_id), ids):
        for pid, key, n in await session.exec(
            select(Attestation.project_id, Attestation.key, Attestation.cycle).where(where)  # type: ignore[call-overload]
        ):
            attested.setdefault(pid, set()).add((key, n))
    for where in among(dialect, col(OutcomeAnswer.project_id), ids):
        for pid, person, q in await session.exec(
            select(OutcomeAnswer.project_id, OutcomeAnswer.person_id, OutcomeAnswer.quarter).where(
                where
            )  # type: ignore[call-overload]
        ):
            outcomes.setdefault(pid, set()).add((person, q))
    for where in among(dialect, col(CostEstimate.project_id), ids):
        for pid, at in await session.exec(
            select(CostEstimate.project_id, func.max(CostEstimate.at))  # type: ignore[call-overload]
            .where(where)
            .group_by(col(CostEstimate.project_id))
        ):
            revised[pid] = at
    # Item owners who are not members of the project: their name and zone.
    outside = {
        person for (pid, _), person in owners.items()
        if all(m.person_id != person for m in states[pid].members)
    }  # fmt: skip
    others: dict[int, Member] = {}
    if outside:
        for who, name, tz in await session.exec(
            select(Person.id, Person.display_name, Person.tz).where(
                col(Person.id).in_(sorted(outside))
            )  # type: ignore[call-overload]
        ):
            if who is not None:
                others[who] = Member(who, name, tz, frozenset(), datetime.min.replace(tzinfo=UTC))
    found = []
    for pid, (since, risk) in live.items():
        state = states[pid]
        team = {m.person_id: m for m in state.members}
        project_owners = tuple(state.with_role("owner"))
        attesters = []
        for key in ATTESTED_KEYS:
            item = policy.item(key)
            if item is None or not item.applies_to(risk):
                continue
            owner = owners.get((pid, key))
            named = None if owner is None else team.get(owner) or others.get(owner)
            attesters.append((key, (named,) if named else project_owners))
        found.append(
            Production(
                pid, state.slug, state.name, since, project_owners, tuple(state.with_role("lob")),
                tuple(attesters), frozenset(attested.get(pid, ())),
                frozenset(outcomes.get(pid, ())), revised.get(pid),  # type: ignore[arg-type]
            )
        )  # fmt: skip
    return found


async def reattestations(
    session: AsyncSession, policy: Policy, now: datetime, project_ids: list[int] | None = None
) -> dict[int, str]:
    """Health's re-attestation input ("due" or "lapsed") of each project in production that
    has one; ``project_ids`` limits it to those projects."""
    statement = select(Project.id, Project.live_since, Project.risk).where(  # type: ignore[call-overload]
        Project.phase == Phase.PRODUCTION.value, col(Project.live_since).is_not(None)
    )
    live: dict[int, tuple] = {}
    dialect = (await session.connection()).dialect
    for where in (
        among(dialect, col(Project.id), project_ids) if project_ids is not None else [true()]
    ):
        for pid, since, risk in await session.exec(statement.where(where)):
            if pid is not None:
                live[pid] = (since, RiskTier(risk) if risk else None)
    if not live:
        return {}
    attested: dict[int, set[tuple[str, int]]] = {}
    for where in among(dialect, col(Attestation.project_id), sorted(live)):
        for pid, key, n in await session.exec(
            select(Attestation.project_id, Attestation.key, Attestation.cycle).where(where)  # type: ignore[call-overload]
        ):
            attested.setdefault(pid, set()).add((key, n))
    found = {}
    for pid, (since, risk) in live.items():
        keys = [
            k for k in ATTESTED_KEYS if (i := policy.item(k)) is not None and i.applies_to(risk)
        ]
        state = reattestation(since, keys, attested.get(pid, set()), now)
        if state is not None:
            found[pid] = state
    return found
