"""From tokens to a command: arity, option names and value checks, per verb."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from governance import commands as c
from governance import values
from governance.errors import BadCommand
from governance.parser import Mention, Parsed, Token, Word, parse
from governance.phases import CheckinStatus, Health, Phase, ProjectRole, RiskTier, parse_phase
from governance.usage import USAGE

_DONE_NOT_LIVE_QUESTION = re.compile(r"\bdone\b.*\bnot\b.*\b(in )?production\b", re.IGNORECASE)


class _Args:
    """The tokens after the verb, consumed as a command's grammar reads them."""

    def __init__(self, verb: str, parsed: Parsed) -> None:
        self.verb = verb
        self.args = list(parsed.args)
        self.options = dict(parsed.options)

    def fail(self, message: str) -> BadCommand:
        return BadCommand(message, usage=USAGE[self.verb])

    def project(self) -> str:
        if not self.args:
            raise self.fail("Which project? Name it by its slug or name.")
        token = self.args.pop(0)
        if isinstance(token, Mention):
            raise self.fail(f"`{token}` is a person; name the project first.")
        return token.text

    def word(self, what: str) -> str:
        if not self.args or isinstance(self.args[0], Mention):
            raise self.fail(f"Missing {what}.")
        return self.args.pop(0).text  # type: ignore[union-attr]

    def maybe_word(self) -> str | None:
        if self.args and isinstance(self.args[0], Word) and not self.args[0].quoted:
            return self.args.pop(0).text.lower()  # type: ignore[union-attr]
        return None

    def mention(self, what: str) -> Mention:
        if not self.args or not isinstance(self.args[0], Mention):
            raise self.fail(f"Missing {what}: mention them, like @name.")
        return self.args.pop(0)  # type: ignore[return-value]

    def rest_text(self) -> str | None:
        """Everything left, as free text (a note, a criterion)."""
        if not self.args:
            return None
        text = " ".join(str(t) if isinstance(t, Mention) else t.text for t in self.args).strip()
        self.args.clear()
        return text or None

    def option(self, key: str) -> Token | None:
        return self.options.pop(key, None)

    def text_option(self, key: str) -> str | None:
        token = self.option(key)
        if token is None:
            return None
        if isinstance(token, Mention):
            return str(token)
        return token.text.strip() or None

    def mention_option(self, key: str) -> Mention | None:
        token = self.option(key)
        if token is not None and not isinstance(token, Mention):
            raise self.fail(f"`{key}:` takes a person, like {key}:@name.")
        return token

    def number(self, what: str) -> int:
        word = self.word(what)
        if not word.isdigit() or len(word) > 6 or int(word) < 1:
            raise self.fail(f"`{word}` is not a {what}; criteria are numbered 1, 2, 3…")
        return int(word)

    def done(self) -> None:
        if self.options:
            keys = ", ".join(f"{key}:" for key in self.options)
            raise self.fail(f"`{self.verb}` does not take {keys}.")
        if self.args:
            extra = " ".join(str(t) if isinstance(t, Mention) else t.text for t in self.args)
            raise self.fail(f"I don't understand `{extra[:80]}` here.")


def read(line: str) -> c.Command:
    """Parse a chat line into a command, or raise BadCommand with the right form."""
    if _DONE_NOT_LIVE_QUESTION.search(line) and len(line) < 120 and "?" in line:
        return c.Portfolio(done_not_live=True)
    parsed = parse(line)
    verb = parsed.verb.lstrip("/")
    if verb == "mlgov" and parsed.args:  # "/mlgov status x" typed into a chat
        first = parsed.args.pop(0)
        verb = first.text.lower() if isinstance(first, Word) else ""
    builder = _BUILDERS.get(verb)
    if builder is None:
        shown = verb[:40]
        close = difflib.get_close_matches(verb, _BUILDERS, n=1, cutoff=0.7)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        raise BadCommand(
            f"I don't know the command `{shown}`.{hint} Say `help` to see what I can do."
        )
    args = _Args(verb, parsed)
    command = builder(args)
    args.done()
    return command


def _help(a: _Args) -> c.Command:
    topic = a.maybe_word()
    return c.Help(topic)


def _new(a: _Args) -> c.Command:
    name_parts = []
    while a.args and isinstance(a.args[0], Word):
        name_parts.append(a.args.pop(0).text)  # type: ignore[union-attr]
    name = " ".join(name_parts).strip()
    if not name:
        raise a.fail("Give the project a name.")
    if len(name) > 120:
        raise a.fail("A project name can be at most 120 characters.")
    budget = a.text_option("budget")
    risk = a.text_option("risk")
    objective = a.text_option("objective")
    if objective is not None and len(objective) > 2000:
        raise a.fail("An objective can be at most 2,000 characters.")
    return c.NewProject(
        name=name,
        sponsor=a.mention_option("sponsor"),
        owner=a.mention_option("owner"),
        budget=values.amount(budget, "budget") if budget else None,
        risk=_risk(a, risk) if risk else None,
        objective=objective,
    )


