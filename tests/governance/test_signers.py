"""Who may sign a readiness item, read from the policy's words, without a database."""

from __future__ import annotations

import pytest

from governance import signers
from governance.phases import OrgRole, ProjectRole
from governance.policy import GateItem, load_policy
from governance.signers import Parties, Signer, evidence_problem, may_sign, refusal, who_signs

OWNER, SPONSOR, NAMED_SPONSOR, IT, ETHICIST, ITEM_OWNER, STRANGER = 1, 2, 3, 4, 5, 6, 7
PARTIES = Parties(
    owners=frozenset({OWNER}),
    sponsors=frozenset({SPONSOR}),
    unconfirmed_sponsors=frozenset({NAMED_SPONSOR}),
)
ROLES: dict[int, set[ProjectRole]] = {
    OWNER: {ProjectRole.OWNER},
    SPONSOR: {ProjectRole.SPONSOR},
    NAMED_SPONSOR: {ProjectRole.SPONSOR},
    IT: {ProjectRole.IT},
}


def item(*words: str, never: tuple[str, ...] = (), evidence: bool = False) -> GateItem:
    return GateItem(
        "ethics", "ethics review", signers=words, never=frozenset(never), evidence=evidence
    )


def who(
    person: int, *, roles: set[ProjectRole] | None = None, org: set[OrgRole] | None = None
) -> Signer:
    return Signer(person, frozenset(ROLES.get(person, set()) if roles is None else roles),
                  frozenset(org or set()))  # fmt: skip


def signs(rule: GateItem, signer: Signer, parties: Parties = PARTIES) -> bool:
    return may_sign(rule, signer, parties)


def test_owner_means_a_project_owner():
    rule = item("owner")
    assert signs(rule, who(OWNER))
    assert not signs(rule, who(IT))
    assert not signs(rule, who(STRANGER, org={OrgRole.ADMIN}))  # admins do not sign for others


def test_sponsor_means_a_confirmed_sponsor():
    rule = item("sponsor")
    assert signs(rule, who(SPONSOR))
    assert not signs(rule, who(NAMED_SPONSOR))  # named, has not said yes
    assert not signs(rule, who(OWNER))


def test_member_role_means_a_member_with_that_project_role():
    rule = item("member:it")
    assert signs(rule, who(IT))
    assert not signs(rule, who(STRANGER, roles={ProjectRole.ML}))
    assert not signs(rule, who(STRANGER, org={OrgRole.ADMIN}))


def test_org_role_means_a_person_holding_it_anywhere():
    rule = item("org:ethics")
    assert signs(rule, who(ETHICIST, org={OrgRole.ETHICS}))
    assert not signs(rule, who(ETHICIST, org={OrgRole.SECURITY}))
    assert not signs(rule, who(OWNER))


def test_item_owner_means_the_named_owner_only():
    rule = item("item-owner")
    named = Parties(owners=frozenset({OWNER}), item_owner=ITEM_OWNER)
    assert signs(rule, who(ITEM_OWNER), named)
    assert not signs(rule, who(OWNER), named)
    assert not signs(rule, who(OWNER))  # nobody named: nobody signs


def test_item_owner_or_owner_falls_back_to_the_project_owner():
    rule = item("item-owner-or-owner")
    named = Parties(owners=frozenset({OWNER}), item_owner=ITEM_OWNER)
    assert signs(rule, who(ITEM_OWNER), named)
    assert not signs(rule, who(OWNER), named)
    assert signs(rule, who(OWNER))
    assert not signs(rule, who(IT))


def test_any_one_signer_word_is_enough():
    rule = item("owner", "member:it")
    assert signs(rule, who(OWNER)) and signs(rule, who(IT))
    assert not signs(rule, who(SPONSOR))


def test_never_bars_the_owner_even_with_a_fitting_role():
    rule = item("member:it", never=("owner",))
    assert signs(rule, who(IT))
    assert not signs(rule, who(OWNER, roles={ProjectRole.OWNER, ProjectRole.IT}))


def test_never_sponsor_bars_named_and_confirmed_sponsors():
    rule = item("org:ethics", never=("owner", "sponsor"))
    ethics = {OrgRole.ETHICS}
    assert signs(rule, who(ETHICIST, org=ethics))
    for person in (OWNER, SPONSOR, NAMED_SPONSOR):
        assert not signs(rule, who(person, org=ethics)), person


