"""One project from idea to production and on to retired, through the console adapter."""

from __future__ import annotations

import io
import re

from adapters.console.chat import run
from bot.roles import change_role
from governance.service import Mlgov


async def chat(mlgov: Mlgov, who: str, *lines: str) -> list[str]:
    """Run the real console loop on a script; one printed reply per command."""
    out = io.StringIO()
    code = await run(mlgov, who, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    assert code == 0
    replies = out.getvalue().split("\n\n")
    assert replies[-1] == ""
    return replies[:-1]


async def one(mlgov: Mlgov, who: str, line: str) -> str:
    """The reply to one line (what waited in the person's inbox is shown first: left out)."""
    replies = await chat(mlgov, who, line)
    if replies[0].startswith("While you were away:"):
        return replies[-1]
    (reply,) = replies
    return reply


def refused_keys(reply: str) -> list[str]:
    match = re.search(r"open — ([a-z, -]+)\.", reply)
    assert match, reply
    return match.group(1).split(", ")


def field(reply: str, label: str) -> str:
    match = re.search(rf"^  {label}\s+(.*)$", reply, re.MULTILINE)
    assert match, f"no {label} in\n{reply}"
    return match.group(1)


async def test_idea_to_production_to_retired(mlgov, clock):
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    created = await one(mlgov, "alice", "new Churn Model risk:high")
    assert "✓ Created Churn Model (`churn-model`) in idea." in created

    # idea → experimentation: refuses with exactly the derived items missing.
    reply = await one(mlgov, "alice", "advance churn-model")
    assert reply.startswith("✗ churn-model cannot leave idea yet")
    assert refused_keys(reply) == ["sponsor", "budget", "objective", "criteria", "cost-estimate"]
    await chat(
        mlgov,
        "alice",
        "sponsor churn-model @bob budget:50k",
        'edit churn-model objective:"Cut monthly churn by 2 points"',
        'criteria churn-model add "AUC >= 0.80 on the March holdout"',
        "cost churn-model ingest:50GB/day storage:2TB access:100 monthly:5000",
    )
    await chat(mlgov, "bob", "sponsor churn-model confirm")  # a named sponsor counts once yes
    told, moved = await chat(mlgov, "alice", "advance churn-model")
    assert told.startswith("While you were away:\nbob agreed to sponsor Churn Model."), told
    assert "moved from idea to experimentation" in moved

    # experimentation → development.
    clock.advance(days=10)
    reply = await one(mlgov, "alice", "advance churn-model")
    assert refused_keys(reply) == [
        "data-access",
        "architecture-review",
        "criteria-confirmed",
        "cost-revised",
    ]
    await chat(
        mlgov,
        "alice",
        "ready churn-model data-access done evidence:https://wiki.example.com/data",
        'review churn-model done "architecture review with the platform team"',
        "cost churn-model monthly:6000",
    )
    await one(mlgov, "bob", "criteria churn-model confirm")
    assert "to development" in await one(mlgov, "alice", "advance churn-model")
    cost = await one(mlgov, "carol", "cost churn-model")
    assert "6,000 (+20% since first estimate)" in field(cost, "Monthly cost")

    # Criteria change with a reason; history shows both versions.
    clock.advance(days=5)
    changed = await one(
        mlgov,
        "alice",
        'criteria churn-model change 1 "AUC >= 0.82 on the March holdout" reason:"baseline improved"',
    )
    assert "(v2)" in changed
    history = await one(mlgov, "carol", "criteria churn-model history")
    assert "v1 (2026-03-02, idea, alice): AUC >= 0.80 on the March holdout" in history
    assert (
        "v2 (2026-03-17, development, alice): AUC >= 0.82 on the March holdout"
        " — reason: baseline improved" in history
    )

    # development → deployment: done, but not in production.
    reply = await one(mlgov, "alice", "advance churn-model")
    assert refused_keys(reply) == [
        "criteria-met",
        "sponsor-acceptance",
        "it-contact",
        "cost-revised",
    ]
    await chat(
        mlgov,
        "alice",
        "member churn-model add @carol role:ml",
        "member churn-model add @ivan role:it",
        "cost churn-model monthly:6500",
    )
    await one(mlgov, "carol", "criteria churn-model met 1")
    assert "done — not in production" in await one(mlgov, "bob", "accept churn-model")
    status = await one(mlgov, "dave", "status churn-model")
    assert field(status, "Delivery").startswith("done — not in production for 0 days")
    assert "to deployment. It is done — not in production yet." in await one(
        mlgov, "alice", "advance churn-model"
    )

    # deployment → production, with the high-risk items.
    clock.advance(days=30)
    status = await one(mlgov, "dave", "status churn-model")
    production_keys = [
        "pipeline-owner", "packaging", "monitoring", "alerting", "on-call", "sla",
        "rollback", "it-acceptance", "ethics", "compliance", "security",
    ]  # fmt: skip
    assert field(status, "Delivery") == (
        "done — not in production for 30 days; missing: " + ", ".join(production_keys)
    )
    reply = await one(mlgov, "alice", "advance churn-model")
    assert refused_keys(reply) == production_keys
    # Sign-offs bind: the owner signs the production items, IT accepts, and the reviews are
    # signed by the holders of the org roles, with a link.
    signed_by = {"it-acceptance": "ivan", "ethics": "erin", "compliance": "gina",
                 "security": "hal"}  # fmt: skip
    for who, role in (("erin", "ethics"), ("gina", "compliance"), ("hal", "security")):
        await change_role(mlgov, "console", "", who, role, grant_it=True)
    refusal = await one(mlgov, "ivan", "ready churn-model ethics done evidence:https://e/1")
    assert refusal.startswith("✗ `ethics` on churn-model is signed by someone with the org role")
    for key in production_keys[:-1]:
        evidence = f" evidence:https://reviews.example.com/{key}" if key in signed_by else ""
        await one(mlgov, signed_by.get(key, "alice"), f"ready churn-model {key} done{evidence}")
    reply = await one(mlgov, "alice", "advance churn-model")
    assert refused_keys(reply) == ["security"]
    await one(mlgov, "hal", "ready churn-model security done evidence:https://sec.example.com/1")
    assert "It is in production." in await one(mlgov, "alice", "advance churn-model")
    status = await one(mlgov, "dave", "status churn-model")
    assert field(status, "Delivery") == "in production since 2026-04-16, owner alice"

    # production → retired.
    reply = await one(mlgov, "alice", "advance churn-model")
    assert refused_keys(reply) == ["decommission-plan"]
    await one(mlgov, "alice", "ready churn-model decommission-plan done")
    assert "to retired" in await one(mlgov, "alice", "advance churn-model")
    assert field(await one(mlgov, "dave", "status churn-model"), "Delivery") == "retired"

    # History: every step, with its actor, oldest first.
    history = (await one(mlgov, "dave", "history churn-model")).splitlines()
    steps = [line.split(" · ", 2)[1:] for line in history if " UTC · " in line]
    assert steps[0] == ["alice", "created Churn Model (churn-model) in idea"]
    assert ["alice", "sponsor bob, budget 50,000"] in steps
    assert ["bob", "1 criteria confirmed in experimentation"] in steps
    assert ["carol", "criterion 1 met"] in steps
    assert ["bob", "accepted by the sponsor"] in steps
    moves = [s for s in steps if s[1].startswith("advanced ")]
    assert moves == [
        ["alice", "advanced idea → experimentation"],
        ["alice", "advanced experimentation → development"],
        ["alice", "advanced development → deployment"],
        ["alice", "advanced deployment → production"],
        ["alice", "advanced production → retired"],
    ]
    checked = {s[1].split(" ")[0]: s[0] for s in steps if s[1].split(" ")[1:2] == ["done"]}
    assert checked == {
        "data-access": "alice",
        **{key: signed_by.get(key, "alice") for key in production_keys},
        "decommission-plan": "alice",
    }
