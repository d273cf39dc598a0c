"""Input and output schemas of the plans API."""

import datetime
from typing import Literal

from ninja import Field as SchemaField
from ninja import Schema

from phoihop.core.api import ErrorOut, InputSchema, PageParams, Year, one_of

from ..models import ExtensionRequest, Plan, Programme, ProgressReport, Task, TaskParticipant
from ..models.buckets import BUCKET_FILTERS

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OrganizationRef(Schema):
    id: int
    name: str
    identifier: str | None = None


class PersonRef(Schema):
    id: int
    name: str


class MilestoneOut(Schema):
    id: int
    kind: str
    title: str
    due_on: datetime.date
    done_on: datetime.date | None = None


class ProgrammeOut(Schema):
    id: int
    title: str
    number: str
    signing_organization: OrganizationRef
    counterparts: list[OrganizationRef]
    legal_basis: str
    start_year: int
    end_year: int
    signed_on: datetime.date | None = None
    regular_contents: str
    hot_issue_contents: str
    has_signed_document: bool
    milestones: list[MilestoneOut]
    url: str


class ProgrammeIn(InputSchema):
    column_model = Programme

    signing_organization: int
    counterparts: list[int]
    title: str
    number: str = ""
    legal_basis: str = ""
    start_year: int
    end_year: int
    signed_on: datetime.date | None = None
    regular_contents: str = ""
    hot_issue_contents: str = ""
    midterm_review_on: datetime.date | None = None
    final_review_on: datetime.date | None = None


class ProgrammePatch(InputSchema):
    column_model = Programme

    counterparts: list[int] | None = None
    title: str | None = None
    number: str | None = None
    legal_basis: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    signed_on: datetime.date | None = None
    regular_contents: str | None = None
    hot_issue_contents: str | None = None
    midterm_review_on: datetime.date | None = None
    final_review_on: datetime.date | None = None


class BucketCounts(Schema):
    done_on_time: int
    done_late: int
    open_on_track: int
    open_overdue: int
    due_soon: int
    total: int


class PlanOut(Schema):
    id: int
    programme: int | None = None
    issuing_organization: OrganizationRef
    year: int
    title: str
    number: str
    description: str
    task_count: int
    url: str


class PlanDetailOut(PlanOut):
    counts: BucketCounts


class PlanIn(InputSchema):
    column_model = Plan

    programme: int | None = None
    issuing_organization: int
    year: int
    title: str
    number: str = ""
    description: str = ""


class PlanPatch(InputSchema):
    column_model = Plan

    year: int | None = None
    title: str | None = None
    number: str | None = None
    description: str | None = None


class ParticipantOut(Schema):
    id: int
    organization: OrganizationRef
    role: Literal["lead", "co"]
    status: str
    progress: int
    last_reported_at: datetime.datetime | None = None
    last_report: str
    focal_person: PersonRef | None = None
    outside_programme: bool


class FieldRef(Schema):
    id: int
    code: str
    name: str


class TaskOut(Schema):
    id: int
    plan: int
    programme: int | None = None
    title: str
    description: str
    field: FieldRef | None = None
    deadline: datetime.date
    extended_deadline: datetime.date | None = None
    effective_deadline: datetime.date
    completed_on: datetime.date | None = None
    bucket: Literal["done_on_time", "done_late", "open_on_track", "open_overdue"]
    due_soon: bool
    lead_organization: OrganizationRef
    participants: list[ParticipantOut]
    report_frequency: str
    report_day: int | None = None
    deadline_exception: str
    outside_parties_reason: str
    url: str


Role = one_of(*TaskParticipant.Role.values)
Frequency = one_of(*Task.Frequency.values)


class ParticipantIn(InputSchema):
    organization: int
    role: Role = "co"
    focal_person: int | None = None


class TaskIn(InputSchema):
    column_model = Task

    plan: int
    title: str
    description: str = ""
    field: int | str | None = SchemaField(None, description="Id or code of a field of work")
    deadline: datetime.date
    deadline_exception: str = ""
    outside_parties_reason: str = ""
    report_frequency: Frequency = "none"
    report_day: int | None = None
    participants: list[ParticipantIn]


class TaskPatch(InputSchema):
    column_model = Task

    title: str | None = None
    description: str | None = None
    field: int | str | None = None
    deadline: datetime.date | None = None
    deadline_exception: str | None = None
    outside_parties_reason: str | None = None
    report_frequency: Frequency | None = None
    report_day: int | None = None
    participants: list[ParticipantIn] | None = None


class ProgrammeListParams(PageParams):
    q: str = ""


class PlanListParams(PageParams):
    programme: int | None = None
    year: Year | None = None
    organization: int | None = None


class TaskFilterParams(InputSchema):
    bucket: one_of(*BUCKET_FILTERS) | None = None
    organization: int | None = None
    role: Role | None = None
    field: int | None = None
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None
    q: str | None = None
    plan: int | None = None
    programme: int | None = None
    lead: int | None = None
    mine: bool = False
    page: int = 1
    page_size: int = 50


class ReportIn(InputSchema):
    column_model = ProgressReport

    organization: int
    progress: int
    status: one_of(*TaskParticipant.Status.values)
    content: str


class ReportOut(Schema):
    id: int
    organization: OrganizationRef
    progress: int
    status: str
    content: str
    period_due: datetime.date | None = None
    reported_at: datetime.datetime
    reported_by: PersonRef | None = None


class CompleteIn(InputSchema):
    completed_on: datetime.date | None = None
    note: str = ""
    # required while a co-agency has not reported (the answer's errors name them otherwise)
    despite_unreported: bool = False


class ReopenIn(InputSchema):
    reason: str


class ExtensionIn(InputSchema):
    column_model = ExtensionRequest

    organization: int
    requested_deadline: datetime.date
    reason: str


class ExtensionOut(Schema):
    id: int
    organization: OrganizationRef
    current_deadline: datetime.date
    requested_deadline: datetime.date
    reason: str
    status: str
    decision_reason: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None = None


class DecisionIn(InputSchema):
    approve: bool
    reason: str


class CalendarOut(Schema):
    url: str


class ProgrammePage(Schema):
    count: int
    items: list[ProgrammeOut]


class PlanPage(Schema):
    count: int
    items: list[PlanOut]


class TaskPage(Schema):
    count: int
    items: list[TaskOut]


class ReportPage(Schema):
    count: int
    items: list[ReportOut]
