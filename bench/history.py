"""Past weeks of the rhythm for a seeded organisation: check-in rounds and sent prompts.

A live organisation's planning pass runs over tables that already hold weeks of rounds
and deliveries; a benchmark on empty rhythm tables would flatter it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.seed import _bulk
from governance.phases import CLOSED
from governance.rhythm import messages
from governance.rhythm.model import PROMPTED_ROLES, REMIND_AFTER, WINDOW
from governance.rhythm.occurrences import last_slot
from governance.rhythm.payload import dump
from governance.tables import CheckinRound, Delivery, Membership, Person, Project


async def seed_history(engine: AsyncEngine, now: datetime, weeks: int, rng_seed: int = 11) -> int:
    """Add ``weeks`` past weekly rounds for every prompted member of every active project,
    each answered or missed, with its prompt sent. Returns the rounds added."""
    rng = random.Random(rng_seed)
    async with engine.connect() as conn:
        members = (
            await conn.execute(
                select(
                    Membership.project_id,
                    Membership.person_id,
                    Project.slug,
                    Project.name,
                    Person.tz,
                    Person.display_name,
                )  # fmt: skip
                .join(Project, Project.id == Membership.project_id)
                .join(Person, Person.id == Membership.person_id)
                .where(Membership.role.in_(PROMPTED_ROLES))
                .where(Project.phase.not_in([p.value for p in CLOSED]))
                .distinct()
            )
        ).all()
    rounds, deliveries, payloads = [], [], {}
    for project_id, person_id, slug, name, tz, handle in members:
        payload = payloads.get(project_id) or payloads.setdefault(
            project_id, dump(messages.prompt(name, slug))
        )
        for week in range(1, weeks + 1):
            slot = last_slot(now - timedelta(weeks=week), tz, 0, "09:30", "weekly", now.date())
            answered = rng.random() < 0.7
            rounds.append(
                {"project_id": project_id, "person_id": person_id, "slot_at": slot,
                 "closes_at": slot + WINDOW, "state": "answered" if answered else "missed",
                 "reminded_at": None if answered else slot + REMIND_AFTER}
            )  # fmt: skip
            deliveries.append(
                {"key": f"prompt:{project_id}:{person_id}:{slot.isoformat()}",
                 "platform": "console", "tenant": "", "kind": "person", "target_id": handle,
                 "payload": payload, "status": "sent", "attempts": 1, "due_at": slot,
                 "created_at": slot, "sent_at": slot + timedelta(seconds=30)}
            )  # fmt: skip
    async with engine.begin() as conn:
        await _bulk(conn, CheckinRound, rounds)
        await _bulk(conn, Delivery, deliveries)
    return len(rounds)
