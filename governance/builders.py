"""From a verb's arguments to its command: arity, option names and value checks."""

from __future__ import annotations

from datetime import date

from governance import commands as c
from governance import values
from governance.arguments import Args, shown
from governance.errors import BadCommand
from governance.parser import Mention
from governance.phases import CheckinStatus, Health, Phase, ProjectRole, RiskTier, parse_phase

MAX_NAME = 120  # project.name holds 120 characters


def help_topic(a: Args) -> c.Command:
    return c.Help(a.maybe_word())


def project_name(a: Args, name: str) -> str:
    """A project name as typed, in any script: checked, never changed."""
    name = name.strip()
    if not name:
        raise a.fail("Give the project a name.")
    if len(name) > MAX_NAME:
        raise a.fail(f"A project name can be at most {MAX_NAME} characters.")
    if not any(ch.isalnum() for ch in name):
        raise a.fail("A project name needs at least one letter or digit, in any script.")
    return name


def new(a: Args) -> c.Command:
    words = a.name_words()
    for token in words:
        if isinstance(token, Mention):
            raise a.fail(f"`{token}` is a person: say sponsor:{token} or owner:{token}.")
    name = project_name(a, " ".join(shown(t) for t in words))
    budget = a.text_option("budget")
    risk = a.text_option("risk")
    objective = _objective(a)
    return c.NewProject(
        name=name,
        sponsor=a.mention_option("sponsor"),
        owner=a.mention_option("owner"),
        budget=values.amount(budget, "budget") if budget else None,
        risk=_risk(a, risk) if risk else None,
        objective=objective,
        target_date=_target(a),
    )


def _target(a: Args) -> date | None:
    """``target:<YYYY-MM-DD>``: the production date aimed for."""
    text = a.text_option("target")
    if text is None:
        return None
    try:
        return values.day(text)
    except BadCommand:
        raise a.fail(f"`target:{text[:40]}` is not a date; write it as YYYY-MM-DD.") from None


def _objective(a: Args) -> str | None:
    objective = a.text_option("objective")
    if objective is not None and len(objective) > 2000:
        raise a.fail("An objective can be at most 2,000 characters.")
    return objective


def edit(a: Args) -> c.Command:
    project = a.project()
    name = a.text_option("name")
    budget = a.text_option("budget")
    risk = a.text_option("risk")
    objective = _objective(a)
    target = _target(a)
    if name is None and budget is None and risk is None and objective is None and target is None:
        a.check_left()
        raise a.fail('Say what to change, like name:"New name" or risk:low.')
    return c.EditProject(
        project,
        objective=objective,
        risk=_risk(a, risk) if risk else None,
        budget=values.amount(budget, "budget") if budget else None,
        name=project_name(a, name) if name is not None else None,
        target_date=target,
    )


def _risk(a: Args, text: str) -> RiskTier:
    try:
        return RiskTier(text.lower())
    except ValueError:
        raise a.fail(f"`risk:{text[:40]}` is not a risk tier; use low, medium or high.") from None


def _phase(a: Args, text: str) -> Phase:
    phase = parse_phase(text)
    if phase is None:
        names = ", ".join(p.value for p in Phase)
        raise a.fail(f"`{text[:40]}` is not a phase; the phases are {names}.")
    return phase


def status(a: Args) -> c.Command:
    return c.Status(a.project())


# The words people filter a portfolio by, besides phase names and healths.
_PORTFOLIO_WORDS = {
    "at-risk": "at_risk", "atrisk": "at_risk", "at_risk": "at_risk", "risky": "at_risk",
    "blocked": "blocked", "lapsed": "lapsed", "done": "done_not_live",
    "done-not-live": "done_not_live", "done-not-in-production": "done_not_live",
    "not-live": "done_not_live",
}  # fmt: skip


