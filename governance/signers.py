"""Who may sign a readiness item, and the evidence it needs: the policy's words, read purely.

A manual gate item names its signers in the policy (``signers = [...]``, any one of them may
sign), who may never sign it (``never = [...]``, even when a signer word fits) and whether
a link to the evidence is required (``evidence = true``). The words:

- ``owner``: a project owner; ``sponsor``: the project's sponsor, once they confirmed;
- ``member:<role>``: a member with that project role, e.g. ``member:it``;
- ``org:<role>``: a person holding that org role, e.g. ``org:ethics``;
- ``item-owner``: the item's named owner (``ready <p> <key> owner:@u``);
- ``item-owner-or-owner``: the item's named owner if it has one, else a project owner.

``never`` takes ``owner`` and ``sponsor``; a named sponsor who has not yet said yes is
the sponsor here too. Nothing here touches the database: the handler gathers the facts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from governance.phases import OrgRole, ProjectRole

if TYPE_CHECKING:
    from governance.policy import GateItem

OWNER = "owner"
SPONSOR = "sponsor"
ITEM_OWNER = "item-owner"
ITEM_OWNER_OR_OWNER = "item-owner-or-owner"
MEMBER = "member:"
ORG = "org:"
PLAIN_WORDS = (OWNER, SPONSOR, ITEM_OWNER, ITEM_OWNER_OR_OWNER)
NEVER_WORDS = (OWNER, SPONSOR)
# A manual item that names no signers.
DEFAULT_SIGNERS = (ITEM_OWNER_OR_OWNER,)
# `member:` names the roles a member holds besides owning or sponsoring (those have words).
MEMBER_ROLES = tuple(
    r.value for r in ProjectRole if r not in (ProjectRole.OWNER, ProjectRole.SPONSOR)
)
ORG_ROLES = tuple(r.value for r in OrgRole)
WORDS_HELP = (
    "owner, sponsor, member:<project role>, org:<org role>, item-owner or item-owner-or-owner"
)


def word_problem(word: object) -> str | None:
    """Why ``word`` is not a signer word, or None when it is one."""
    if not isinstance(word, str):
        return f"a signer is a word in quotes, not {word!r} (say {WORDS_HELP})"
    if word in PLAIN_WORDS:
        return None
    if word.startswith(MEMBER):
        role = word.removeprefix(MEMBER)
        if role in MEMBER_ROLES:
            return None
        if role in (ProjectRole.OWNER, ProjectRole.SPONSOR):
            return f"unknown signer {word!r}: say {role!r}"
        return f"unknown project role in {word!r} (project roles: {', '.join(MEMBER_ROLES)})"
    if word.startswith(ORG):
        if word.removeprefix(ORG) in ORG_ROLES:
            return None
        return f"unknown org role in {word!r} (org roles: {', '.join(ORG_ROLES)})"
    return f"unknown signer word {word!r} (say {WORDS_HELP})"


def never_problem(word: object) -> str | None:
    if word in NEVER_WORDS:
        return None
    return f"unknown `never` word {word!r} (say owner and/or sponsor)"


@dataclass(frozen=True)
class Signer:
    """The person who says `ready … done`, with the roles they hold."""

    person_id: int
    project_roles: frozenset[ProjectRole] = frozenset()
    org_roles: frozenset[OrgRole] = frozenset()


@dataclass(frozen=True)
class Parties:
    """The project's people an item's rule speaks of."""

    owners: frozenset[int] = frozenset()
    sponsors: frozenset[int] = frozenset()  # confirmed: they said yes
    unconfirmed_sponsors: frozenset[int] = frozenset()  # named, not yet answered
    item_owner: int | None = None  # the item's named owner


def _fits(word: str, signer: Signer, parties: Parties) -> bool:
    person = signer.person_id
    if word == OWNER:
        return person in parties.owners
    if word == SPONSOR:
        return person in parties.sponsors
    if word == ITEM_OWNER:
        return parties.item_owner is not None and person == parties.item_owner
    if word == ITEM_OWNER_OR_OWNER:
        if parties.item_owner is not None:
            return person == parties.item_owner
        return person in parties.owners
    if word.startswith(MEMBER):
        return word.removeprefix(MEMBER) in {r.value for r in signer.project_roles}
    if word.startswith(ORG):
        return word.removeprefix(ORG) in {r.value for r in signer.org_roles}
    return False


def _barred(word: str, signer: Signer, parties: Parties) -> bool:
    person = signer.person_id
    if word == OWNER:
        return person in parties.owners
    if word == SPONSOR:
        return person in parties.sponsors or person in parties.unconfirmed_sponsors
    return False


def may_sign(item: GateItem, signer: Signer, parties: Parties) -> bool:
    if any(_barred(word, signer, parties) for word in item.never):
        return False
    return any(_fits(word, signer, parties) for word in item.signers)


def _phrase(word: str) -> str:
    if word == OWNER:
        return "the owner"
    if word == SPONSOR:
        return "the sponsor"
    if word == ITEM_OWNER:
        return "the item's named owner"
    if word == ITEM_OWNER_OR_OWNER:
        return "the item's named owner, else the project owner"
    if word.startswith(MEMBER):
        return f"a member with role {word.removeprefix(MEMBER)}"
    return f"someone with the org role {word.removeprefix(ORG)}"


def who_signs(item: GateItem) -> str:
    """Who may sign ``item``, in plain words."""
    phrases = [_phrase(word) for word in item.signers]
    joiner = "; or " if any("," in p for p in phrases) else " or "
    who = joiner.join(phrases)
    barred = [word for word in NEVER_WORDS if word in item.never]
    if barred:
        who += f" who is not the {' or '.join(barred)}"
    return who


def refusal(item: GateItem, slug: str) -> str:
    """The one line that refuses a signature and says who may sign instead."""
    return (
        f"`{item.key}` on {slug} is signed by {who_signs(item)} — ask one with "
        f"`ready {slug} {item.key} request @u`."
    )


_HOST = re.compile(r"[\w.-]+|[0-9A-Fa-f:.]+")


def link_problem(text: str) -> str | None:
    """Why ``text`` is not an https link, or None when it is one."""
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in text):
        return "it has spaces in it"
    if "\\" in text:
        return "it has a backslash in it"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        return "it is not a link"
    if parts.scheme != "https":
        return "it is not https"
    if not parts.hostname or not _HOST.fullmatch(parts.hostname):
        return "it has no host"
    if parts.username is not None or parts.password is not None:
        return "it has a user name in it"
    return None


def evidence_problem(item: GateItem, evidence: str | None) -> str | None:
    """Why ``evidence`` will not do for signing ``item``, or None when it will: where the
    policy requires evidence it must be there; any evidence given must be an https link."""
    what = "the review" if item.label.endswith("review") else "where it is recorded"
    wanted = f"add evidence:https://… (a link to {what})"
    if not evidence:
        return f"`{item.key}` needs evidence: {wanted}." if item.evidence else None
    problem = link_problem(evidence)
    if problem is None:
        return None
    return f"Evidence for `{item.key}` must be an https:// link ({problem}): {wanted}."
