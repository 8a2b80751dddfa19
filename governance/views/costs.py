"""Cost of ownership: the latest estimate and its drift from the first."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.replies import Field, Reply, Row, Tone
from governance.tables import CostEstimate, Project
from governance.values import format_amount, format_size


def drift(first: float | Decimal | None, latest: float | Decimal | None) -> str:
    if first is None or latest is None:
        return ""
    if first == 0:
        return "" if latest == 0 else " (new)"
    change = (float(latest) - float(first)) / float(first) * 100
    if abs(change) < 0.5:
        return " (no drift)"
    return f" ({change:+.0f}% since first estimate)"


def figures(first: CostEstimate, latest: CostEstimate) -> list[Field]:
    return [
        Field(
            "Monthly cost",
            format_amount(latest.monthly) + drift(first.monthly, latest.monthly)
            if latest.monthly is not None
            else "—",
        ),
        Field(
            "Data ingest",
            format_size(latest.ingest_gb_day)
            + "/day"
            + drift(first.ingest_gb_day, latest.ingest_gb_day)
            if latest.ingest_gb_day is not None
            else "—",
        ),
        Field(
            "Storage",
            format_size(latest.storage_gb) + drift(first.storage_gb, latest.storage_gb)
            if latest.storage_gb is not None
            else "—",
        ),
        Field(
            "Access",
            f"{latest.access_users:,} users" + drift(first.access_users, latest.access_users)
            if latest.access_users is not None
            else "—",
        ),
    ]


def cost_summary(costs: list[CostEstimate]) -> str:
    if not costs:
        return "no estimate yet"
    first, latest = costs[0], costs[-1]
    if latest.monthly is None:
        return f"{len(costs)} estimate(s), no monthly figure"
    return f"{format_amount(latest.monthly)}/month{drift(first.monthly, latest.monthly)}"


async def cost_reply(session: AsyncSession, project: Project, changed: bool = False) -> Reply:
    costs = list(
        await session.exec(
            select(CostEstimate)
            .where(CostEstimate.project_id == project.id)
            .order_by(col(CostEstimate.at), col(CostEstimate.id))
        )
    )
    if not costs:
        return Reply(
            text=f"{project.name} has no cost estimate yet.",
            context=f"Add one: cost {project.slug} ingest:50GB/day storage:2TB access:120 monthly:4500",
            query=True,
        )
    first, latest = costs[0], costs[-1]
    rows = [
        Row(
            f"{estimate.at.date().isoformat()} · {estimate.phase}",
            detail=", ".join(
                f"{f.label.lower()} {f.value}"
                for f in figures(estimate, estimate)
                if f.value != "—"
            ),
        )
        for estimate in costs
    ]
    text = (
        f"Cost estimate of {project.name} revised ({len(costs)} revisions)."
        if changed
        else f"Cost of ownership of {project.name}: {len(costs)} revision(s)."
    )
    return Reply(
        text=text,
        title=f"{project.name} — cost of ownership",
        fields=figures(first, latest),
        rows=rows,
        query=not changed,
        tone=Tone.OK if changed else Tone.INFO,
    )
