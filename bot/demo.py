"""`mlgov demo`: a realistic sample portfolio, played through the real service.

Each project's story is a script of chat commands said by its people at given days in
the past, so the demo exercises exactly what users do and its dates look lived-in.
Running it twice changes nothing: a project that exists is skipped whole.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from governance.clock import FixedClock
from governance.context import Actor
from governance.service import Mlgov
from governance.tables import Project

# (days ago, who, command)
Step = tuple[int, str, str]

_SETUP = [
    (200, "dana", "sponsor {p} @sam"),
    (200, "sam", "sponsor {p} confirm"),  # a sponsor counts once they say yes
    (200, "dana", 'criteria {p} add "AUC ≥ 0.80 on the last quarter holdout"'),
    (199, "dana", "cost {p} ingest:20GB/day storage:500GB access:40 monthly:3000"),
    (199, "dana", "member {p} add @kim role:ml"),
    (199, "dana", "member {p} add @ivan role:it"),
]
_TO_EXPERIMENTATION = [(190, "dana", "advance {p}")]
_TO_DEVELOPMENT = [
    (150, "dana", "ready {p} data-access done evidence:https://wiki.example.com/data-access"),
    (150, "dana", 'review {p} done "architecture review with platform team"'),
    (149, "sam", "criteria {p} confirm"),
    (149, "dana", "cost {p} monthly:3600 storage:800GB"),
    (148, "dana", "advance {p}"),
]
_TO_DEPLOYMENT = [
    (100, "kim", "criteria {p} met 1"),
    (100, "dana", "cost {p} monthly:4100"),
    (99, "sam", "accept {p}"),
    (98, "dana", "advance {p}"),
]
# Sign-offs bind: IT's items are named to ivan, who signs them and IT acceptance; the owner
# signs the rest.
_IT_ITEMS = ("packaging", "monitoring", "alerting", "on-call", "rollback")
_TO_PRODUCTION = (
    [(61, "dana", f"ready {{p}} {key} owner:@ivan") for key in _IT_ITEMS]
    + [(60, "ivan", f"ready {{p}} {key} done") for key in (*_IT_ITEMS, "it-acceptance")]
    + [
        (60, "dana", "ready {p} pipeline-owner done"),
        (60, "dana", "ready {p} sla done evidence:https://wiki.example.com/sla-99.5-percent"),
        (59, "dana", "advance {p}"),
    ]
)


# Sponsors reconfirm every 90 days; these did so recently. Support triage's sponsor did
# not, so its sponsorship has lapsed.
RECONFIRMED = {
    "churn-model",
    "invoice-ocr",
    "demand-forecast",
    "fraud-scoring",
    "price-elasticity",
    "search-ranking",
}
_RECONFIRM: Step = (25, "sam", "sponsor {p} confirm")


def _story(*parts: list[Step]) -> list[Step]:
    return [step for part in parts for step in part]


def _shift(steps: list[Step], days: int) -> list[Step]:
    return [(max(0, ago - days), who, cmd) for ago, who, cmd in steps]


DEMO: dict[str, tuple[str, list[Step]]] = {
    "churn-model": (
        "Churn model",
        _shift(
            _story(_SETUP, _TO_EXPERIMENTATION, _TO_DEVELOPMENT, _TO_DEPLOYMENT, _TO_PRODUCTION), 0
        )
        + [(3, "kim", 'checkin {p} on-track "retrain weekly"'), (5, "dana", "review {p} done")],
    ),
    "invoice-ocr": (
        "Invoice OCR",
        _story(_SETUP, _TO_EXPERIMENTATION, _TO_DEVELOPMENT, _TO_DEPLOYMENT)
        + [
            (2, "kim", 'checkin {p} at-risk "waiting on IT for monitoring"'),
            (10, "dana", "review {p} done"),
        ],
    ),
    "demand-forecast": (
        "Demand forecast",
        _shift(_story(_SETUP, _TO_EXPERIMENTATION, _TO_DEVELOPMENT), 120)
        + [
            (1, "kim", 'checkin {p} blocked "feature store access revoked"'),
            (3, "dana", "review {p} done"),
        ],
    ),
    "fraud-scoring": (
        "Fraud scoring",
        _story(_SETUP, _TO_EXPERIMENTATION)
        + [(8, "dana", "review {p} done"), (4, "kim", "checkin {p} on-track")],
    ),
    "support-triage": (
        "Support triage",
        _shift(_story(_SETUP), 80)
        + [(2, "dana", "review {p} done"), (2, "kim", "checkin {p} on-track")],
    ),
    "price-elasticity": (
        "Price elasticity",
        _story(_SETUP, _TO_EXPERIMENTATION) + [(6, "dana", "review {p} done")],
    ),
    "lead-scoring": (
        "Lead scoring",
        _story(_SETUP, _TO_EXPERIMENTATION)
        + [
            (
                1,
                "dana",
                'abandon {p} reason:"no model beat the rules-based baseline by more than 1%"',
            )
        ],
    ),
    "legacy-recommender": (
        "Legacy recommender",
        _story(_SETUP, _TO_EXPERIMENTATION, _TO_DEVELOPMENT, _TO_DEPLOYMENT, _TO_PRODUCTION)
        + [
            (
                20,
                "dana",
                "ready {p} decommission-plan done evidence:https://wiki.example.com/decom",
            ),
            (19, "dana", "advance {p}"),
        ],
    ),
    "contract-summariser": (
        "Contract summariser",
        [
            (
                4,
                "dana",
                'new "Contract summariser" '
                'objective:"Summarise supplier contracts for legal review" risk:high budget:60k',
            )
        ],
    ),
    "search-ranking": (
        "Search ranking",
        _shift(
            _story(_SETUP, _TO_EXPERIMENTATION, _TO_DEVELOPMENT, _TO_DEPLOYMENT, _TO_PRODUCTION), 30
        )
        + [(2, "dana", "review {p} done")],
    ),
}


def _creation(slug: str, name: str) -> Step:
    return (
        210,
        "dana",
        f'new "{name}" owner:@dana budget:80k risk:medium '
        f'objective:"Demo: {name.lower()} for the business"',
    )


async def load_demo(mlgov: Mlgov) -> list[str]:
    """Create every demo project that is not there yet; return the slugs created."""
    async with mlgov.uow() as uow:
        existing = set(await uow.session.exec(select(Project.slug)))
    clock = FixedClock(mlgov.clock.now())
    player = Mlgov(mlgov.engine, clock=clock, policy=mlgov.policy)
    start = mlgov.clock.now()
    await mlgov.handle("help", Actor("console", "", "dana", "dana"))  # dana exists first
    created = []
    for slug, (name, story) in DEMO.items():
        if slug in existing:
            continue
        steps = (
            story if story and story[0][2].startswith("new ") else [_creation(slug, name), *story]
        )
        if slug in RECONFIRMED:
            steps = [*steps, _RECONFIRM]
        for ago, who, command in sorted(steps, key=lambda s: -s[0]):
            clock.set(start - timedelta(days=ago, hours=-9))
            reply = await player.handle(command.format(p=slug), Actor("console", "", who, who))
            if reply.tone == "error":
                raise RuntimeError(f"demo step failed for {slug}: {command}: {reply.text}")
        created.append(slug)
    return created
