"""The chat contract's forms and help texts: the one place command wording lives."""

from __future__ import annotations

USAGE: dict[str, str] = {
    "help": "help [command]",
    "new": 'new <name> [sponsor:@u] [owner:@u] [budget:<amount>] [risk:low|medium|high] [objective:"…"]',
    "edit": 'edit <project> [name:"…"] [objective:"…"] [risk:low|medium|high] [budget:<amount>]',
    "status": "status <project>",
    "portfolio": (
        "portfolio [<phase>] [red|amber|green] [at-risk] [blocked] [done-not-live] [lapsed] "
        "[sponsor:@u]"
    ),
    "advance": 'advance <project> [to <phase>] [force reason:"…"]',
    "abandon": 'abandon <project> reason:"…"',
    "sponsor": "sponsor <project> @u [budget:<amount>]  ·  sponsor <project> confirm",
    "accept": "accept <project>",
    "member": "member <project> [add|remove @u [role:owner|sponsor|ml|it|lob|enduser]]",
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
    "tz": "tz [<IANA zone, e.g. Europe/Berlin>]",
    "away": "away [<YYYY-MM-DD> <YYYY-MM-DD> | clear]",
}

SUMMARY: dict[str, str] = {
    "help": "this list, or the form of one command",
    "new": "start a project (you become its owner unless owner: says otherwise)",
    "edit": "rename a project or set its objective, risk tier or budget (owner or admin)",
    "status": "phase, delivery status, health, gate items, criteria and costs of a project",
    "portfolio": "every project by phase and health; filter by phase, health, at-risk (red or "
    "amber), blocked, done-not-live, lapsed sponsorship or sponsor",
    "advance": "move a project through its next gate (owner or admin; force: admin)",
    "abandon": "close a project with a reason (a negative result is a result)",
    "sponsor": "name the sponsor, or reconfirm sponsorship (sponsor)",
    "accept": "sponsor acceptance: the project is done",
    "member": "list the members and their roles, or add or remove one",
    "criteria": "evaluation criteria: add, change with a reason, met, waive, confirm, history",
    "ready": "readiness items of the current gate, check one off or give it an owner",
    "cost": "revise the cost of ownership estimate, or show it with its drift",
    "checkin": "tell the team how the project is going",
    "review": "record a phase (architecture) review",
    "history": "every change to a project, with who and when",
    "link": "make this Slack or Teams channel receive the project's reports",
    "schedule": "set the check-in rhythm or the review interval",
    "tz": "show or set your time zone",
    "away": "no prompts to you between two dates; alone, shows your away dates",
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


# The options each command takes. Any other `key:value` word is refused with the nearest
# of these, except inside free text (a note, a criterion), where it is text: see
# governance/arguments.py for how the two are told apart.
OPTIONS: dict[str, tuple[str, ...]] = {
    "new": ("sponsor", "owner", "budget", "risk", "objective"),
    "edit": ("name", "objective", "risk", "budget"),
    "portfolio": ("phase", "health", "sponsor"),
    "advance": ("reason",),
    "abandon": ("reason",),
    "sponsor": ("budget",),
    "member": ("role",),
    "criteria": ("reason",),
    "ready": ("evidence", "owner"),
    "cost": ("ingest", "storage", "access", "monthly"),
}


def usage(verb: str) -> str:
    return USAGE[verb]
