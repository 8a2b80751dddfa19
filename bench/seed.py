"""Fast, realistic bulk data: N projects with people, roles, check-ins, reviews, costs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from governance.phases import ORDER, Phase
from governance.tables import (
    Checkin,
    CostEstimate,
    Criterion,
    CriterionVersion,
    Identity,
    Membership,
    Person,
    Project,
    Review,
)

PHASES = [*ORDER, Phase.ABANDONED]
CHUNK = 2000


async def _bulk(conn, table, rows: list[dict]) -> None:  # noqa: ANN001
    for start in range(0, len(rows), CHUNK):
        await conn.execute(insert(table.__table__), rows[start : start + CHUNK])


async def seed(
    engine: AsyncEngine, n_projects: int, now: datetime, *, rng_seed: int = 7,
    n_people: int | None = None,
) -> None:  # fmt: skip
    """Insert ``n_projects`` projects (and about n/2 people) into an empty database."""
    rng = random.Random(rng_seed)
    n_people = n_people or max(10, n_projects // 2)
    people = [
        {"id": i, "display_name": f"person{i}", "tz": "Europe/Berlin", "created_at": now}
        for i in range(1, n_people + 1)
    ]
    identities = [
        {"id": i, "person_id": i, "platform": "console", "tenant": "", "external_id": f"person{i}"}
        for i in range(1, n_people + 1)
    ]
    projects, members, checkins, reviews, costs, criteria, versions = [], [], [], [], [], [], []
    for pid in range(1, n_projects + 1):
        phase = PHASES[pid % len(PHASES)]
        entered = now - timedelta(days=rng.randint(1, 60))
        accepted = (
            entered - timedelta(days=rng.randint(0, 30))
            if phase in (Phase.DEPLOYMENT, Phase.PRODUCTION, Phase.RETIRED)
            else None
        )
        projects.append(
            {
                "id": pid, "slug": f"project-{pid:05d}", "name": f"Project {pid:05d}",
                "objective": "Reduce cost", "budget": Decimal(50000), "risk": "medium",
                "phase": phase.value, "phase_entered_at": entered, "accepted_at": accepted,
                "sponsorship_renewed_at": now - timedelta(days=rng.randint(0, 120)),
                "live_since": entered if phase == Phase.PRODUCTION else None,
                "closed_reason": "no signal" if phase == Phase.ABANDONED else None,
                "checkin_cadence": "weekly", "checkin_weekday": 0, "checkin_time": "09:30",
                "review_every_days": None, "created_at": entered, "updated_at": now,
            }
        )  # fmt: skip
        owner, sponsor, ml = (rng.randint(1, n_people) for _ in range(3))
        for role, person in (("owner", owner), ("sponsor", sponsor), ("ml", ml)):
            members.append({"project_id": pid, "person_id": person, "role": role, "since": entered})
        for k in range(2):
            checkins.append(
                {
                    "project_id": pid, "person_id": ml,
                    "status": rng.choice(["on-track", "on-track", "at-risk", "blocked"]),
                    "note": None, "at": now - timedelta(days=7 * k + 1),
                }
            )  # fmt: skip
        reviews.append(
            {"project_id": pid, "phase": phase.value, "notes": None, "actor_id": owner,
             "at": now - timedelta(days=rng.randint(0, 40))}
        )  # fmt: skip
        for k in range(2):
            costs.append(
                {"project_id": pid, "phase": phase.value, "ingest_gb_day": 10.0 + k,
                 "storage_gb": 500.0, "access_users": 40, "monthly": Decimal(3000 + 500 * k),
                 "actor_id": owner, "at": entered + timedelta(days=k)}
            )  # fmt: skip
        for number in (1, 2):
            cid = (pid - 1) * 2 + number
            criteria.append(
                {"id": cid, "project_id": pid, "number": number, "status": "open",
                 "waive_reason": None, "created_at": entered}
            )  # fmt: skip
            versions.append(
                {"criterion_id": cid, "version": 1, "text": f"criterion {number}", "reason": None,
                 "phase": phase.value, "actor_id": owner, "at": entered}
            )  # fmt: skip
    async with engine.begin() as conn:
        await _bulk(conn, Person, people)
        await _bulk(conn, Identity, identities)
        await _bulk(conn, Project, projects)
        await _bulk(conn, Membership, members)
        await _bulk(conn, Checkin, checkins)
        await _bulk(conn, Review, reviews)
        await _bulk(conn, CostEstimate, costs)
        await _bulk(conn, Criterion, criteria)
        await _bulk(conn, CriterionVersion, versions)
        if engine.dialect.name == "postgresql":
            # Explicit ids leave the sequences behind; move them past what was inserted.
            for table in SQLModel.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement:
                    await conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                            f'GREATEST((SELECT max(id) FROM "{table.name}"), 1))'
                        )
                    )
