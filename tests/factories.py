"""Test data builders, the one place tests make their data.

Areas, organisations, people and memberships are factory_boy factories: organisations get a
correct tree path and areas and organisations their search row, as the services (and
`load_areas`) would set them; every list's text filter reads it.

Programmes, plans, tasks, directive documents, indicators, report forms and reporting regimes
are made by the apps' own services (`make_programme`, `make_plan`, `make_task`,
`make_document`, `make_indicator`, `make_form`, `make_regime`), so a test's data holds what a
user's would: the audit entry, the search row, a programme's reviews, a task's participants and
copied lead organisation, the citations found in the text. Every argument is a keyword with a
sensible default; `by` is the acting user, the system administrator `quantri` unless given.
A test that needs a state no service would write builds it with the ORM and says why."""

import datetime
import itertools
from collections.abc import Iterable

import factory
import time_machine
from django.utils import timezone
from factory.django import DjangoModelFactory

from phoihop.core import search
from phoihop.core.periods import Period
from phoihop.directives import services as directives
from phoihop.directives.models import Document
from phoihop.org.models import Area, Membership, Organization, User
from phoihop.plans import services as plans
from phoihop.plans.models import Plan, Programme, Task
from phoihop.plans.services import ParticipantSpec
from phoihop.reporting import services as reporting
from phoihop.reporting import submissions as submissions
from phoihop.reporting.models import FormSection, Indicator, Regime, ReportForm, Submission


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda a: a.name)
    type = "xã"
    level = Area.Level.COMMUNE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        area = super()._create(model_class, *args, **kwargs)
        search.index(area)
        return area


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = Organization.Kind.DEPARTMENT
    level = Organization.Level.PROVINCE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        organization = super()._create(model_class, *args, **kwargs)
        parent = organization.parent
        organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
        organization.depth = parent.depth + 1 if parent else 0
        organization.save(update_fields=["path", "depth"])
        search.index(organization)
        return organization


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.SPECIALIST


def system_admin() -> User:
    """The system administrator `quantri` (made once per test, then fetched)."""
    return UserFactory(
        username="quantri", full_name="Quản Trị Hệ Thống", is_superuser=True, is_staff=True
    )


_serial = itertools.count(1)


def _this_year() -> int:
    return timezone.localdate().year


def make_programme(
    *,
    by: User | None = None,
    signing_organization: Organization | None = None,
    counterparts: Iterable[Organization] | None = None,
    title: str | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    **attrs,
) -> Programme:
    """A programme through `plans.services.create_programme`: by default a new propaganda
    department signs it with one new department, for five years from this year."""
    start_year = start_year or _this_year()
    return plans.create_programme(
        by=by or system_admin(),
        signing_organization=signing_organization
        or OrganizationFactory(kind=Organization.Kind.PROPAGANDA_DEPARTMENT),
        counterparts=[OrganizationFactory()] if counterparts is None else counterparts,
        title=title or f"Chương trình phối hợp thử nghiệm {next(_serial)}",
        start_year=start_year,
        end_year=end_year or start_year + 4,
        **attrs,
    )


def make_plan(
    *,
    by: User | None = None,
    programme: Programme | None = None,
    issuing_organization: Organization | None = None,
    year: int | None = None,
    title: str | None = None,
    **attrs,
) -> Plan:
    """A plan through `plans.services.create_plan`: issued by the programme's signing
    organisation (a new propaganda department without a programme) for this year."""
    if issuing_organization is None:
        issuing_organization = (
            programme.signing_organization
            if programme
            else OrganizationFactory(kind=Organization.Kind.PROPAGANDA_DEPARTMENT)
        )
    return plans.create_plan(
        by=by or system_admin(),
        issuing_organization=issuing_organization,
        programme=programme,
        year=year or _this_year(),
        title=title or f"Kế hoạch thử nghiệm {next(_serial)}",
        **attrs,
    )


def make_task(
    *,
    by: User | None = None,
    plan: Plan | None = None,
    lead: Organization | None = None,
    co: Iterable[Organization] = (),
    participants: Iterable[ParticipantSpec] | None = None,
    title: str | None = None,
    deadline: datetime.date | None = None,
    **attrs,
) -> Task:
    """A task through `plans.services.create_task`: led by `lead` (the plan's issuing
    organisation by default) with the co-agencies `co`, due at the end of the plan's year.
    `participants` states the parts as a form does instead (a focal person, no lead)."""
    plan = plan or make_plan(by=by)
    if participants is None:
        participants = [
            ParticipantSpec(lead or plan.issuing_organization, "lead"),
            *(ParticipantSpec(organization, "co") for organization in co),
        ]
    return plans.create_task(
        by=by or system_admin(),
        plan=plan,
        participants=participants,
        title=title or f"Nhiệm vụ thử nghiệm {next(_serial)}",
        deadline=deadline or datetime.date(plan.year, 12, 31),
        **attrs,
    )


def make_document(
    symbol: str | None = None,
    issued_on: datetime.date | None = None,
    *,
    by: User | None = None,
    abstract: str | None = None,
    **attrs,
) -> Document:
    """A directive document through `directives.services.create_document`, for instance
    make_document("20-NQ/TW", date(2017, 10, 25)); a central one (no `organization`) unless
    given. The default symbol is a numbered central Chỉ thị of 2020, apart from the catalogue's."""
    symbol = symbol or f"{9000 + next(_serial)}-CT/TW"
    return directives.create_document(
        by=by or system_admin(),
        symbol=symbol,
        issued_on=issued_on or datetime.date(2020, 1, 1),
        abstract=abstract or f"Trích yếu của {symbol}",
        **attrs,
    )


