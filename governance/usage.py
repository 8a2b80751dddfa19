"""The chat contract's forms and help texts: the one place command wording lives."""

from __future__ import annotations

USAGE: dict[str, str] = {
    "help": "help [command]",
    "new": 'new <name> [sponsor:@u] [owner:@u] [budget:<amount>] [risk:low|medium|high] [objective:"…"]',
    "edit": 'edit <project> [objective:"…"] [risk:low|medium|high] [budget:<amount>]',
    "status": "status <project>",
    "portfolio": "portfolio [phase:<phase>] [health:red|amber|green] [sponsor:@u] [done-not-live]",
    "advance": 'advance <project> [to <phase>] [force reason:"…"]',
    "abandon": 'abandon <project> reason:"…"',
    "sponsor": "sponsor <project> @u [budget:<amount>]  ·  sponsor <project> confirm",
    "accept": "accept <project>",
    "member": "member <project> add|remove @u [role:owner|sponsor|ml|it|lob|enduser]",
    "criteria": (
        'criteria <project> [add "…" | change <n> "…" reason:"…" | met <n> | '
        'waive <n> reason:"…" | confirm | history]'
    ),
    "ready": "ready <project> [<key> done [evidence:<url>] | <key> owner:@u]",
    "cost": "cost <project> [ingest:<size>/day] [storage:<size>] [access:<users>] [monthly:<amount>]",
    "checkin": 'checkin <project> on-track|at-risk|blocked ["note"]',
    "review": 'review <project> done ["notes"]',
    "history": "history <project>",
    "link": "link <project>",
    "schedule": (
        "schedule <project> checkin weekly|biweekly <day> <HH:MM>  ·  "
        "schedule <project> review <days>"
    ),
    "tz": "tz <IANA zone, e.g. Europe/Berlin>",
    "away": "away <YYYY-MM-DD> <YYYY-MM-DD>  ·  away clear",
}

SUMMARY: dict[str, str] = {
    "help": "this list, or the form of one command",
    "new": "start a project (you become its owner unless owner: says otherwise)",
    "edit": "set a project's objective, risk tier or budget (owner or admin)",
    "status": "phase, delivery status, health, gate items, criteria and costs of a project",
    "portfolio": "every project by phase and health, with filters",
    "advance": "move a project through its next gate (owner or admin; force: admin)",
    "abandon": "close a project with a reason (a negative result is a result)",
    "sponsor": "name the sponsor, or reconfirm sponsorship (sponsor)",
    "accept": "sponsor acceptance: the project is done",
    "member": "add or remove a member and their role",
    "criteria": "evaluation criteria: add, change with a reason, met, waive, confirm, history",
    "ready": "readiness items of the current gate, check one off or give it an owner",
    "cost": "revise the cost of ownership estimate, or show it with its drift",
    "checkin": "tell the team how the project is going",
    "review": "record a phase (architecture) review",
    "history": "every change to a project, with who and when",
    "link": "make this channel receive the project's reports",
    "schedule": "set the check-in rhythm or the review interval",
    "tz": "set your time zone",
    "away": "no prompts to you between two dates",
}

ORDER = [
    "status",
    "portfolio",
    "new",
    "edit",
    "advance",
    "abandon",
    "sponsor",
    "accept",
    "member",
    "criteria",
    "ready",
    "cost",
    "checkin",
    "review",
    "history",
    "link",
    "schedule",
    "tz",
    "away",
    "help",
]


def usage(verb: str) -> str:
    return USAGE[verb]