def portfolio(a: Args) -> c.Command:
    if a.peek_word() == "metrics":
        a.args.pop(0)
        if a.args or a.options:
            raise a.fail("`portfolio metrics` takes no filters: it measures every project.")
        return c.PortfolioMetrics()
    if a.peek_word() == "chart":
        a.args.pop(0)
        if a.args or a.options:
            raise a.fail("`portfolio chart` takes no filters: it draws every project.")
        return c.PortfolioChart()
    phase_text, health_text = a.text_option("phase"), a.text_option("health")
    phase = _phase(a, phase_text) if phase_text else None
    health = _health(a, health_text) if health_text else None
    flags: set[str] = set()
    while a.args:
        token = a.checked(a.args.pop(0))
        if isinstance(token, Mention):
            raise a.fail(f"`{token}` is a person; say sponsor:{token} for their projects.")
        word = token.text.lower()
        if word in _PORTFOLIO_WORDS:
            flags.add(_PORTFOLIO_WORDS[word])
        elif word in {h.value for h in Health}:
            if health is not None and health != Health(word):
                raise a.fail("Give one health: red, amber or green.")
            health = Health(word)
        elif parse_phase(word) is not None or word == "live":
            said = parse_phase("production" if word == "live" else word)
            if phase is not None and phase != said:
                raise a.fail("Give one phase.")
            phase = said
        else:
            phases = ", ".join(p.value for p in Phase)
            raise a.fail(
                f"`{token.text[:40]}` is not a portfolio filter; use a phase ({phases}), red, "
                "amber, green, at-risk, blocked, done-not-live or lapsed."
            )
    return c.Portfolio(
        phase=phase,
        health=health,
        sponsor=a.mention_option("sponsor"),
        done_not_live="done_not_live" in flags,
        at_risk="at_risk" in flags,
        blocked="blocked" in flags,
        lapsed="lapsed" in flags,
    )


def _health(a: Args, text: str) -> Health:
    try:
        return Health(text.lower())
    except ValueError:
        raise a.fail(f"`health:{text[:40]}` is not a health; use red, amber or green.") from None


def advance(a: Args) -> c.Command:
    project = a.project()
    to = None
    force = False
    while (word := a.peek_word()) in ("to", "force"):
        a.args.pop(0)
        if word == "to":
            to = _phase(a, a.word("the phase to move to"))
        else:
            force = True
    reason = a.text_option("reason")
    if force and not reason:
        a.check_left()
        raise a.fail('A forced move needs a reason, like force reason:"why".')
    return c.Advance(project, to=to, force=force, reason=reason)


def abandon(a: Args) -> c.Command:
    project = a.project()
    reason = a.text_option("reason") or a.rest_text()
    if not reason:
        raise a.fail('Say why, like reason:"the model never beat the baseline".')
    return c.Abandon(project, reason)


def sponsor(a: Args) -> c.Command:
    project = a.project()
    if a.peek_word() == "confirm":
        a.args.pop(0)
        return c.ConfirmSponsorship(project)
    if a.peek_word() == "decline":
        a.args.pop(0)
        return c.DeclineSponsorship(project, a.text_option("reason") or a.rest_text())
    if not a.args or not isinstance(a.args[0], Mention):
        a.check_left()
        raise a.fail(
            "Missing the sponsor: mention them, like @name (or say `confirm` or `decline` "
            "if you were asked to sponsor it)."
        )
    who = a.mention("the sponsor")
    budget = a.text_option("budget")
    return c.NameSponsor(project, who, values.amount(budget, "budget") if budget else None)


def accept(a: Args) -> c.Command:
    return c.Accept(a.project())


def member(a: Args) -> c.Command:
    project = a.project()
    if not a.args and not a.options:
        return c.ShowMembers(project)
    op = a.maybe_word()
    if op not in ("add", "remove"):
        raise a.fail("Say `add` or `remove`, or nothing to list the members.")
    who = a.mention("the person")
    role_text = a.text_option("role") or "ml"
    try:
        role = ProjectRole(role_text.lower())
    except ValueError:
        roles = ", ".join(r.value for r in ProjectRole)
        raise a.fail(
            f"`role:{role_text[:40]}` is not a project role; use one of {roles}."
        ) from None
    return c.ChangeMember(project, op == "add", who, role)


def criteria(a: Args) -> c.Command:
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
    raise a.fail(f"`{op[:40]}` is not something criteria can do.")


def _criterion_text(a: Args) -> str:
    text = a.rest_text()
    if not text:
        raise a.fail('Write the criterion, like "AUC ≥ 0.80 on the March holdout".')
    if len(text) > 1000:
        raise a.fail("A criterion can be at most 1,000 characters.")
    return text


