"""A seeded generator of chat lines built from the grammar: every verb, every option (and
near misses of them), mentions of every shape, quotes, questions, names in many scripts,
markup that must stay text, broken and control characters, and very long tokens."""

from __future__ import annotations

import random
from collections.abc import Iterator

from governance.parser import MAX_LINE, OPTION_KEYS
from governance.questions import QUESTION_WORDS
from governance.verbs import VERBS as USAGE

VERBS = [*sorted(USAGE), "mlgov", "/mlgov", "STATUS", "Portfolio", "statsu", "x", "@bob", "😀"]
PROJECTS = ["churn-model", "Churn Model", '"Churn Model"', "fraud", "Нейросеть", "需要予測",
            "neiroset-dlia-kreditov", "café-crème", "nope", "churn-modle", "“Нейросеть”"]  # fmt: skip
WORDS = [
    "to", "force", "done", "add", "remove", "change", "met", "waive", "confirm", "history",
    "on-track", "at-risk", "blocked", "checkin", "review", "weekly", "biweekly", "mon",
    "friday", "09:30", "25:00", "1", "2", "0", "-1", "999999999999", "²", "١", "2026-03-05",
    "2026-02-30", "2026-W10-1", "Europe/Berlin", "europe/berlin", "America", "Etc/GMT+5",
    "../../etc/passwd", "production", "deployment", "retired", "abandoned", "clear", "red",
    "amber", "green", "lapsed", "done-not-live", "live", "purple", "sla", "data-access",
    "sponsor", "budget", "criteria", "cost-estimate", "https://wiki.example/x?a=1&b=<2>",
    "Note:", "accuracy:0.91", "x:y", "::", ":", "&amp;", "&lt;b&gt;", "<b>", "a & b < c > d",
    "<!channel>", "<!here>", "<https://evil.example|click>", "<#C123|general>", "*bold*",
    "`code`", "_it_", "~s~", "Robert'); DROP TABLE person;--", "$(reboot)", "%s%n", "{0}",
    "\u202eevil", "e\u0301", "\u200b", "\ufeff", "ｆｕｌｌ", "Ñandú", "Straße", "Ελληνικά",
    "עברית", "العربية", "हिन्दी", "한국어", "🚀", "👩‍👩‍👧", "🇩🇪", "\U0010ffff",
]  # fmt: skip
MENTIONS = ["@bob", "@Alice", "@carol", "@", "@" + "a" * 200, "@" + "b" * 201, "<@U123>",
            "<@U1|Bob Sponsor>", "<@aad-1|Ann>", "<@>", "<@U1|>", "<@" + "U" * 201 + ">",
            "<@U1|" + "L" * 201 + ">", "<@U1", "@бобр", "@Ünal"]  # fmt: skip
TYPOS = ["sponser", "ownr", "budjet", "rsk", "objectve", "nam", "phse", "helth", "reasn",
         "evidnce", "rol", "ingst", "storag", "acess", "montly", "page", "at", "https"]  # fmt: skip
VALUES = ["50k", "50 000", "$1.2M", "45,000 EUR", "1e9", "lots", "50GB/day", "2TB", "500mb",
          "120", "low", "high", "extreme", "idea", "ml", "it", "boss"]  # fmt: skip
BROKEN = ["\ud800", "\udfff", "\x00", "\x1b[31m", "\x7f", "\t", "\r\n", "\u2028", "\x85"]
QUESTIONS = [
    "which projects are at risk?", "who sponsors what?", "what is done but not in production?",
    "what did churn-model cost vs its budget?", "what did Churn Model cost?",
    "how is churn-model doing?", "who sponsors churn-model?", "what is the meaning of life?",
    "which projects are purple?", "what's done but not live?",
]  # fmt: skip


