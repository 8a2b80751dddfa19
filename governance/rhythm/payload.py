"""Replies stored in the outbox as JSON, and read back."""

from __future__ import annotations

import json
from dataclasses import asdict

from governance.replies import Action, Field, Reply, Row, Tone


def dump(reply: Reply) -> str:
    return json.dumps(asdict(reply), ensure_ascii=False)


def load(text: str) -> Reply:
    data = json.loads(text)
    return Reply(
        text=data["text"],
        title=data.get("title"),
        fields=[Field(**f) for f in data.get("fields", [])],
        rows=[
            Row(r["text"], r.get("detail"), tuple(Action(**a) for a in r.get("actions", [])))
            for r in data.get("rows", [])
        ],
        actions=[Action(**a) for a in data.get("actions", [])],
        context=data.get("context"),
        tone=Tone(data.get("tone", "info")),
        query=data.get("query", False),
    )