def _edit(a: _Args) -> c.Command:
    project = a.project()
    budget = a.text_option("budget")
    risk = a.text_option("risk")
    objective = a.text_option("objective")
    if objective is not None and len(objective) > 2000:
        raise a.fail("An objective can be at most 2,000 characters.")
    if budget is None and risk is None and objective is None:
        raise a.fail("Say what to change.")
    return c.EditProject(
        project,
        objective=objective,
        risk=_risk(a, risk) if risk else None,
        budget=values.amount(budget, "budget") if budget else None,
    )


def _risk(a: _Args, text: str) -> RiskTier:
    try:
        return RiskTier(text.lower())
    except ValueError:
        raise a.fail(f"`risk:{text}` is not a risk tier; use low, medium or high.") from None


def _phase(a: _Args, text: str) -> Phase:
    phase = parse_phase(text)
    if phase is None:
        names = ", ".join(p.value for p in Phase)
        raise a.fail(f"`{text}` is not a phase; the phases are {names}.")
    return phase


def _status(a: _Args) -> c.Command:
    return c.Status(a.project())


def _portfolio(a: _Args) -> c.Command:
    phase = a.text_option("phase")
    health = a.text_option("health")
    done_not_live = False
    while a.args:
        word = a.maybe_word()
        if word in ("done-not-live", "done-not-in-production"):
            done_not_live = True
        else:
            break
    health_value = None
    if health:
        try:
            health_value = Health(health.lower())
        except ValueError:
            raise a.fail(f"`health:{health}` is not a health; use red, amber or green.") from None
    return c.Portfolio(
        phase=_phase(a, phase) if phase else None,
        health=health_value,
        sponsor=a.mention_option("sponsor"),
        done_not_live=done_not_live,
    )


def _advance(a: _Args) -> c.Command:
    project = a.project()
    to = None
    force = False
    while a.args:
        word = a.maybe_word()
        if word == "to":
            to = _phase(a, a.word("the phase to move to"))
        elif word == "force":
            force = True
        else:
            break
    reason = a.text_option("reason")
    if force and not reason:
        raise a.fail('A forced move needs a reason, like force reason:"why".')
    return c.Advance(project, to=to, force=force, reason=reason)


def _abandon(a: _Args) -> c.Command:
    project = a.project()
    reason = a.text_option("reason") or a.rest_text()
    if not reason:
        raise a.fail('Say why, like reason:"the model never beat the baseline".')
    return c.Abandon(project, reason)


def _sponsor(a: _Args) -> c.Command:
    project = a.project()
    if a.maybe_word() == "confirm":
        return c.ConfirmSponsorship(project)
    who = a.mention("the sponsor")
    budget = a.text_option("budget")
    return c.NameSponsor(project, who, values.amount(budget, "budget") if budget else None)


def _accept(a: _Args) -> c.Command:
    return c.Accept(a.project())


def _member(a: _Args) -> c.Command:
    project = a.project()
    op = a.maybe_word()
    if op not in ("add", "remove"):
        raise a.fail("Say `add` or `remove`.")
    who = a.mention("the person")
    role_text = a.text_option("role") or "ml"
    try:
        role = ProjectRole(role_text.lower())
    except ValueError:
        roles = ", ".join(r.value for r in ProjectRole)
        raise a.fail(f"`role:{role_text}` is not a project role; use one of {roles}.") from None
    return c.ChangeMember(project, op == "add", who, role)


def _criteria(a: _Args) -> c.Command:
    project = a.project()
    op = a.maybe_word()
    if op is None:
        return c.ShowCriteria(project)
    if op == "history":
        return c.ShowCriteria(project, history=True)
    if op == "confirm":
        return c.ConfirmCriteria(project)
    if op == "add":
        text = _criterion_text(a)
        return c.AddCriterion(project, text)
    if op == "change":
        number = a.number("criterion number")
        reason = a.text_option("reason")
        text = _criterion_text(a)
        if not reason:
            raise a.fail('A change needs a reason, like reason:"the baseline moved".')
        return c.ChangeCriterion(project, number, text, reason)
    if op == "met":
        return c.ResolveCriterion(project, a.number("criterion number"), met=True)
    if op == "waive":
        number = a.number("criterion number")
        reason = a.text_option("reason") or a.rest_text()
        if not reason:
            raise a.fail('A waiver needs a reason, like reason:"superseded by criterion 3".')
        return c.ResolveCriterion(project, number, met=False, reason=reason)
    raise a.fail(f"`{op}` is not something criteria can do.")