class Lines:
    """Chat lines, the same ones for the same seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def __iter__(self) -> Iterator[str]:
        while True:
            yield self.line()

    def line(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.05:
            return self.question()
        if roll < 0.07:
            return self.long_line()
        if roll < 0.82:
            parts = self.well_formed()
            if roll > 0.5:  # one token mistyped, dropped or added
                at = r.randrange(len(parts))
                how = r.random()
                if how < 0.4:
                    parts[at] = self.token()
                elif how < 0.6 and at:
                    del parts[at]
                else:
                    parts.insert(at + 1, self.token())
            return self.maybe_broken(" ".join(parts))
        verb = r.choice(VERBS)
        parts = [verb]
        if r.random() < 0.8:
            parts.append(r.choice(PROJECTS))
        parts += [self.token() for _ in range(r.randint(0, 6))]
        return self.maybe_broken(" ".join(parts))

    def maybe_broken(self, line: str) -> str:
        if self.rng.random() < 0.03:
            at = self.rng.randint(0, len(line))
            line = line[:at] + self.rng.choice(BROKEN) + line[at:]
        return line

    def well_formed(self) -> list[str]:
        """A line as the grammar reads it, with values picked at random."""
        r = self.rng
        verb = r.choice(sorted(_FORMS))
        return [verb, *_FORMS[verb](self)]

    def name(self) -> str:
        words = [self.rng.choice(NAME_WORDS) for _ in range(self.rng.randint(1, 4))]
        return " ".join(words)

    def mention(self) -> str:
        return self.rng.choice(MENTIONS[:4] + MENTIONS[6:9] + MENTIONS[-2:])

    def quoted(self) -> str:
        return '"' + " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(1, 5))) + '"'

    def some(self, *options: str) -> list[str]:
        return [o for o in options if self.rng.random() < 0.4]

    def token(self) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.35:
            return r.choice(WORDS)
        if kind < 0.5:
            return r.choice(MENTIONS)
        if kind < 0.7:
            key = r.choice(sorted(OPTION_KEYS))
            return f"{key}:{self.value()}"
        if kind < 0.78:
            return f"{r.choice(TYPOS)}:{self.value()}"
        if kind < 0.9:
            quote = r.choice(['"', "“", "'", "‘", "„"])
            closer = {"“": "”", "‘": "’", "„": "“"}.get(quote, quote)
            inner = " ".join(r.choice(WORDS) for _ in range(r.randint(0, 4)))
            return quote + inner + (closer if r.random() < 0.9 else "")
        if kind < 0.95:
            return "".join(chr(r.randint(0x20, 0x2FFF)) for _ in range(r.randint(1, 12)))
        return r.choice(WORDS + MENTIONS) * r.randint(20, 200)

    def value(self) -> str:
        r = self.rng
        pick = r.random()
        if pick < 0.5:
            return r.choice(VALUES)
        if pick < 0.7:
            return r.choice(MENTIONS)
        if pick < 0.85:
            return '"' + r.choice(VALUES + WORDS) + '"'
        return r.choice(WORDS)

    def question(self) -> str:
        r = self.rng
        if r.random() < 0.7:
            return r.choice(QUESTIONS)
        word = r.choice(sorted(QUESTION_WORDS))
        return " ".join([word, *(r.choice(WORDS) for _ in range(r.randint(0, 6)))]) + "?"

    def long_line(self) -> str:
        r = self.rng
        start = r.choice(["checkin churn-model on-track ", "new ", "status ", "criteria churn-model add ",
                          "what did ", "done not ", 'abandon churn-model reason:"'])  # fmt: skip
        unit = r.choice(WORDS + MENTIONS) + r.choice([" ", ""])
        size = r.choice([MAX_LINE - 1, MAX_LINE, MAX_LINE + 1, r.randint(100, MAX_LINE)])
        return (start + unit * (size // max(len(unit), 1) + 1))[:size]


NAME_WORDS = ["Churn", "Model", "Fraud", "Scoring", "Нейросеть", "для", "кредитов", "需要予測",
              "Café", "Crème", "Straße", "Ñandú", "Ops:", "Q3", "R&D", "<b>", "&amp;", "🚀",
              "2026", "Ελληνικά", "العربية", "x" * 60, "ｆｕｌｌ"]  # fmt: skip
PHASES = ["idea", "experimentation", "development", "deployment", "production", "retired"]
ITEMS = ["sponsor", "budget", "objective", "criteria", "cost-estimate", "risk-tier", "sla",
         "data-access", "monitoring", "teleport"]  # fmt: skip


def _project(g: Lines) -> str:
    return g.rng.choice(PROJECTS)


def _amount(g: Lines) -> str:
    return g.rng.choice(["50k", "1200", '"50 000"', "$1.2M", "0", "9999999999999"])


_FORMS = {
    "help": lambda g: g.some(g.rng.choice([*USAGE, "nothing"])),
    "new": lambda g: [g.name(), *g.some(f"sponsor:{g.mention()}", f"owner:{g.mention()}",
                                        f"budget:{_amount(g)}", "risk:high",
                                        f"objective:{g.quoted()}")],
    "edit": lambda g: [_project(g), g.rng.choice([f'name:"{g.name()}"', "risk:low",
                                                  f"budget:{_amount(g)}",
                                                  f"objective:{g.quoted()}"])],
    "status": lambda g: [_project(g)],
    "history": lambda g: [_project(g)],
    "accept": lambda g: [_project(g)],
    "link": lambda g: [_project(g)],
    "portfolio": lambda g: g.some("red", "at-risk", "blocked", "done", "lapsed", "development",
                                  f"sponsor:{g.mention()}", "health:amber", "phase:idea"),
    "advance": lambda g: [_project(g), *g.some(f"to {g.rng.choice(PHASES)}"),
                          *g.some(f"force reason:{g.quoted()}")],
    "abandon": lambda g: [_project(g), f"reason:{g.quoted()}"],
    "sponsor": lambda g: [_project(g), g.rng.choice(["confirm", g.mention()]),
                          *g.some(f"budget:{_amount(g)}")],
    "member": lambda g: [_project(g), *g.some(g.rng.choice(["add", "remove"]), g.mention(),
                                               f"role:{g.rng.choice(['it', 'ml', 'owner'])}")],
    "criteria": lambda g: [_project(g), *g.rng.choice([
        ["add", g.quoted()], ["change", "1", g.quoted(), f"reason:{g.quoted()}"],
        ["met", g.rng.choice(["1", "2", "9"])], ["waive", "1", f"reason:{g.quoted()}"],
        ["confirm"], ["history"], []])],
    "ready": lambda g: [_project(g), *g.rng.choice([
        [], [g.rng.choice(ITEMS), "done", *g.some("evidence:https://wiki/x")],
        [g.rng.choice(ITEMS), f"owner:{g.mention()}"]])],
    "cost": lambda g: [_project(g), *g.some("ingest:50GB/day", "storage:2TB", "access:120",
                                            f"monthly:{_amount(g)}")],
    "checkin": lambda g: [_project(g), g.rng.choice(["on-track", "at-risk", "blocked"]),
                          *g.some(g.quoted(), "done but not in production?")],
    "review": lambda g: [_project(g), "done", *g.some(g.quoted())],
    "schedule": lambda g: [_project(g), *g.rng.choice([
        ["checkin", "weekly", "mon", "09:30"], ["checkin", "biweekly", "fri", "14:00"],
        ["review", "14"]])],
    "tz": lambda g: g.some(g.rng.choice(["Europe/Berlin", "asia/tokyo", "America", "UTC"])),
    "away": lambda g: g.rng.choice([[], ["clear"], ["2026-04-01", "2026-04-03"],
                                    ["2026-12-24", "2027-01-02"]]),
}  # fmt: skip
