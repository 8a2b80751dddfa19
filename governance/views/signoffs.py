"""How a sign-off reads: who signed a readiness item, when and with what evidence; what is
asked of whom; the latest refusal; and the messages a request and a refusal send."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from governance import commands as c
from governance import signers
from governance.policy import GateItem
from governance.replies import Action, Reply
from governance.tables import ReadinessItem

Names = Callable[[int | None], str | None]


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def evidence_prompt(item: GateItem) -> str | None:
    """What a Done or Approve button asks for: the link, where the policy requires one."""
    return f"Link to the {item.label} (https://…)" if item.evidence else None


def signed(record: ReadinessItem, name_of: Names) -> str:
    """ "signed by erin, 2026-03-02, https://…" for a done item."""
    assert record.done_at is not None
    who = name_of(record.done_by)
    text = f"signed by {who}, {_day(record.done_at)}" if who else f"done {_day(record.done_at)}"
    return text + (f", {record.evidence}" if record.evidence else "")


def open_detail(record: ReadinessItem, name_of: Names) -> list[str]:
    """For an item not yet signed: its named owner, who it is asked of, the latest refusal."""
    parts = []
    if record.owner_id is not None:
        parts.append(f"owner {name_of(record.owner_id) or 'someone'}")
    if record.requested_of is not None and record.requested_at is not None:
        by = name_of(record.requested_by)
        parts.append(
            f"asked of {name_of(record.requested_of) or 'someone'} on {_day(record.requested_at)}"
            + (f" by {by}" if by else "")
        )
    if record.refused_at is not None:
        parts.append(
            f"refused by {name_of(record.refused_by) or 'someone'} on {_day(record.refused_at)}: "
            f"{record.refused_reason}"
        )
    return parts


def detail(record: ReadinessItem | None, name_of: Names) -> str | None:
    """The line under a manual item in status and `ready`."""
    if record is None:
        return None
    if record.done_at is not None:
        return signed(record, name_of)
    return "; ".join(open_detail(record, name_of)) or None


def request_message(asker: str, item: GateItem, project_name: str, slug: str) -> Reply:
    """The message a requested signer gets: Approve signs as them, Reject asks why."""
    how = "with a link to the evidence" if item.evidence else "as you"
    return Reply(
        text=f"{asker} asks you to sign `{item.key}` ({item.label}) on {project_name}.",
        title=f"Sign-off for {project_name}",
        actions=[
            Action("Approve", c.CheckOff(slug, item.key), "primary", evidence_prompt(item)),
            Action("Reject", c.RefuseSignoff(slug, item.key), "danger", "Why not?"),
            Action("Status", c.Status(slug)),
        ],
        context=f"Approve signs it {how}; Reject asks you why.",
    )


def refusal_message(refuser: str, item: GateItem, slug: str, reason: str) -> Reply:
    """What the owner (and whoever asked) hears when a signer says no."""
    return Reply(
        text=f"{refuser} refused `{item.key}` on {slug}: {reason}",
        actions=[Action("Status", c.Status(slug))],
        context=(
            f"`{item.key}` is signed by {signers.who_signs(item)} — ask one with "
            f"`ready {slug} {item.key} request @u`."
        ),
    )