def _criterion_text(a: _Args) -> str:
    text = a.rest_text()
    if not text:
        raise a.fail('Write the criterion, like "AUC ≥ 0.80 on the March holdout".')
    if len(text) > 1000:
        raise a.fail("A criterion can be at most 1,000 characters.")
    return text


def _ready(a: _Args) -> c.Command:
    project = a.project()
    key = a.maybe_word()
    if key is None:
        return c.ShowReadiness(project)
    owner = a.mention_option("owner")
    if owner is not None:
        return c.AssignItem(project, key, owner)
    if a.maybe_word() != "done":
        raise a.fail(f"Say what to do with `{key}`: `done`, or `owner:@name`.")
    return c.CheckOff(project, key, a.text_option("evidence"))


def _cost(a: _Args) -> c.Command:
    project = a.project()
    ingest, storage = a.text_option("ingest"), a.text_option("storage")
    access, monthly = a.text_option("access"), a.text_option("monthly")
    if ingest is None and storage is None and access is None and monthly is None:
        return c.ShowCost(project)
    return c.ReviseCost(
        project,
        ingest_gb_day=values.size_gb(ingest, "ingest") if ingest else None,
        storage_gb=values.size_gb(storage, "storage") if storage else None,
        access_users=values.count(access, "access") if access else None,
        monthly=values.amount(monthly, "monthly") if monthly else None,
    )


def _checkin(a: _Args) -> c.Command:
    project = a.project()
    word = a.maybe_word()
    aliases = {"ontrack": "on-track", "on_track": "on-track", "atrisk": "at-risk"}
    try:
        status = CheckinStatus(aliases.get(word or "", word or ""))
    except ValueError:
        raise a.fail("Say how it is going: on-track, at-risk or blocked.") from None
    note = a.rest_text()
    if note is not None and len(note) > 3000:
        raise a.fail("A note can be at most 3,000 characters.")
    return c.RecordCheckin(project, status, note)


def _review(a: _Args) -> c.Command:
    project = a.project()
    if a.maybe_word() != "done":
        raise a.fail("Say `done` to record a review.")
    notes = a.rest_text()
    if notes is not None and len(notes) > 3000:
        raise a.fail("Review notes can be at most 3,000 characters.")
    return c.RecordReview(project, notes)


def _history(a: _Args) -> c.Command:
    return c.History(a.project())


def _link(a: _Args) -> c.Command:
    return c.Link(a.project())


def _schedule(a: _Args) -> c.Command:
    project = a.project()
    what = a.maybe_word()
    if what == "checkin":
        cadence = a.maybe_word()
        if cadence not in ("weekly", "biweekly"):
            raise a.fail("Say `weekly` or `biweekly`.")
        weekday = values.weekday(a.word("the day"))
        at = values.clock_time(a.word("the time (HH:MM)"))
        return c.ScheduleCheckins(project, cadence, weekday, at)
    if what == "review":
        days = a.word("the number of days")
        if not days.isdigit() or not 1 <= int(days) <= 365:
            raise a.fail(f"`{days}` is not a number of days between 1 and 365.")
        return c.ScheduleReviews(project, int(days))
    raise a.fail("Say `checkin` or `review`.")


def _tz(a: _Args) -> c.Command:
    return c.SetTimeZone(values.zone(a.word("the time zone")))


def _away(a: _Args) -> c.Command:
    first = a.word("the first day (YYYY-MM-DD)")
    if first.lower() == "clear":
        return c.SetAway(None, None)
    start = values.day(first)
    end = values.day(a.word("the last day (YYYY-MM-DD)"))
    if end < start:
        raise a.fail("The last day comes before the first.")
    return c.SetAway(start, end)


_BUILDERS: dict[str, Callable[[_Args], c.Command]] = {
    "help": _help,
    "new": _new,
    "edit": _edit,
    "status": _status,
    "portfolio": _portfolio,
    "advance": _advance,
    "abandon": _abandon,
    "sponsor": _sponsor,
    "accept": _accept,
    "member": _member,
    "criteria": _criteria,
    "ready": _ready,
    "cost": _cost,
    "checkin": _checkin,
    "review": _review,
    "history": _history,
    "link": _link,
    "schedule": _schedule,
    "tz": _tz,
    "away": _away,
}
