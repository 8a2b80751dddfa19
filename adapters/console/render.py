"""A reply as plain text for a terminal or a script."""

from __future__ import annotations

from governance.replies import Reply, Tone
from governance.spoken import said

_PREFIX = {Tone.ERROR: "✗ ", Tone.OK: "✓ ", Tone.INFO: ""}


def to_text(reply: Reply) -> str:
    lines: list[str] = []
    if reply.title and reply.title != reply.text:
        lines.append(reply.title)
        lines.append("─" * min(len(reply.title), 60))
    lines.append(_PREFIX[reply.tone] + reply.text)
    if reply.fields:
        width = max(len(f.label) for f in reply.fields)
        lines.extend(f"  {f.label.ljust(width)}  {f.value}" for f in reply.fields)
    for row in reply.rows:
        lines.append(f"  • {row.text}" if not row.text.startswith(" ") else f"  {row.text}")
        if row.detail:
            lines.append(f"      {row.detail}")
    if reply.context:
        lines.append(f"  {reply.context}")
    if reply.actions:
        lines.append("  → " + " · ".join(f"[{a.label}] {said(a.command)}" for a in reply.actions))
    return "\n".join(lines)
