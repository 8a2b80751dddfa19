"""Plain questions managers type ("which projects are at risk?"), read as the command
that answers them, or refused with the commands to use.

Only a whole line that starts with a question word is a question, so a check-in note that
happens to say "done but not in production?" stays a note. The line's length is checked
first, and every form is one anchored pattern over at most ``MAX_QUESTION`` characters
with at most one open-ended group, bounded: none can backtrack for long.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from governance import commands as c
from governance.errors import BadCommand
from governance.phases import Health, parse_phase

MAX_QUESTION = 200
QUESTION_WORDS = frozenset(
    {"what", "what's", "whats", "which", "who", "who's", "whose", "how", "where", "when", "why",
     "is", "are", "does", "do", "did", "can", "has", "have"}
)  # fmt: skip
HINT = (
    "I can't answer that question; ask for example “which projects are at risk?”, or say "
    "`portfolio at-risk`, `portfolio done-not-live`, `portfolio metrics`, `member <project>` "
    "or `cost <project>` "
    "(`help` lists every command)."
)

_DONE_NOT_LIVE = re.compile(
    r"(?:done|accepted)(?: (?:but|and))? not(?: yet)? (?:in production|live|deployed)"
)
_FILTERS: dict[str, c.Portfolio] = {
    "at risk": c.Portfolio(at_risk=True),
    "in trouble": c.Portfolio(at_risk=True),
    "not green": c.Portfolio(at_risk=True),
    "red or amber": c.Portfolio(at_risk=True),
    "amber or red": c.Portfolio(at_risk=True),
    "blocked": c.Portfolio(blocked=True),
    "lapsed": c.Portfolio(lapsed=True),
    "live": c.Portfolio(phase=parse_phase("production")),
    **{h.value: c.Portfolio(health=h) for h in Health},
}


def portfolio_filter(words: str) -> c.Portfolio | None:
    """The portfolio a few words ask for ("at risk", "in development", "done but not live")."""
    words = words.replace("-", " ").strip()
    if words in _FILTERS:
        return _FILTERS[words]
    if _DONE_NOT_LIVE.fullmatch(words):
        return c.Portfolio(done_not_live=True)
    phase = parse_phase(words.removeprefix("in ").removeprefix("the "))
    return c.Portfolio(phase=phase) if phase is not None else None


def _project(text: str) -> str:
    return text.strip("`\"'“”‘’ ")


_Form = tuple[re.Pattern[str], Callable[[re.Match[str]], c.Command | None]]
# "how many of our projects reach production this year?": the portfolio's metrics.
_HOW_MANY = r"how many (?:of (?:our|the) )?(?:(?:ml )?projects? )?(?:(?:have|has|did|do|does) )?"
_WHEN = r"(?: (?:this|last|a) year| in the last (?:12|twelve) months| so far| ever| at all)?"
_METRICS = "|".join(
    (
        _HOW_MANY + r"(?:(?:reach(?:es|ed)?|(?:gets?|got|makes? it|made it|go(?:es)?|went|gone)"
        r" (?:in)?to) (?:production|prod)|(?:go(?:es)?|went|gone) live)" + _WHEN,
        _HOW_MANY + r"(?:are|were|get|got|have been|has been) abandoned" + _WHEN,
        r"what(?:'s|s| is| are) (?:our|the) (?:(?:production |portfolio )?conversion(?: rate)?"
        r"|abandonment rate|success rate|portfolio metrics|metrics)",
        r"how long do (?:our )?projects (?:stay|spend|take|sit) in (?:each|a) phase",
    )
)
_P = r"(?P<p>.{1,120}?)"  # a project, by name or slug; lazy so the suffix decides
_FORMS: list[_Form] = [
    (re.compile(_METRICS), lambda m: c.PortfolioMetrics()),
    (re.compile(r"(?:which|what) projects? (?:are|is) (?P<f>[\w -]{1,60})"),
     lambda m: portfolio_filter(m["f"])),
    (re.compile(r"(?:which|what) projects? (?:have|has) (?:an? )?lapsed sponsor(?:ship)?s?"),
     lambda m: c.Portfolio(lapsed=True)),
    (re.compile(r"who (?:sponsors|owns) (?:what|which projects?|each project|the projects)"),
     lambda m: c.Portfolio()),
    (re.compile(r"what(?:'s| is) the (?:status|state) of " + _P),
     lambda m: c.Status(_project(m["p"]))),
    (re.compile(r"how is " + _P + r" (?:doing|going)"), lambda m: c.Status(_project(m["p"]))),
    (re.compile(r"who (?:sponsors|owns|works on|is on|is (?:the )?(?:sponsor|owner) of) " + _P),
     lambda m: c.ShowMembers(_project(m["p"]))),
    (re.compile(r"(?:what|how much) (?:did|does|has|do) " + _P + r" cost(?: so far| us)?"
                r"(?: (?:vs\.?|versus|against|compared (?:to|with)) (?:its|the|their) budget)?"),
     lambda m: c.ShowCost(_project(m["p"]))),
    (re.compile(r"what (?:do i owe|do i (?:need|have) to do|(?:is )?wait(?:s|ing) (?:on|for) me)"
                r"|what(?:'s|s| is) (?:on my (?:plate|list|to-?do(?: list)?)|wait(?:s|ing) (?:on|for) me)"),
     lambda m: c.Todo()),
    (re.compile(r"what(?:'s|s| is| are) (?:(?:all|everything|the projects?) )?"
                r"(?:(?:that|which)(?:'s| is| are) )?(?P<f>[\w -]{1,60})"),
     lambda m: portfolio_filter(m["f"])),
    (re.compile(r"what can (?:you|i) (?:do|say|ask)"), lambda m: c.Help()),
]  # fmt: skip


def read(line: str) -> c.Command | None:
    """The command a question asks for; None when the line is not a question (a command);
    BadCommand for a question this bot cannot answer."""
    first = line.split(" ", 1)[0].lower().replace("’", "'").rstrip("?,!.")
    if first not in QUESTION_WORDS:
        return None
    if len(line) > MAX_QUESTION:
        raise BadCommand(HINT)
    text = " ".join(line.lower().replace("’", "'").split()).rstrip("?!. ")
    for pattern, command in _FORMS:
        match = pattern.fullmatch(text)
        if match is not None:
            found = command(match)
            if found is not None:
                return found
    raise BadCommand(HINT)
