"""Sign-offs bind: only the policy's signers sign a readiness item, with the evidence it needs.

Each refusal is one line that says who signs instead, and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.roles import change_role
from governance.errors import ConfigError
from governance.policy import DEFAULT_POLICY_PATH, load_policy
from governance.replies import Tone
from governance.service import Mlgov
from tests.conftest import say, snapshot

ETHICS_REFUSAL = (
    "`ethics` on churn-model is signed by someone with the org role ethics who is not the owner "
    "or sponsor — ask one with `ready churn-model ethics request @u`."
)
EVIDENCE = "evidence:https://wiki.example.com/ethics/churn-model"


async def in_deployment(mlgov: Mlgov) -> str:
    """churn-model, high risk, in deployment: owned by alice, sponsor bob (named), carol ml,
    ivan it, dave an end user; root is an admin and erin holds the org role ethics."""
    await change_role(mlgov, "console", "", "root", "admin", grant_it=True)
    await change_role(mlgov, "console", "", "erin", "ethics", grant_it=True)
    for line in (
        'new Churn Model sponsor:@bob budget:50k risk:high objective:"less churn"',
        "member churn-model add @carol role:ml",
        "member churn-model add @ivan role:it",
        "member churn-model add @dave role:enduser",
    ):
        assert (await say(mlgov, "alice", line)).tone == Tone.OK, line
    reply = await say(mlgov, "root", 'advance churn-model to deployment force reason:"pilot"')
    assert reply.tone == Tone.OK, reply.text
    return "churn-model"


@pytest.fixture
async def project(mlgov):
    return await in_deployment(mlgov)


async def refused(mlgov: Mlgov, engine, who: str, line: str) -> str:  # noqa: ANN001
    before = await snapshot(engine)
    reply = await say(mlgov, who, line)
    assert reply.tone == Tone.ERROR, reply.text
    assert "\n" not in reply.text
    assert await snapshot(engine) == before
    return reply.text


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("dave", "an end user"),
        ("alice", "the owner"),
        ("ivan", "a member without the org role"),
        ("bob", "the sponsor"),
        ("root", "an admin: admins do not sign for others"),
        ("mallory", "a stranger"),
    ],
)
async def test_only_the_org_role_signs_ethics(mlgov, engine, project, who, why):
    assert await refused(mlgov, engine, who, f"ready churn-model ethics done {EVIDENCE}") == (
        ETHICS_REFUSAL
    ), why


async def test_owner_and_sponsor_never_sign_even_holding_the_org_role(mlgov, engine, project):
    for who in ("alice", "bob"):  # bob is named, not yet confirmed: still the sponsor
        await change_role(mlgov, "console", "", who, "ethics", grant_it=True)
        text = await refused(mlgov, engine, who, f"ready churn-model ethics done {EVIDENCE}")
        assert text == ETHICS_REFUSAL


async def test_the_org_role_signs_with_an_https_link(mlgov, engine, project):
    reply = await say(mlgov, "erin", f"ready churn-model ethics done {EVIDENCE}")
    assert (reply.tone, reply.text) == (Tone.OK, "`ethics` is done for Churn Model.")
    history = await say(mlgov, "dave", "history churn-model")
    assert history.rows[-1].text.endswith(
        "erin · ethics done (https://wiki.example.com/ethics/churn-model)"
    )


async def test_a_role_granted_at_the_command_line_signs(mlgov, engine, project, capsys):
    await change_role(mlgov, "console", "", "Frank", "security", grant_it=True)
    reply = await say(mlgov, "frank", "ready churn-model security done evidence:https://sec/1")
    assert reply.tone == Tone.OK, reply.text


async def test_evidence_is_required_and_must_be_https(mlgov, engine, project):
    text = await refused(mlgov, engine, "erin", "ready churn-model ethics done")
    assert text == "`ethics` needs evidence: add evidence:https://… (a link to the review)."
    for link, why in (
        ("http://wiki.example.com/e", "it is not https"),
        ("javascript:alert(1)", "it is not https"),
        ('"https://wiki.example.com/a b"', "it has spaces in it"),
    ):
        text = await refused(
            mlgov, engine, "erin", f"ready churn-model ethics done evidence:{link}"
        )
        assert text == (
            f"Evidence for `ethics` must be an https:// link ({why}): "
            "add evidence:https://… (a link to the review)."
        )


async def test_evidence_given_for_any_item_is_an_https_link(mlgov, engine, project):
    text = await refused(mlgov, engine, "alice", "ready churn-model sla done evidence:99.5%")
    assert "must be an https:// link (it is not https)" in text
    reply = await say(mlgov, "alice", "ready churn-model sla done evidence:https://wiki/sla")
    assert reply.tone == Tone.OK


async def test_it_acceptance_is_never_the_owners_even_with_role_it(mlgov, engine, project):
    assert (await say(mlgov, "alice", "member churn-model add @alice role:it")).tone == Tone.OK
    text = await refused(mlgov, engine, "alice", "ready churn-model it-acceptance done")
    assert text == (
        "`it-acceptance` on churn-model is signed by a member with role it who is not the owner "
        "— ask one with `ready churn-model it-acceptance request @u`."
    )
    await refused(mlgov, engine, "carol", "ready churn-model it-acceptance done")
    assert (await say(mlgov, "ivan", "ready churn-model it-acceptance done")).tone == Tone.OK


async def test_a_production_item_is_signed_by_its_named_owner_else_the_owner(
    mlgov, engine, project
):
    assert (await say(mlgov, "alice", "ready churn-model monitoring owner:@ivan")).tone == Tone.OK
    text = await refused(mlgov, engine, "alice", "ready churn-model monitoring done")
    assert text == (
        "`monitoring` on churn-model is signed by the item's named owner, else the project owner "
        "— ask one with `ready churn-model monitoring request @u`."
    )
    assert (await say(mlgov, "ivan", "ready churn-model monitoring done")).tone == Tone.OK
    # Without a named owner, the project owner signs; nobody else.
    await refused(mlgov, engine, "ivan", "ready churn-model packaging done")
    await refused(mlgov, engine, "root", "ready churn-model packaging done")
    assert (await say(mlgov, "alice", "ready churn-model packaging done")).tone == Tone.OK


async def test_only_the_owner_names_an_items_owner(mlgov, engine, project):
    # Else anyone could name themselves and sign.
    text = await refused(mlgov, engine, "ivan", "ready churn-model sla owner:@ivan")
    assert text.startswith("Only the owner of churn-model or an admin can name who owns")


async def test_the_whole_gate_signed_by_the_right_people(mlgov, engine, project):
    await change_role(mlgov, "console", "", "gina", "compliance", grant_it=True)
    await change_role(mlgov, "console", "", "hal", "security", grant_it=True)
    for who, line in (
        *(("alice", f"ready churn-model {key} done") for key in (
            "pipeline-owner", "packaging", "monitoring", "alerting", "on-call", "sla",
            "rollback")),
        ("ivan", "ready churn-model it-acceptance done"),
        ("erin", f"ready churn-model ethics done {EVIDENCE}"),
        ("gina", "ready churn-model compliance done evidence:https://grc.example.com/7"),
        ("hal", "ready churn-model security done evidence:https://sec.example.com/1"),
    ):  # fmt: skip
        assert (await say(mlgov, who, line)).tone == Tone.OK, line
    assert "It is in production." in (await say(mlgov, "alice", "advance churn-model")).text


def _policy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


async def test_an_organisations_policy_changes_who_signs(engine, clock, tmp_path):
    path = _policy_with(
        tmp_path,
        'signers = ["member:it"], never = ["owner"]',
        'signers = ["org:security"], never = ["owner"]',
    )
    mlgov = Mlgov(engine, clock=clock, policy=load_policy(path))
    await in_deployment(mlgov)
    await change_role(mlgov, "console", "", "hal", "security", grant_it=True)
    text = await refused(mlgov, engine, "ivan", "ready churn-model it-acceptance done")
    assert "signed by someone with the org role security who is not the owner" in text
    assert (await say(mlgov, "hal", "ready churn-model it-acceptance done")).tone == Tone.OK
    # `help ready` says the organisation's rule, not the default one.
    helped = await say(mlgov, "ivan", "help ready")
    [row] = [r for r in helped.rows if r.text.startswith("it-acceptance")]
    assert row.detail == "someone with the org role security who is not the owner"


def test_a_malformed_policy_names_every_mistake(tmp_path):
    path = _policy_with(
        tmp_path,
        'signers = ["member:it"], never = ["owner"]',
        'signers = ["member:wizard", "boss"], never = ["everyone"], evidence = "yes"',
    )
    with pytest.raises(ConfigError) as error:
        load_policy(path)
    where = f"MLGOV_POLICY_PATH: {path}: gate deployment -> production, item `it-acceptance`: "
    assert str(error.value).splitlines() == [
        where + "unknown project role in 'member:wizard' (project roles: ml, it, lob, enduser)",
        where + "unknown signer word 'boss' (say owner, sponsor, member:<project role>, "
        "org:<org role>, item-owner or item-owner-or-owner)",
        where + "unknown `never` word 'everyone' (say owner and/or sponsor)",
        where + "`evidence` must be true or false, not 'yes'",
    ]


def test_mlgov_role_grants_and_lists_the_reviewers_roles(database_url, monkeypatch, capsys):
    monkeypatch.setenv("MLGOV_DATABASE_URL", database_url)
    monkeypatch.delenv("MLGOV_POLICY_PATH", raising=False)
    assert main(["role", "list"]) == 0
    assert capsys.readouterr().out == "No org roles granted yet.\n"
    for role in ("security", "ethics", "compliance"):
        assert main(["role", "grant", "carol", role]) == 0
        assert capsys.readouterr().out == f"carol is now {role}\n"
    assert main(["role", "grant", "Alice", "admin"]) == 0
    assert main(["role", "revoke", "carol", "compliance"]) == 0
    capsys.readouterr()
    assert main(["role", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "alice: admin (console alice)",
        "carol: ethics, security (console carol)",
    ]


def test_mlgov_role_grant_says_what_is_missing(database_url, monkeypatch, capsys):
    monkeypatch.setenv("MLGOV_DATABASE_URL", database_url)
    assert main(["role", "grant", "carol"]) == 2
    assert capsys.readouterr().err == (
        "mlgov: role grant: say who and which role, like `mlgov role grant carol security` "
        "(roles: admin, manager, ethics, compliance, security)\n"
    )
