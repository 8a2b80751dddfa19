"""Cost of ownership: the latest estimate and its drift from the first."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from governance.derived import CostFigures, percent_over, yearly_cost
from governance.policy import Policy
from governance.replies import Field, Reply, Row, Tone
from governance.tables import CostEstimate, Project
from governance.values import format_amount, format_size


def drift(first: float | Decimal | None, latest: float | Decimal | None) -> str:
    if first is None or latest is None:
        return ""
    if first == 0:
        return "" if latest == 0 else " (new)"
    # Rounded once, so that "no drift" and "+0%" are never both said of one change.
    change = round((float(latest) - float(first)) / float(first) * 100)
    if change == 0:
        return " (no drift)"
    return f" ({change:+d}% since first estimate)"


def revisions(count: int) -> str:
    return f"{count:,} revision" + ("" if count == 1 else "s")


def figures(first: CostEstimate | None, latest: CostEstimate) -> list[Field]:
    """The figures of ``latest``, each with its drift from ``first`` (None: none shown)."""

    def since(old: float | Decimal | None, new: float | Decimal | None) -> str:
        return "" if first is None else drift(old, new)

    was = first or latest
    return [
        Field(
            "Monthly cost",
            format_amount(latest.monthly) + since(was.monthly, latest.monthly)
            if latest.monthly is not None
            else "—",
        ),
        Field(
            "Data ingest",
            format_size(latest.ingest_gb_day)
            + "/day"
            + since(was.ingest_gb_day, latest.ingest_gb_day)
            if latest.ingest_gb_day is not None
            else "—",
        ),
        Field(
            "Storage",
            format_size(latest.storage_gb) + since(was.storage_gb, latest.storage_gb)
            if latest.storage_gb is not None
            else "—",
        ),
        Field(
            "Access",
            f"{latest.access_users:,} users" + since(was.access_users, latest.access_users)
            if latest.access_users is not None
            else "—",
        ),
        Field(
            "People",
            f"{latest.fte:g} FTE" + since(was.fte, latest.fte) if latest.fte is not None else "—",
        ),
        Field(
            "Operating effort",
            f"{latest.ops_hours_month:g} hours/month"
            + since(was.ops_hours_month, latest.ops_hours_month)
            if latest.ops_hours_month is not None
            else "—",
        ),
    ]


def yearly_text(yearly: Decimal | None, budget: Decimal | None) -> str:
    """``186,000 of budget 150,000 — 24% over``: the yearly cost of ownership against the budget."""
    if yearly is None:
        return "no estimate yet"
    if budget is None:
        return f"{format_amount(yearly)} (no budget set)"
    text = f"{format_amount(yearly)} of budget {format_amount(budget)}"
    over = percent_over(yearly, budget)
    return text + (f" — {over:,}% over" if over is not None else "")


def cost_summary(costs: list[CostEstimate]) -> str:
    if not costs:
        return "no estimate yet"
    first, latest = costs[0], costs[-1]
    if latest.monthly is None:
        return f"{revisions(len(costs))}, no monthly figure"
    return f"{format_amount(latest.monthly)}/month{drift(first.monthly, latest.monthly)}"


async def cost_reply(
    session: AsyncSession, project: Project, changed: bool = False, policy: Policy | None = None
) -> Reply:
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
            context=f"Add one: cost {project.slug} ingest:50GB/day storage:2TB access:120 "
            "monthly:4500 fte:1.5 ops:40/month",
            query=True,
        )
    first, latest = costs[0], costs[-1]
    # Each revision's drift is measured from the first estimate, as the summary's is: the
    # latest line and the summary say the same thing.
    rows = [
        Row(
            f"{estimate.at.date().isoformat()} · {estimate.phase}",
            detail=", ".join(
                f"{f.label.lower()} {f.value}"
                for f in figures(first if index else None, estimate)
                if f.value != "—"
            ),
        )
        for index, estimate in enumerate(costs)
    ]
    text = (
        f"Cost estimate of {project.name} revised: {revisions(len(costs))}."
        if changed
        else f"Cost of ownership of {project.name}: {revisions(len(costs))}."
    )
    return Reply(
        text=text,
        title=f"{project.name} — cost of ownership",
        fields=[
            *figures(first, latest),
            Field("Budget", format_amount(project.budget)),
            *(
                [Field("Yearly cost", yearly_text(_yearly(latest, policy), project.budget))]
                if policy is not None
                else []
            ),
        ],
        rows=rows,
        query=not changed,
        tone=Tone.OK if changed else Tone.INFO,
    )


def _yearly(latest: CostEstimate, policy: Policy) -> Decimal | None:
    return yearly_cost(CostFigures(latest.monthly, latest.fte, latest.ops_hours_month), policy)
