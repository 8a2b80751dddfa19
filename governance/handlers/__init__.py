"""One handler per command."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from governance import commands as c
from governance.handlers import criteria, people, projects, queries, records, reporting
from governance.handlers.base import Ctx
from governance.replies import Reply

HANDLERS: dict[type, Callable[[Ctx, Any], Awaitable[Reply]]] = {
    c.Help: queries.help_reply,
    c.NewProject: projects.new_project,
    c.EditProject: projects.edit_project,
    c.Status: queries.status,
    c.Portfolio: queries.portfolio,
    c.Advance: projects.advance,
    c.Abandon: projects.abandon,
    c.NameSponsor: projects.name_sponsor,
    c.ConfirmSponsorship: projects.confirm_sponsorship,
    c.Accept: projects.accept,
    c.ChangeMember: projects.change_member,
    c.ShowMembers: queries.show_members,
    c.ShowCriteria: queries.show_criteria,
    c.AddCriterion: criteria.add,
    c.ChangeCriterion: criteria.change,
    c.ResolveCriterion: criteria.resolve,
    c.ConfirmCriteria: criteria.confirm,
    c.ShowReadiness: queries.show_readiness,
    c.CheckOff: records.check_off,
    c.AssignItem: records.assign,
    c.ShowCost: queries.show_cost,
    c.ReviseCost: records.revise_cost,
    c.RecordCheckin: records.record_checkin,
    c.RecordReview: records.record_review,
    c.History: queries.history,
    c.Link: reporting.link,
    c.ScheduleCheckins: reporting.schedule_checkins,
    c.ScheduleReviews: reporting.schedule_reviews,
    c.SetTimeZone: people.set_time_zone,
    c.ShowTimeZone: people.show_time_zone,
    c.SetAway: people.set_away,
    c.ShowAway: people.show_away,
}