def make_indicator(*, by: User | None = None, code: str | None = None, **attrs) -> Indicator:
    """An indicator through `reporting.services.create_indicator`: by default a whole number
    added up (sum), higher is better."""
    number = next(_serial)
    values = {
        "name": f"Chỉ tiêu thử nghiệm {number}",
        "unit": "lượt",
        "value_type": Indicator.ValueType.INTEGER,
        "aggregation": Indicator.Aggregation.SUM,
    }
    return reporting.create_indicator(
        by=by or system_admin(), code=code or f"CT{number}", **(values | attrs)
    )


def make_form(
    *,
    by: User | None = None,
    code: str | None = None,
    indicators: Iterable[Indicator | reporting.Item] | None = None,
    sections: Iterable[reporting.Section] | None = None,
    rules: Iterable[reporting.Rule] = (),
    **attrs,
) -> ReportForm:
    """A report form through `reporting.services.create_form`: by default one section of
    figures holding `indicators` (one new indicator when not given) and an optional narrative
    section «Khó khăn, vướng mắc» (code KHOKHAN); `sections` states them all instead."""
    number = next(_serial)
    if sections is None:
        figures = list(indicators) if indicators is not None else [make_indicator(by=by)]
        sections = [
            reporting.Section("Số liệu", items=figures),
            reporting.Section(
                "Khó khăn, vướng mắc",
                FormSection.Kind.NARRATIVE,
                code="KHOKHAN",
                required=False,
            ),
        ]
    return reporting.create_form(
        by=by or system_admin(),
        code=code or f"BM{number}",
        name=attrs.pop("name", f"Biểu mẫu thử nghiệm {number}"),
        sections=list(sections),
        rules=list(rules),
        **attrs,
    )


def make_regime(
    *,
    by: User | None = None,
    code: str | None = None,
    receiver: Organization | None = None,
    report_form: ReportForm | None = None,
    assignments: Iterable[reporting.Assignment] = (),
    **attrs,
) -> Regime:
    """A reporting regime through `reporting.services.create_regime`: by default monthly in
    the Nghị định 09 calendar, due 3 working days after the cut-off, received by a new
    propaganda department on a new form, with the `assignments` given (none by default)."""
    number = next(_serial)
    values = {
        "name": f"Chế độ báo cáo thử nghiệm {number}",
        "kind": Regime.Kind.PERIODIC,
        "calendar": "nd09",
        "frequency": "month",
        "deadline_rule": Regime.DeadlineRule.WORKING_DAYS,
        "deadline_working_days": 3,
    }
    if not attrs.get("frequency", "month"):  # no periods, no deadline rule
        del values["deadline_rule"], values["deadline_working_days"]
    elif attrs.get("deadline_rule", values["deadline_rule"]) != Regime.DeadlineRule.WORKING_DAYS:
        del values["deadline_working_days"]
    return reporting.create_regime(
        by=by or system_admin(),
        code=code or f"CD{number}",
        receiver=receiver or OrganizationFactory(kind=Organization.Kind.PROPAGANDA_DEPARTMENT),
        report_form=report_form or make_form(by=by),
        assignments=list(assignments),
        **(values | attrs),
    )


def make_submission(
    *,
    regime: Regime | None = None,
    organization: Organization | None = None,
    period: str = "2026-03",
    values: dict | None = None,
    state: str = Submission.State.DRAFT,
    by: User | None = None,
) -> Submission:
    """A submission through `reporting.submissions`: started, filled with `values` and moved to
    `state` (submitted on its cut-off day, so on time; returned or accepted by the system
    administrator), all at the period's cut-off, when entry is open whatever today is. By
    default a new commune reporting under a new monthly regime that expects it."""
    if organization is None:
        organization = OrganizationFactory(
            kind=Organization.Kind.PEOPLES_COMMITTEE, level=Organization.Level.COMMUNE
        )
    if regime is None:
        regime = make_regime(assignments=[reporting.Assignment(organization=organization)])
    by = by or system_admin()
    cutoff = Period.from_code(period, regime.calendar).window_end
    moment = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time(10)))
    with time_machine.travel(moment, tick=False):
        submission = submissions.start_submission(regime, period, organization, by)
        if values:
            submissions.save_values(submission, values, by)
        if state != Submission.State.DRAFT:
            submissions.submit(submission, by)
        if state == Submission.State.RETURNED:
            submissions.return_submission(submission, "Cần bổ sung số liệu.", system_admin())
        elif state == Submission.State.ACCEPTED:
            submissions.accept(submission, system_admin())
    submission.refresh_from_db()
    return submission


def make_case(
    *,
    by: User | None = None,
    department: Organization | None = None,
    title: str | None = None,
    kind: str = "complaint",
    field=None,
    area: Area | None = None,
    channel: str = "hotline",
    received_at: datetime.datetime | None = None,
    text: str | None = None,
    urgency: str = "normal",
    hot_spot: bool = False,
    citizen=None,
):
    """A case through `cases.services.record_item` (its first item): received by a new
    propaganda department by hotline now, anonymous unless `citizen` is given."""
    from phoihop.cases import services as cases

    item = cases.record_item(
        by=by or system_admin(),
        department=department or OrganizationFactory(kind=Organization.Kind.PROPAGANDA_DEPARTMENT),
        channel=channel,
        received_at=received_at or timezone.now(),
        text=text or f"Người dân phản ánh sự việc thử nghiệm {next(_serial)}",
        area=area,
        new_case=cases.NewCase(
            title=title or f"Vụ việc thử nghiệm {next(_serial)}",
            kind=kind,
            field=field,
            urgency=urgency,
            hot_spot=hot_spot,
        ),
        citizen=citizen,
    )
    return item.case