@pytest.mark.parametrize(
    ("words", "never", "expected"),
    [
        (("org:ethics",), ("owner", "sponsor"),
         "someone with the org role ethics who is not the owner or sponsor"),
        (("member:it",), ("owner",), "a member with role it who is not the owner"),
        (("item-owner-or-owner",), (), "the item's named owner, else the project owner"),
        (("owner", "member:it"), (), "the owner or a member with role it"),
        (("sponsor",), (), "the sponsor"),
        (("item-owner",), ("sponsor",), "the item's named owner who is not the sponsor"),
    ],
)  # fmt: skip
def test_who_signs_in_plain_words(words, never, expected):
    assert who_signs(item(*words, never=never)) == expected


def test_the_refusal_is_one_line_saying_who_and_how_to_ask():
    rule = item("org:ethics", never=("owner", "sponsor"))
    assert refusal(rule, "churn-model") == (
        "`ethics` on churn-model is signed by someone with the org role ethics who is not the "
        "owner or sponsor — ask one with `ready churn-model ethics request @u`."
    )


def test_required_evidence_must_be_there():
    rule = item("org:ethics", evidence=True)
    assert evidence_problem(rule, None) == (
        "`ethics` needs evidence: add evidence:https://… (a link to the review)."
    )
    assert evidence_problem(rule, "") is not None
    assert evidence_problem(rule, "https://wiki.example.com/ethics/42") is None


@pytest.mark.parametrize(
    ("evidence", "why"),
    [
        ("http://wiki.example.com/x", "it is not https"),
        ("javascript:alert(1)", "it is not https"),
        ("ftp://wiki.example.com/x", "it is not https"),
        ("wiki.example.com/x", "it is not https"),
        ("99.5%-business-hours", "it is not https"),
        ("https://wiki.example.com/a b", "it has spaces in it"),
        ("https://wiki.example.com/\tx", "it has spaces in it"),
        ("https://", "it has no host"),
        ("https:///path", "it has no host"),
        ("https:wiki.example.com", "it has no host"),
        ("https://<script>/", "it has no host"),
        ("https://user:pw@wiki.example.com/", "it has a user name in it"),
        ("https://wiki.example.com:99999/", "it is not a link"),
        ("https://[::1/", "it is not a link"),
        ("https://wiki.example.com\\@evil.com/", "it has a backslash in it"),
    ],
)
def test_evidence_given_must_be_an_https_link(evidence, why):
    for rule in (item("org:ethics", evidence=True), item("owner")):
        problem = evidence_problem(rule, evidence)
        assert problem == (
            f"Evidence for `ethics` must be an https:// link ({why}): "
            "add evidence:https://… (a link to the review)."
        )


@pytest.mark.parametrize(
    "evidence",
    ["https://wiki.example.com/x", "HTTPS://wiki.example.com", "https://wiki/sla",
     "https://[::1]:8443/r?id=1#top", "https://wiki.example.com/ethics%20review"],
)  # fmt: skip
def test_https_links_are_evidence(evidence):
    assert evidence_problem(item("org:ethics", evidence=True), evidence) is None


def test_evidence_is_optional_where_not_required():
    assert evidence_problem(item("owner"), None) is None


@pytest.mark.parametrize(
    ("word", "problem"),
    [
        ("owner", None), ("sponsor", None), ("item-owner", None), ("item-owner-or-owner", None),
        ("member:it", None), ("member:enduser", None), ("org:ethics", None), ("org:admin", None),
        ("boss", "unknown signer word 'boss'"),
        ("member:wizard", "unknown project role in 'member:wizard'"),
        ("member:owner", "say 'owner'"),
        ("org:wizard", "unknown org role in 'org:wizard'"),
        (3, "a signer is a word in quotes"),
    ],
)  # fmt: skip
def test_signer_words_are_checked(word, problem):
    found = signers.word_problem(word)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_the_default_policy_binds_as_the_product_says():
    policy = load_policy()

    def rule(key: str) -> GateItem:
        found = policy.item(key)
        assert found is not None
        return found

    for key in ("ethics", "compliance", "security"):
        assert (rule(key).signers, rule(key).never, rule(key).evidence) == (
            (f"org:{key}",),
            frozenset({"owner", "sponsor"}),
            True,
        )
    assert (rule("it-acceptance").signers, rule("it-acceptance").never) == (
        ("member:it",),
        frozenset({"owner"}),
    )
    assert rule("data-access").signers == ("owner", "member:it")
    for key in ("pipeline-owner", "packaging", "monitoring", "alerting", "on-call", "sla",
                "rollback", "decommission-plan"):  # fmt: skip
        assert (rule(key).signers, rule(key).never, rule(key).evidence) == (
            ("item-owner-or-owner",),
            frozenset(),
            False,
        )


def test_evidence_for_an_item_other_than_a_review_links_to_its_record():
    rule = GateItem("data-access", "data access agreed", signers=("owner",), evidence=True)
    assert evidence_problem(rule, None) == (
        "`data-access` needs evidence: add evidence:https://… (a link to where it is recorded)."
    )