def ready(a: Args) -> c.Command:
    project = a.project()
    key = a.maybe_word()
    if key is None:
        return c.ShowReadiness(project)
    owner = a.mention_option("owner")
    if owner is not None:
        return c.AssignItem(project, key, owner)
    op = a.maybe_word()
    if op == "request":
        return c.RequestSignoff(project, key, a.mention("the person to ask"))
    if op in ("reject", "refuse"):
        # A reason is required; the handler says so, as it does for a button pressed bare.
        return c.RefuseSignoff(project, key, a.text_option("reason") or a.rest_text())
    if op != "done":
        raise a.fail(
            f"Say what to do with `{key[:40]}`: `done`, `owner:@name`, `request @name` "
            'or `reject reason:"…"`.'
        )
    return c.CheckOff(project, key, a.text_option("evidence"))


def cost(a: Args) -> c.Command:
    project = a.project()
    ingest, storage = a.text_option("ingest"), a.text_option("storage")
    access, monthly = a.text_option("access"), a.text_option("monthly")
    fte, ops = a.text_option("fte"), a.text_option("ops")
    if all(t is None for t in (ingest, storage, access, monthly, fte, ops)):
        return c.ShowCost(project)
    return c.ReviseCost(
        project,
        ingest_gb_day=values.size_gb(ingest, "ingest") if ingest else None,
        storage_gb=values.size_gb(storage, "storage") if storage else None,
        access_users=values.count(access, "access") if access else None,
        monthly=values.amount(monthly, "monthly") if monthly else None,
        fte=_effort(a, "fte", fte, "") if fte else None,
        ops_hours_month=_effort(a, "ops", ops, "/month") if ops else None,
    )


def _effort(a: Args, what: str, text: str, per: str) -> float:
    """``fte:1.5`` people, or ``ops:40/month`` hours of operating effort a month."""
    number = text[: -len(per)] if per and text.lower().endswith(per) else text
    example = "fte:1.5" if what == "fte" else "ops:40/month"
    try:
        value = float(number)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100_000 or value != value:
        raise a.fail(
            f"`{what}:{text[:40]}` is not a number of {'FTE' if what == 'fte' else 'hours a month'}; like {example}."
        )
    return value


def checkin(a: Args) -> c.Command:
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


def review(a: Args) -> c.Command:
    project = a.project()
    if a.maybe_word() != "done":
        raise a.fail("Say `done` to record a review.")
    notes = a.rest_text()
    if notes is not None and len(notes) > 3000:
        raise a.fail("Review notes can be at most 3,000 characters.")
    return c.RecordReview(project, notes)


def history(a: Args) -> c.Command:
    return c.History(a.project())


def link(a: Args) -> c.Command:
    return c.Link(a.project())


def schedule(a: Args) -> c.Command:
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
        if not (days.isascii() and days.isdigit()) or not 1 <= int(days) <= 365:
            raise a.fail(f"`{days[:40]}` is not a number of days between 1 and 365.")
        return c.ScheduleReviews(project, int(days))
    raise a.fail("Say `checkin` or `review`.")


def tz(a: Args) -> c.Command:
    if not a.args:
        return c.ShowTimeZone()
    return c.SetTimeZone(values.zone(a.word("the time zone")))


def away(a: Args) -> c.Command:
    if not a.args:
        return c.ShowAway()
    first = a.word("the first day (YYYY-MM-DD)")
    if first.lower() == "clear":
        return c.SetAway(None, None)
    start = values.day(first)
    end = values.day(a.word("the last day (YYYY-MM-DD)"))
    if end < start:
        raise a.fail("The last day comes before the first.")
    return c.SetAway(start, end)


def todo(a: Args) -> c.Command:
    return c.Todo()


# After go-live.

ATTEST_ANSWERS = {"still": "still", "still-true": "still", "true": "still", "changed": "changed"}
OUTCOME_ANSWERS = ("yes", "partly", "no")


def attest(a: Args) -> c.Command:
    project = a.project()
    key = a.word("the item, e.g. monitoring").lower()
    if len(key) > 64:
        raise a.fail("An item is a short word, like monitoring.")
    word = (a.maybe_word() or "").lower()
    if word not in ATTEST_ANSWERS:
        raise a.fail("Say whether it is still true: still or changed.")
    return c.Attest(project, key, ATTEST_ANSWERS[word], _note(a))


def outcome(a: Args) -> c.Command:
    project = a.project()
    word = (a.maybe_word() or "").lower()
    if word not in OUTCOME_ANSWERS:
        raise a.fail("Say whether it delivers its objective: yes, partly or no.")
    return c.RecordOutcome(project, word, _note(a))


def _note(a: Args) -> str | None:
    note = a.rest_text()
    if note is not None and len(note) > 3000:
        raise a.fail("A note can be at most 3,000 characters.")
    return note
