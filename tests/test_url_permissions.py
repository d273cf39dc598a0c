"""Who may open what: every URL of the project, for five kinds of visitor.

`ROUTES` below is the permission table. Each key is a route exactly as Django (or, for the API,
"METHOD route") spells it; each value lists one or more requests with the expected answer for
each visitor. The test `test_every_route_is_in_the_permission_table` walks the whole URL
configuration (django.urls.get_resolver, recursively, and every operation of the ninja API) and
fails for any route missing from the table, so a new page cannot ship without someone deciding
who may see it.

Visitors (see `world`):
- anonymous: not signed in;
- member:    a specialist of the Thanh Hóa Party committee (sees that subtree, administers nothing);
- org_admin: the administrator of that Party committee;
- outsider:  the administrator of an unrelated organisation (Nghệ An);
- admin:     a system administrator.

Expected answers: an HTTP status, or LOGIN (a redirect to the login page).
"""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from ninja.utils import normalize_path, replace_path_param_notation

from phoihop.api import api
from phoihop.core.models import ImportRun
from phoihop.directives import catalogue, reference
from phoihop.directives import services as directives
from phoihop.directives.models import Citation, Document, DocumentType
from phoihop.org import services
from phoihop.org.models import Membership, Organization
from phoihop.plans import services as plans
from phoihop.reporting.models import SubmissionAttachment
from phoihop.reporting.services import Assignment
from phoihop.reviews import services as reviews
from tests.conftest import build_outsider, build_province_tree, kept_for_the_module
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_document,
    make_form,
    make_indicator,
    make_plan,
    make_programme,
    make_regime,
    make_submission,
    make_task,
    system_admin,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ("anonymous", "member", "org_admin", "outsider", "admin")

# Routes outside the table on purpose: Django's own admin, static files and the API's docs.
EXCLUDED_PREFIXES = ("admin/", "static/", "media/")
EXCLUDED_NAMES = {"api:openapi-json", "api:openapi-view"}


# The world every check runs in ------------------------------------------------------------------


@dataclass
class World:
    party: Any
    propaganda: Any
    health: Any
    archived: Any
    area: Any
    users: dict[str, Any]
    target: Any  # a membership in `propaganda` that admins may change or remove
    newcomer: Any  # an account that belongs nowhere yet
    member_token: Any  # an API token owned by `member`
    tokens: dict[str, str] = field(default_factory=dict)  # raw bearer token per role
    extra: dict[str, Any] = field(default_factory=dict)  # objects added by WORLD_EXTENSIONS

    @property
    def person(self):
        return self.target.user


# Other apps add the objects their routes need (a plan, a directive, …) here: each function takes
# the World and stores what it creates in `world.extra`, e.g. `w.extra["plan"] = PlanFactory(...)`,
# owned by `w.propaganda` so that VIEW/MANAGE expectations hold.
WORLD_EXTENSIONS: list[Callable[[World], None]] = []


def build_world() -> World:
    province_tree = build_province_tree()
    admin_user, outsider = system_admin(), build_outsider()
    party, propaganda = province_tree["party"], province_tree["propaganda"]
    archived = OrganizationFactory(
        name="Ban Dân vận Tỉnh ủy (cũ)", parent=party, archived_at=timezone.now()
    )
    member = UserFactory(username="thanhvien", full_name="Thành Viên")
    MembershipFactory(user=member, organization=party, role=Membership.Role.SPECIALIST)
    head = UserFactory(username="quantritochuc", full_name="Quản Trị Tổ Chức")
    MembershipFactory(user=head, organization=party, role=Membership.Role.ORG_ADMIN)
    target = MembershipFactory(
        user=UserFactory(username="chuyenvien", full_name="Chuyên Viên"),
        organization=propaganda,
        role=Membership.Role.SPECIALIST,
    )
    users = {"member": member, "org_admin": head, "outsider": outsider, "admin": admin_user}
    tokens = {
        role: services.create_api_token(user=user, name="kiểm thử", by=user)[1]
        for role, user in users.items()
    }
    built = World(
        party=party,
        propaganda=propaganda,
        health=province_tree["health"],
        archived=archived,
        area=AreaFactory(name="Phường Hạc Thành"),
        users=users,
        target=target,
        newcomer=UserFactory(username="nguoimoi", full_name="Người Mới"),
        member_token=services.create_api_token(user=member, name="của thành viên", by=member)[0],
        tokens=tokens,
    )
    for extend in WORLD_EXTENSIONS:
        extend(built)
    return built


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker, session_media):
    """The world is built once per module (and per xdist worker) inside a transaction that is
    rolled back when the module ends (tests.conftest.kept_for_the_module). Each case runs in a
    savepoint nested in it, so a case's writes (POSTs, sign-ins) vanish after it. Uploaded files
    land in the session's throw-away media folder, where every case reads them."""
    with override_settings(MEDIA_ROOT=session_media), kept_for_the_module(django_db_blocker):
        yield build_world()
    reference.clear_codes_cache()  # it may hold codes of the rolled-back world


@pytest.fixture
def world(built_world, db) -> World:
    """The module's world with its users fetched afresh: a case's sign-in changes an instance's
    `last_login` (which password-reset tokens depend on) and caches scopes on it, while its
    database writes are rolled back."""
    users = {role: type(user).objects.get(pk=user.pk) for role, user in built_world.users.items()}
    return dataclasses.replace(built_world, users=users)


# The table --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    method: str
    url: Callable[[World], str]
    expect: dict[str, int | str]
    data: Callable[[World], dict] | None = None
    api: bool = False


def page(url, *, method="GET", data=None, anonymous=LOGIN, **expect) -> Check:
    """A signed-in page: anonymous visitors go to the login page; others get 200 unless told."""
    expected = {"anonymous": anonymous, "member": 200, "org_admin": 200, "outsider": 200}
    expected |= {"admin": 200} | expect
    return Check(method, url, expected, data)


def public(url, status=200, *, method="GET", data=None, **expect) -> Check:
    """The same answer for everyone unless told."""
    return Check(method, url, {role: status for role in ROLES} | expect, data)


def api_call(method, url, *, data=None, anonymous=401, **expect) -> Check:
    expected = {"anonymous": anonymous, "member": 200, "org_admin": 200, "outsider": 200}
    expected |= {"admin": 200} | expect
    return Check(method, url, expected, data, api=True)


# Shorthands for object pages: what each visitor gets on an object inside the Thanh Hóa tree.
VIEW = {"member": 200, "org_admin": 200, "outsider": 404, "admin": 200}
MANAGE = {"member": 403, "org_admin": 200, "outsider": 404, "admin": 200}
MANAGE_POST = {"member": 403, "org_admin": 302, "outsider": 404, "admin": 302}
ADMINS_ANYWHERE = {"member": 403, "org_admin": 200, "outsider": 200, "admin": 200}


def _reset_link(w: World) -> str:
    user = w.users["member"]
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _org(name: str, pk: Callable[[World], int]) -> Callable[[World], str]:
    return lambda w: reverse(f"org:{name}", args=[pk(w)])


def _member_action(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"org:{name}", args=[w.propaganda.pk, w.target.pk])


# Objects for the directives routes --------------------------------------------------------------
#
# Rules (src/phoihop/directives/permissions.py): every signed-in user reads the central catalogue,
# but only system administrators and granted catalogue editors change it; an organisation's own
# documents and review milestones are read and changed within its scope. Here `member` is a
# specialist of the Party committee: a specialist is an editor role, so they change the documents
# of the Party committee's propaganda department as its administrator does.


def _directives_world(w: World) -> None:
    # Transactional tests elsewhere flush the database, taking the data migrations' rows with it.
    if not DocumentType.objects.exists():
        catalogue.load_reference_data(django_apps)
    if not Document.objects.filter(organization__isnull=True).exists():
        catalogue.load_central_documents(django_apps)
    reference.clear_codes_cache()
    admin = w.users["admin"]
    central = Document.objects.get(organization__isnull=True, symbol="38-CT/TW")
    own = make_document(
        "12-KH/BTGDVTU",
        datetime.date(2024, 3, 1),
        abstract="Kế hoạch tuyên truyền về bảo hiểm y tế năm 2024",
        organization=w.propaganda,
        # 20-NQ/TW without a date names three catalogue documents: an ambiguous citation.
        full_text="Thực hiện Chỉ thị số 38-CT/TW, ngày 07-9-2009 và Nghị quyết số 20-NQ/TW …",
        file=ContentFile(b"noi dung ke hoach", name="ke-hoach.txt"),
    )
    review = reviews.create_review(
        subject=central,
        by=admin,
        kind="final",
        years_after=10,
        responsible=w.propaganda,
    )
    review = directives.complete_review(
        review=review,
        by=admin,
        done_on=datetime.date(2019, 10, 1),
        report_file=ContentFile(b"%PDF-1.4", name="bao-cao-tong-ket.pdf"),
    )
    w.extra |= {
        "central": central,
        "own": own,
        "review": review,
        "ambiguous": Citation.objects.of(own).get(symbol="20-NQ/TW"),
        "twenty_nq": Document.objects.get(
            organization__isnull=True, symbol="20-NQ/TW", issued_on=datetime.date(2017, 10, 25)
        ),
        "plan_type": DocumentType.objects.get(system="party", code="KH"),
        "document_import_run": ImportRun.objects.create(
            kind="directives.documents", created_by=w.users["member"], total=400
        ),
        "organization_import_run": ImportRun.objects.create(
            kind="org.organizations", created_by=w.users["member"], total=400
        ),
    }


WORLD_EXTENSIONS.append(_directives_world)


def _dir(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(f"directives:{name}", args=[w.extra[key].pk])


def _numbering(w: World) -> str:
    return reverse("directives:numbering", args=[w.propaganda.pk])


def _dir_api(key: str, rest: str = "") -> Callable[[World], str]:
    return lambda w: f"/api/v1/directives/{w.extra[key].pk}{rest}"


# Central catalogue: read by everyone signed in, changed by system administrators and granted
# catalogue editors (nobody else in this world).
CATALOGUE_EDIT = {"member": 403, "org_admin": 403, "outsider": 403, "admin": 200}
# The propaganda department's own documents and milestones: the Party committee's people change
# them (the member too, see above); the outsider does not even see them.
EDIT_OWN = VIEW
# An old address that moved: a permanent redirect for everyone signed in.
MOVED = {"member": 301, "org_admin": 301, "outsider": 301, "admin": 301}
EDIT_OWN_CREATED = {"member": 201, "org_admin": 201, "outsider": 404, "admin": 201}
EDIT_OWN_POST = {"member": 302, "org_admin": 302, "outsider": 404, "admin": 302}


# Objects for the plans routes -------------------------------------------------------------------
#
# Rules (src/phoihop/plans/permissions.py): the staff (administrators, leaders, specialists) of
# the organisation that signs a programme or issues a plan own it: they change it, add tasks and
# decide extensions. Each participant organisation's staff report their own part; the lead
# organisation's staff confirm completion. Reading follows involvement: a programme's parties,
# a plan's issuer and parties, a task's issuer and participants (all cascading down the tree).
#
# Two sides, so that every rule is seen both ways by the same visitors:
# - "own": a programme signed by the propaganda department (in the Party committee's tree, so
#   `member` and `org_admin` own it) with the Department of Health and the Department of
#   Education, and its plan, whose tasks are led by Health with Education as co-agency;
# - "partner": a programme signed by Health with the propaganda department as counterpart, and
#   a plan issued by Health, whose tasks the propaganda department leads or joins. There
#   `member` and `org_admin` are a participant's staff, not owners (the co-agency view).
# The outsider (Nghệ An) takes part in nothing and sees nothing; the system administrator may
# do everything.


def _plans_world(w: World) -> None:
    admin = w.users["admin"]
    today = timezone.localdate()
    deadline = datetime.date(today.year, 12, 31)
    later = deadline + datetime.timedelta(days=30)
    education = OrganizationFactory(
        name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", parent=w.health.parent
    )
    health_focal = UserFactory(username="daumoi.syt", full_name="Đầu Mối Y Tế")
    MembershipFactory(user=health_focal, organization=w.health, role=Membership.Role.FOCAL_POINT)
    education_focal = UserFactory(username="daumoi.sgddt", full_name="Đầu Mối Giáo Dục")
    MembershipFactory(
        user=education_focal, organization=education, role=Membership.Role.FOCAL_POINT
    )
    own_programme = make_programme(
        signing_organization=w.propaganda,
        counterparts=[w.health, education],
        title=f"Chương trình phối hợp tuyên truyền khoa giáo từ năm {today.year}",
        final_review_on=datetime.date(today.year + 4, 12, 15),
        signed_document=ContentFile(b"%PDF-1.4 chuong trinh", name="chuong-trinh.pdf"),
    )
    partner_programme = make_programme(
        signing_organization=w.health,
        counterparts=[w.propaganda],
        title=f"Chương trình phối hợp truyền thông y tế từ năm {today.year}",
        final_review_on=datetime.date(today.year + 4, 11, 30),
    )
    own_plan = make_plan(
        programme=own_programme, title=f"Kế hoạch phối hợp khoa giáo năm {today.year}"
    )
    partner_plan = make_plan(
        programme=partner_programme, title=f"Kế hoạch truyền thông y tế năm {today.year}"
    )

    def ended_programme(signing, counterpart, title, *, archived=False):
        programme = make_programme(
            signing_organization=signing,
            counterparts=[counterpart],
            title=title,
            start_year=today.year - 5,
            end_year=today.year - 1,
        )
        return plans.archive_programme(programme=programme, by=admin) if archived else programme

    def last_years_plan(programme, issuer, title, *, archived=False):
        plan = make_plan(
            programme=programme, issuing_organization=issuer, year=today.year - 1, title=title
        )
        return plans.archive_plan(plan=plan, by=admin) if archived else plan

    own_ended = ended_programme(
        w.propaganda, w.health, "Chương trình phối hợp khoa giáo đã kết thúc"
    )
    partner_ended = ended_programme(w.health, w.propaganda, "Chương trình truyền thông y tế cũ")
    archive_extra = {
        "own_ended_programme": own_ended,
        "partner_ended_programme": partner_ended,
        "own_archived_programme": ended_programme(
            w.propaganda, w.health, "Chương trình phối hợp dân vận đã lưu trữ", archived=True
        ),
        "partner_archived_programme": ended_programme(
            w.health, w.propaganda, "Chương trình y tế cơ sở đã lưu trữ", archived=True
        ),
        "own_ended_plan": last_years_plan(own_ended, w.propaganda, "Kế hoạch khoa giáo năm trước"),
        "partner_ended_plan": last_years_plan(partner_ended, w.health, "Kế hoạch y tế năm trước"),
        "own_archived_plan": last_years_plan(
            own_ended, w.propaganda, "Kế hoạch tuyên truyền năm trước", archived=True
        ),
        "partner_archived_plan": last_years_plan(
            partner_ended, w.health, "Kế hoạch truyền thông năm trước", archived=True
        ),
    }

    def task(plan, lead, co, title, *, done=False):
        created = make_task(plan=plan, lead=lead, co=[co], title=title, deadline=deadline)
        if done:
            created = plans.confirm_completion(despite_unreported=True, task=created, by=admin)
        return created

    def pending_extension(of):
        lead = of.participants.get(role="lead")
        return plans.request_extension(
            task=of,
            by=admin,
            organization=lead.organization,
            requested_deadline=later,
            reason="Chờ số liệu điều tra",
        )

    issued = task(own_plan, w.health, education, "Tuyên truyền phòng chống sốt xuất huyết")
    issued_extension = task(own_plan, w.health, education, "Tuyên truyền tiêm chủng mở rộng")
    issued_done = task(own_plan, w.health, education, "Hội nghị báo cáo viên", done=True)
    led = task(partner_plan, w.propaganda, w.health, "Định hướng báo chí về bảo hiểm y tế")
    joined = task(partner_plan, w.health, w.propaganda, "Truyền thông an toàn thực phẩm")
    joined_extension = task(partner_plan, w.health, w.propaganda, "Truyền thông hiến máu")
    led_done = task(partner_plan, w.propaganda, w.health, "Tọa đàm y đức", done=True)
    joined_done = task(partner_plan, w.health, w.propaganda, "Tháng hành động", done=True)
    report = plans.report_progress(
        participant=issued.participants.get(role="lead"),
        by=health_focal,
        progress=30,
        status="in_progress",
        content="Đã in 5.000 tờ rơi",
        attachment=ContentFile(b"%PDF-1.4 bao cao", name="bao-cao-tien-do.pdf"),
    )
    attachment = plans.add_attachment(
        task=issued, by=admin, upload=ContentFile(b"%PDF-1.4 bien ban", name="bien-ban.pdf")
    )
    w.extra |= archive_extra | {
        "education": education,
        "education_focal": education_focal,
        "health_focal": health_focal,
        "own_programme": own_programme,
        "partner_programme": partner_programme,
        "own_milestone": own_programme.reviews.get(),
        "partner_milestone": partner_programme.reviews.get(),
        "own_plan": own_plan,
        "partner_plan": partner_plan,
        "issued": issued,
        "issued_done": issued_done,
        "issued_extension": issued_extension,
        "joined_extension": joined_extension,
        "led": led,
        "joined": joined,
        "led_done": led_done,
        "joined_done": joined_done,
        "own_extension": pending_extension(issued_extension),
        "partner_extension": pending_extension(joined_extension),
        "report": report,
        "attachment": attachment,
        "deadline": deadline,
        "later": later,
        "calendar_token": plans.calendar_feed_for(w.users["member"]).token,
        "import_run": ImportRun.objects.create(
            kind="plans.tasks", target_id=own_plan.pk, created_by=w.users["member"], total=400
        ),
    }


WORLD_EXTENSIONS.append(_plans_world)


def _plans(name: str, key: str, query: str = "") -> Callable[[World], str]:
    return lambda w: reverse(f"plans:{name}", args=[w.extra[key].pk]) + query


def _plans_api(path: str) -> Callable[[World], str]:
    """An API path with {key} placeholders filled with the primary keys of world.extra."""
    return lambda w: (
        "/api/v1/" + path.format(**{k: getattr(v, "pk", v) for k, v in w.extra.items()})
    )


def _part(w: World, task: str, organization: Any) -> Any:
    return w.extra[task].participants.get(organization=organization)


def _report_form(task: str, organization: Callable[[World], Any]) -> Callable[[World], dict]:
    return lambda w: {
        "participant": _part(w, task, organization(w)).pk,
        "progress": 50,
        "status": "in_progress",
        "content": "Đã tổ chức 3 buổi nói chuyện chuyên đề",
    }


def _extension_form(organization: Callable[[World], Any]) -> Callable[[World], dict]:
    return lambda w: {
        "organization": organization(w).pk,
        "requested_deadline": w.extra["later"].isoformat(),
        "reason": "Chờ kết quả khảo sát",
    }


def _upload(w: World) -> dict:
    return {"file": SimpleUploadedFile("ke-hoach-chi-tiet.pdf", b"%PDF-1.4", "application/pdf")}


def _focal_form(task: str, organization: Callable[[World], Any], person):
    def data(w: World) -> dict:
        participant = _part(w, task, organization(w))
        return {f"focal-{participant.pk}-person": person(w).pk}

    return data


def _focal_url(task: str, organization: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse("plans:participant_focal", args=[_part(w, task, organization(w)).pk])


def _health(w: World) -> Any:
    return w.health


def _propaganda(w: World) -> Any:
    return w.propaganda


def _education(w: World) -> Any:
    return w.extra["education"]


def _today(w: World) -> str:
    return timezone.localdate().isoformat()


# What a Thanh Hóa visitor gets when the plans rule allows them (ALLOWED) or not (DENIED): on the
# "own" side `member` (a specialist) and `org_admin` hold owner roles; on the "partner" side they
# are a participant's staff. The outsider never sees the object; the system administrator may.
REPORT_WRITE = {"member": 403, "org_admin": 403, "outsider": 404, "admin": 200}


def _submission_action(key: str, action: str) -> Callable[[World], str]:
    return lambda w: f"/reporting/submissions/{w.extra[key].pk}/{action}/"


def _submission_api(key: str, action: str = "") -> Callable[[World], str]:
    tail = f"/{action}" if action else ""
    return lambda w: f"/api/v1/reporting/submissions/{w.extra[key].pk}{tail}"


UNIT_WRITES = {"member": 403, "org_admin": 403, "outsider": 404, "admin": 200}
# Starting names the unit, which only its own people (and the administrator) see here.
UNIT_CREATES = {"member": 404, "org_admin": 404, "outsider": 404, "admin": 201}


def _report_path(w: World, period: str) -> str:
    return f"/reporting/{w.extra['regime'].pk}/{period}/{w.health.pk}/"


ALLOWED = {"member": 200, "org_admin": 200, "outsider": 404, "admin": 200}
ALLOWED_POST = {"member": 302, "org_admin": 302, "outsider": 404, "admin": 302}
ALLOWED_CREATED = {"member": 201, "org_admin": 201, "outsider": 404, "admin": 201}
DENIED = {"member": 403, "org_admin": 403, "outsider": 404, "admin": 200}
DENIED_POST = {"member": 403, "org_admin": 403, "outsider": 404, "admin": 302}
DENIED_CREATED = {"member": 403, "org_admin": 403, "outsider": 404, "admin": 201}


ROUTES: dict[str, list[Check]] = {
    # core and dashboard
    "": [page(lambda w: reverse("home"))],
    "activities/": [page(lambda w: reverse("review_counts") + "?period=2026-H1")],
    "activities/export/": [page(lambda w: reverse("review_counts_export"))],
    "healthz": [public(lambda w: reverse("healthz"))],
    "search/": [page(lambda w: reverse("search") + "?q=thanh+hoa")],
    "notifications/": [page(lambda w: reverse("notifications"))],
    "notifications/read/": [
        page(
            lambda w: reverse("notifications_read"),
            method="POST",
            member=302,
            org_admin=302,
            outsider=302,
            admin=302,
        )
    ],
    # accounts
    "accounts/login/": [
        public(lambda w: reverse("login"), member=302, org_admin=302, outsider=302, admin=302)
    ],
    "accounts/logout/": [public(lambda w: reverse("logout"), LOGIN, method="POST")],
    "accounts/password-reset/": [public(lambda w: reverse("password_reset"))],
    "accounts/password-reset/done/": [public(lambda w: reverse("password_reset_done"))],
    "accounts/reset/<uidb64>/<token>/": [public(_reset_link, 302)],
    "accounts/reset/done/": [public(lambda w: reverse("password_reset_complete"))],
    "accounts/password-change/": [page(lambda w: reverse("password_change"))],
    "accounts/profile/": [
        page(lambda w: reverse("profile")),
        page(
            lambda w: reverse("profile"),
            method="POST",
            data=lambda w: {"full_name": "Tên Mới", "email": "", "position": "", "phone": ""},
            member=302,
            org_admin=302,
            outsider=302,
            admin=302,
        ),
    ],
    # two-factor sign-in: nobody in the world has an authenticator, so the code step and
    # turning it off send everyone on (tests/org/test_two_factor.py covers the rest)
    "accounts/two-factor/": [
        page(
            lambda w: reverse("two_factor_verify"),
            member=302,
            org_admin=302,
            outsider=302,
            admin=302,
        )
    ],
    "accounts/two-factor/setup/": [page(lambda w: reverse("two_factor_setup"))],
    "accounts/two-factor/disable/": [
        page(
            lambda w: reverse("two_factor_disable"),
            member=302,
            org_admin=302,
            outsider=302,
            admin=302,
        )
    ],
    "accounts/profile/tokens/": [
        page(lambda w: reverse("token_create"), method="POST", data=lambda w: {"name": "Mới"})
    ],
    "accounts/profile/tokens/<int:pk>/revoke/": [
        page(
            lambda w: reverse("token_revoke", args=[w.member_token.pk]),
            method="POST",
            member=302,
            org_admin=404,
            outsider=404,
            admin=404,  # system admins revoke other people's tokens in the Django admin
        )
    ],
    # areas
    "areas/": [page(lambda w: reverse("org:area_list"))],
    "areas/<int:pk>/": [page(_org("area_detail", lambda w: w.area.pk))],
    # organisations
    "organizations/": [page(lambda w: reverse("org:organization_list"))],
    "organizations/tree/": [page(lambda w: reverse("org:organization_tree"))],
    "organizations/new/": [page(lambda w: reverse("org:organization_create"), **ADMINS_ANYWHERE)],
    "organizations/import/": [
        page(lambda w: reverse("org:organization_import"), **ADMINS_ANYWHERE)
    ],
    # an import run by the worker: only its uploader sees it
    "organizations/import/<uuid:run_id>/": [
        page(
            lambda w: reverse(
                "org:organization_import_run", args=[w.extra["organization_import_run"].pk]
            ),
            member=200,
            org_admin=404,
            outsider=404,
            admin=404,
        )
    ],
    "organizations/<int:pk>/": [
        page(_org("organization_detail", lambda w: w.propaganda.pk), **VIEW)
    ],
    "organizations/<int:pk>/edit/": [
        page(_org("organization_edit", lambda w: w.propaganda.pk), **MANAGE)
    ],
    "organizations/<int:pk>/archive/": [
        page(_org("organization_archive", lambda w: w.propaganda.pk), **MANAGE)
    ],
    "organizations/<int:pk>/restore/": [
        page(_org("organization_restore", lambda w: w.archived.pk), **MANAGE)
    ],
    "organizations/<int:pk>/audit/": [
        page(_org("organization_audit", lambda w: w.propaganda.pk), **VIEW)
    ],
    "organizations/<int:pk>/members/": [
        page(_org("member_list", lambda w: w.propaganda.pk), **VIEW),
        page(
            _org("member_list", lambda w: w.propaganda.pk),
            method="POST",
            data=lambda w: {
                "action": "existing",
                # Someone within the administrators' scope: accounts elsewhere are not found.
                "existing-username": w.users["member"].username,
                "existing-role": Membership.Role.SPECIALIST,
            },
            **MANAGE_POST,
        ),
    ],
    "organizations/<int:pk>/members/<int:membership_pk>/role/": [
        page(
            _member_action("member_change_role"),
            method="POST",
            data=lambda w: {"role": Membership.Role.LEADER},
            **MANAGE_POST,
        )
    ],
    "organizations/<int:pk>/members/<int:membership_pk>/remove/": [
        page(_member_action("member_remove"), method="POST", **MANAGE_POST)
    ],
    # people and audit
    "people/": [page(lambda w: reverse("org:person_list"))],
    "people/<int:pk>/": [page(_org("person_detail", lambda w: w.person.pk), **VIEW)],
    "audit/": [page(lambda w: reverse("org:audit_list"), member=404)],
    # directives: registry, citations, reviews, numbering
    "directives/": [page(lambda w: reverse("directives:document_list"))],
    "directives/new/": [page(lambda w: reverse("directives:document_create"))],
    "directives/lookup/": [
        page(
            lambda w: reverse("directives:document_lookup") + "?symbol=38-CT/TW&date=2009-09-07",
            member=302,
            org_admin=302,
            outsider=302,
            admin=302,
        )
    ],
    "directives/import/": [page(lambda w: reverse("directives:document_import"))],
    # an import run by the worker: only its uploader sees it
    "directives/import/<uuid:run_id>/": [
        page(
            lambda w: reverse(
                "directives:document_import_run", args=[w.extra["document_import_run"].pk]
            ),
            member=200,
            org_admin=404,
            outsider=404,
            admin=404,
        )
    ],
    "directives/<int:pk>/": [
        page(_dir("document_detail", "central")),
        page(_dir("document_detail", "own"), **VIEW),
    ],
    "directives/<int:pk>/cited-by/": [
        page(_dir("document_cited_by", "central")),
        page(_dir("document_cited_by", "own"), **VIEW),
    ],
    "directives/<int:pk>/edit/": [
        page(_dir("document_edit", "central"), **CATALOGUE_EDIT),
        page(_dir("document_edit", "own"), **EDIT_OWN),
    ],
    "directives/<int:pk>/file/": [page(_dir("document_file", "own"), **VIEW)],
    "directives/<int:pk>/reviews/new/": [
        page(_dir("review_create", "central")),
        page(_dir("review_create", "own"), **VIEW),
    ],
    "directives/citations/<int:pk>/resolve/": [
        page(
            _dir("citation_resolve", "ambiguous"),
            method="POST",
            data=lambda w: {"document": w.extra["twenty_nq"].pk},
            **EDIT_OWN_POST,  # the outsider may not see the text that cites
        )
    ],
    # the calendar and report downloads moved to /reviews/ (ADR 0007): the old paths redirect
    "directives/reviews/": [page(lambda w: "/directives/reviews/?window=90", **MOVED)],
    "directives/reviews/<int:pk>/edit/": [page(_dir("review_edit", "review"), **EDIT_OWN)],
    "directives/reviews/<int:pk>/complete/": [page(_dir("review_complete", "review"), **EDIT_OWN)],
    "directives/reviews/<int:pk>/report/": [
        page(lambda w: f"/directives/reviews/{w.extra['review'].pk}/report/", **MOVED)
    ],
    # reviews: the calendar of every review (directives' and programmes'), report downloads
    "reviews/": [page(lambda w: reverse("reviews:calendar"))],
    "reviews/<int:pk>/report/": [
        page(lambda w: reverse("reviews:report", args=[w.extra["review"].pk]), **VIEW)
    ],
    "directives/numbering/": [page(lambda w: reverse("directives:numbering_index"))],
    "directives/numbering/<int:pk>/": [
        page(_numbering, **VIEW),
        page(
            _numbering,
            method="POST",
            data=lambda w: {"type": w.extra["plan_type"].pk, "abstract": "Kế hoạch tháng"},
            **EDIT_OWN_POST,
        ),
    ],
    # plans: programmes and their milestones
    "plans/programmes/": [page(lambda w: reverse("plans:programme_list"))],
    "plans/programmes/new/": [
        # Every visitor here holds an owner role somewhere (the outsider in Nghệ An); a person
        # without one (a focal point) gets 403: tests/plans/test_routes.py.
        page(lambda w: reverse("plans:programme_create"))
    ],
    "plans/programmes/<int:pk>/": [
        page(_plans("programme_detail", "own_programme"), **VIEW),
        page(_plans("programme_detail", "partner_programme"), **VIEW),
    ],
    "plans/programmes/<int:pk>/edit/": [
        page(_plans("programme_edit", "own_programme"), **ALLOWED),
        page(_plans("programme_edit", "partner_programme"), **DENIED),
    ],
    "plans/programmes/<int:pk>/document/": [
        page(_plans("programme_document", "own_programme"), **VIEW),
        # No signed document uploaded: nothing to download, for anyone.
        page(
            _plans("programme_document", "partner_programme"),
            member=404,
            org_admin=404,
            outsider=404,
            admin=404,
        ),
    ],
    "plans/programmes/<int:pk>/milestones/": [
        page(
            _plans("milestone_create", key),
            method="POST",
            data=lambda w: {"title": "Giao ban 6 tháng", "due_on": w.extra["deadline"]},
            **expect,
        )
        for key, expect in (("own_programme", ALLOWED_POST), ("partner_programme", DENIED_POST))
    ],
    "plans/milestones/<int:pk>/complete/": [
        page(_plans("milestone_complete", "own_milestone"), method="POST", **ALLOWED_POST),
        page(_plans("milestone_complete", "partner_milestone"), method="POST", **DENIED_POST),
    ],
    "plans/programmes/<int:pk>/archive/": [
        page(_plans("programme_archive", "own_ended_programme"), method="POST", **ALLOWED_POST),
        page(_plans("programme_archive", "partner_ended_programme"), method="POST", **DENIED_POST),
    ],
    "plans/programmes/<int:pk>/restore/": [
        page(_plans("programme_restore", "own_archived_programme"), method="POST", **ALLOWED_POST),
        page(
            _plans("programme_restore", "partner_archived_programme"), method="POST", **DENIED_POST
        ),
    ],
    # plans: the archive
    "plans/archive/": [page(lambda w: reverse("plans:archive"))],
    "plans/<int:pk>/archive/": [
        page(_plans("plan_archive", "own_ended_plan"), method="POST", **ALLOWED_POST),
        page(_plans("plan_archive", "partner_ended_plan"), method="POST", **DENIED_POST),
    ],
    "plans/<int:pk>/restore/": [
        page(_plans("plan_restore", "own_archived_plan"), method="POST", **ALLOWED_POST),
        page(_plans("plan_restore", "partner_archived_plan"), method="POST", **DENIED_POST),
    ],
    # plans: annual plans
    "plans/": [page(lambda w: reverse("plans:plan_list"))],
    "plans/new/": [page(lambda w: reverse("plans:plan_create"))],  # as programmes/new/
    "plans/<int:pk>/": [
        page(_plans("plan_detail", "own_plan"), **VIEW),
        page(_plans("plan_detail", "partner_plan"), **VIEW),
    ],
    "plans/<int:pk>/edit/": [
        page(_plans("plan_edit", "own_plan"), **ALLOWED),
        page(_plans("plan_edit", "partner_plan"), **DENIED),
    ],
    "plans/<int:pk>/export.xlsx": [
        page(_plans("plan_export", "own_plan"), **VIEW),
        page(_plans("plan_export", "partner_plan"), **VIEW),
    ],
    "plans/<int:pk>/import/": [
        page(_plans("plan_import", "own_plan"), **ALLOWED),
        page(_plans("plan_import", "partner_plan"), **DENIED),
    ],
    # an import run by the worker: only its uploader sees it
    "plans/<int:pk>/import/<uuid:run_id>/": [
        page(
            lambda w: reverse(
                "plans:plan_import_run", args=[w.extra["own_plan"].pk, w.extra["import_run"].pk]
            ),
            member=200,
            org_admin=404,
            outsider=404,
            admin=404,
        )
    ],
    "plans/<int:pk>/import/template.xlsx": [
        page(_plans("plan_import_template", "own_plan"), **VIEW)
    ],
    "plans/<int:plan_pk>/tasks/new/": [
        page(_plans("task_create", "own_plan"), **ALLOWED),
        page(_plans("task_create", "partner_plan"), **DENIED),
    ],
    "plans/<int:plan_pk>/organizations/suggest/": [
        page(
            _plans("organization_suggestions", "own_plan", "?participants-0-other=giao+duc"),
            **VIEW,
        )
    ],
    # plans: task lists
    "plans/tasks/": [page(lambda w: reverse("plans:task_list"))],  # the outsider's list is empty
    "plans/tasks/export.xlsx": [page(lambda w: reverse("plans:task_export"))],
    "plans/tasks/timeline/": [page(lambda w: reverse("plans:task_timeline"))],
    "plans/league/": [page(lambda w: reverse("plans:league"))],
    # plans: one task
    "plans/tasks/<int:pk>/": [
        page(_plans("task_detail", "issued"), **VIEW),
        page(_plans("task_detail", "joined"), **VIEW),
    ],
    "plans/tasks/<int:pk>/edit/": [
        page(_plans("task_edit", "issued"), **ALLOWED),
        page(_plans("task_edit", "joined"), **DENIED),
    ],
    "plans/tasks/<int:pk>/report/": [
        # Each organisation reports its own part: the owner may not report for Health.
        page(
            _plans("task_report", "issued"),
            method="POST",
            data=_report_form("issued", _health),
            **DENIED_POST,
        ),
        page(
            _plans("task_report", "joined"),
            method="POST",
            data=_report_form("joined", _propaganda),
            **ALLOWED_POST,
        ),
    ],
    "plans/tasks/<int:pk>/complete/": [
        # Only the lead organisation's staff confirm completion, not the owner nor a co-agency.
        page(
            _plans("task_complete", key),
            method="POST",
            data=lambda w: {
                "completed_on": _today(w),
                "note": "Đã tổ chức xong",
                "despite_unreported": "on",
            },
            **expect,
        )
        for key, expect in (("led", ALLOWED_POST), ("issued", DENIED_POST), ("joined", DENIED_POST))
    ],
    "plans/tasks/<int:pk>/reopen/": [
        # The owner or the lead reopens; a co-agency does not.
        page(
            _plans("task_reopen", key),
            method="POST",
            data=lambda w: {"reason": "Cần bổ sung số liệu"},
            **expect,
        )
        for key, expect in (
            ("issued_done", ALLOWED_POST),
            ("led_done", ALLOWED_POST),
            ("joined_done", DENIED_POST),
        )
    ],
    "plans/tasks/<int:pk>/extensions/": [
        # A participant asks for more time; the owner decides, so does not ask.
        page(
            _plans("extension_request", "led"),
            method="POST",
            data=_extension_form(_propaganda),
            **ALLOWED_POST,
        ),
        page(
            _plans("extension_request", "issued"),
            method="POST",
            data=_extension_form(_health),
            **DENIED_POST,
        ),
    ],
    "plans/extensions/<int:pk>/decide/": [
        page(
            _plans("extension_decide", key),
            method="POST",
            data=lambda w: {"decision": "reject", "decision_reason": "Đề nghị hoàn thành đúng hạn"},
            **expect,
        )
        for key, expect in (("own_extension", ALLOWED_POST), ("partner_extension", DENIED_POST))
    ],
    "plans/participants/<int:pk>/focal/": [
        page(
            _focal_url("issued", _education),
            method="POST",
            data=_focal_form("issued", _education, lambda w: w.extra["education_focal"]),
            **ALLOWED_POST,
        ),
        # A participant's administrators (and leaders) name its focal point; its specialists
        # do not, nor does another participant.
        page(
            _focal_url("joined", _propaganda),
            method="POST",
            data=_focal_form("joined", _propaganda, lambda w: w.person),
            **DENIED_POST | {"org_admin": 302},
        ),
        page(
            _focal_url("joined", _health),
            method="POST",
            data=_focal_form("joined", _health, lambda w: w.extra["health_focal"]),
            **DENIED_POST,
        ),
    ],
    "plans/tasks/<int:pk>/comments/": [
        page(
            _plans("task_comment", key),
            method="POST",
            data=lambda w: {"body": "Đề nghị gửi kèm ảnh hoạt động"},
            **ALLOWED_POST,
        )
        for key in ("issued", "joined")
    ],
    "plans/tasks/<int:pk>/attachments/": [
        page(_plans("task_attachment", key), method="POST", data=_upload, **ALLOWED_POST)
        for key in ("issued", "joined")
    ],
    "plans/attachments/<int:pk>/": [page(_plans("attachment_download", "attachment"), **VIEW)],
    "plans/reports/<int:pk>/file/": [page(_plans("report_attachment", "report"), **VIEW)],
    # plans: the private calendar (the feed authenticates by its secret token, not a session)
    "plans/calendar/": [
        page(lambda w: reverse("plans:calendar_settings")),
        page(
            lambda w: reverse("plans:calendar_settings"),
            method="POST",
            member=302,
            org_admin=302,
            outsider=302,
            admin=302,
        ),
    ],
    "plans/calendar/<str:token>.ics": [
        public(lambda w: reverse("plans:calendar_feed", args=[w.extra["calendar_token"]])),
        public(lambda w: reverse("plans:calendar_feed", args=["ma-khong-ton-tai"]), 404),
    ],
    # the API
    "api/v1/": [public(lambda w: "/api/v1/", 404)],
    "^api/": [
        Check("GET", lambda w: "/api/v2/organizations", {role: 404 for role in ROLES}, api=True)
    ],
    "POST api/v1/auth/token": [
        api_call(
            "POST",
            lambda w: "/api/v1/auth/token",
            data=lambda w: {"username": "thanhvien", "password": "mat-khau-thu-nghiem"},
            anonymous=200,
        )
    ],
    "GET api/v1/me": [api_call("GET", lambda w: "/api/v1/me")],
    "PATCH api/v1/me": [
        api_call("PATCH", lambda w: "/api/v1/me", data=lambda w: {"position": "Phó phòng"})
    ],
    "GET api/v1/search": [api_call("GET", lambda w: "/api/v1/search?q=thanh+hoa")],
    "GET api/v1/areas": [api_call("GET", lambda w: "/api/v1/areas")],
    "GET api/v1/areas/<int:area_id>": [api_call("GET", lambda w: f"/api/v1/areas/{w.area.pk}")],
    "GET api/v1/organizations": [api_call("GET", lambda w: "/api/v1/organizations")],
    "POST api/v1/organizations": [
        api_call(
            "POST",
            lambda w: "/api/v1/organizations",
            data=lambda w: {
                "name": "Phòng Thông tin",
                "kind": "other",
                "level": "province",
                "parent_id": w.propaganda.pk,
            },
            member=403,
            org_admin=201,
            outsider=400,  # the parent is unknown to them: a field error on parent_id
            admin=201,
        )
    ],
    "GET api/v1/organizations/<int:organization_id>": [
        api_call("GET", lambda w: f"/api/v1/organizations/{w.propaganda.pk}", **VIEW)
    ],
    "PATCH api/v1/organizations/<int:organization_id>": [
        api_call(
            "PATCH",
            lambda w: f"/api/v1/organizations/{w.propaganda.pk}",
            data=lambda w: {"phone": "0237 3852 000"},
            **MANAGE,
        )
    ],
    "POST api/v1/organizations/<int:organization_id>/archive": [
        api_call("POST", lambda w: f"/api/v1/organizations/{w.propaganda.pk}/archive", **MANAGE)
    ],
    "POST api/v1/organizations/<int:organization_id>/restore": [
        api_call("POST", lambda w: f"/api/v1/organizations/{w.archived.pk}/restore", **MANAGE)
    ],
    "GET api/v1/directives": [api_call("GET", lambda w: "/api/v1/directives?q=bao+hiem+y+te")],
    "POST api/v1/directives": [
        api_call(
            "POST",
            lambda w: "/api/v1/directives",
            data=lambda w: {
                "symbol": "13-KH/BTGDVTU",
                "issued_on": "2024-04-01",
                "abstract": "Kế hoạch tuyên truyền tháng 4",
                "organization_id": w.propaganda.pk,
            },
            **EDIT_OWN_CREATED,
        ),
        api_call(
            "POST",
            lambda w: "/api/v1/directives",
            data=lambda w: {
                "symbol": "99-CT/TW",
                "issued_on": "2024-04-01",
                "abstract": "Chỉ thị thử nghiệm của danh mục Trung ương",
            },
            **CATALOGUE_EDIT | {"admin": 201},
        ),
    ],
    "POST api/v1/directives/extract": [
        api_call(
            "POST",
            lambda w: "/api/v1/directives/extract",
            data=lambda w: {"text": "Thực hiện Quyết định số 238-QĐ/TW ngày 30-9-2020"},
        )
    ],
    "GET api/v1/directives/reviews": [
        api_call("GET", lambda w: "/api/v1/directives/reviews?include_done=true")
    ],
    "GET api/v1/directives/numbering/<int:organization_id>/next": [
        api_call(
            "GET", lambda w: f"/api/v1/directives/numbering/{w.propaganda.pk}/next?type=KH", **VIEW
        )
    ],
    "POST api/v1/directives/numbering/reserve": [
        api_call(
            "POST",
            lambda w: "/api/v1/directives/numbering/reserve",
            data=lambda w: {"organization_id": w.propaganda.pk, "type": "KH"},
            **EDIT_OWN_CREATED,
        )
    ],
    "GET api/v1/directives/<int:document_id>": [
        api_call("GET", _dir_api("central")),
        api_call("GET", _dir_api("own"), **VIEW),
    ],
    "PATCH api/v1/directives/<int:document_id>": [
        api_call(
            "PATCH",
            _dir_api("central"),
            data=lambda w: {"status": "expired"},
            **CATALOGUE_EDIT,
        ),
        api_call(
            "PATCH", _dir_api("own"), data=lambda w: {"abstract": "Kế hoạch (sửa)"}, **EDIT_OWN
        ),
    ],
    "GET api/v1/directives/<int:document_id>/cited-by": [
        api_call("GET", _dir_api("central", "/cited-by")),
        api_call("GET", _dir_api("own", "/cited-by"), **VIEW),
    ],
    "POST api/v1/directives/<int:document_id>/reviews": [
        api_call(
            "POST",
            _dir_api("central", "/reviews"),
            data=lambda w: {
                "kind": "preliminary",
                "responsible_id": w.propaganda.pk,
                "years_after": 5,
            },
            **EDIT_OWN_CREATED,  # the outsider does not see the responsible organisation
        )
    ],
    "GET api/v1/programmes": [api_call("GET", lambda w: "/api/v1/programmes")],
    "POST api/v1/programmes": [
        api_call(
            "POST",
            lambda w: "/api/v1/programmes",
            data=lambda w: {
                "signing_organization": w.propaganda.pk,
                "counterparts": [w.health.pk],
                "title": "Chương trình phối hợp tuyên truyền pháp luật",
                "start_year": w.extra["deadline"].year,
                "end_year": w.extra["deadline"].year + 4,
            },
            **ALLOWED_CREATED | {"outsider": 400},  # the signing organisation is unknown to them
        )
    ],
    "GET api/v1/programmes/<int:programme_id>": [
        api_call("GET", _plans_api("programmes/{own_programme}"), **VIEW),
        api_call("GET", _plans_api("programmes/{partner_programme}"), **VIEW),
    ],
    "PATCH api/v1/programmes/<int:programme_id>": [
        api_call(
            "PATCH",
            _plans_api(f"programmes/{{{key}}}"),
            data=lambda w: {"number": "05-CTr/BTGDVTU-SYT"},
            **expect,
        )
        for key, expect in (("own_programme", ALLOWED), ("partner_programme", DENIED))
    ],
    "GET api/v1/plans": [api_call("GET", lambda w: "/api/v1/plans")],
    "POST api/v1/plans": [
        api_call(
            "POST",
            lambda w: "/api/v1/plans",
            data=lambda w: {
                "programme": w.extra["own_programme"].pk,
                "issuing_organization": w.propaganda.pk,
                "year": w.extra["deadline"].year,
                "title": "Kế hoạch tuyên truyền bổ sung",
            },
            **ALLOWED_CREATED | {"outsider": 400},  # the issuing organisation is unknown to them
        ),
        api_call(
            "POST",
            lambda w: "/api/v1/plans",
            data=lambda w: {
                "programme": w.extra["partner_programme"].pk,
                "issuing_organization": w.health.pk,
                "year": w.extra["deadline"].year,
                "title": "Kế hoạch của Sở Y tế",
            },
            # Health is outside the Thanh Hóa Party committee's tree: a field error for them.
            member=400,
            org_admin=400,
            outsider=400,
            admin=201,
        ),
    ],
    "GET api/v1/plans/<int:plan_id>": [
        api_call("GET", _plans_api("plans/{own_plan}"), **VIEW),
        api_call("GET", _plans_api("plans/{partner_plan}"), **VIEW),
    ],
    "PATCH api/v1/plans/<int:plan_id>": [
        api_call(
            "PATCH",
            _plans_api(f"plans/{{{key}}}"),
            data=lambda w: {"number": "12-KH/BTGDVTU"},
            **expect,
        )
        for key, expect in (("own_plan", ALLOWED), ("partner_plan", DENIED))
    ],
    "GET api/v1/tasks": [api_call("GET", lambda w: "/api/v1/tasks?bucket=open")],
    "POST api/v1/tasks": [
        api_call(
            "POST",
            lambda w: "/api/v1/tasks",
            data=lambda w: {
                "plan": w.extra["own_plan"].pk,
                "title": "Tập huấn báo cáo viên về y tế cơ sở",
                "deadline": w.extra["deadline"].isoformat(),
                "participants": [
                    {"organization": w.health.pk, "role": "lead"},
                    {"organization": w.extra["education"].pk, "role": "co"},
                ],
            },
            **ALLOWED_CREATED,
        ),
        api_call(
            "POST",
            lambda w: "/api/v1/tasks",
            data=lambda w: {
                "plan": w.extra["partner_plan"].pk,
                "title": "Truyền thông phòng chống đuối nước",
                "deadline": w.extra["deadline"].isoformat(),
                "participants": [
                    {"organization": w.health.pk, "role": "lead"},
                    {"organization": w.propaganda.pk, "role": "co"},
                ],
            },
            **DENIED_CREATED,
        ),
    ],
    "GET api/v1/tasks/<int:task_id>": [
        api_call("GET", _plans_api("tasks/{issued}"), **VIEW),
        api_call("GET", _plans_api("tasks/{joined}"), **VIEW),
    ],
    "PATCH api/v1/tasks/<int:task_id>": [
        api_call(
            "PATCH",
            _plans_api(f"tasks/{{{key}}}"),
            data=lambda w: {"description": "Ưu tiên vùng sâu, vùng xa"},
            **expect,
        )
        for key, expect in (("issued", ALLOWED), ("joined", DENIED))
    ],
    "GET api/v1/tasks/<int:task_id>/reports": [
        api_call("GET", _plans_api("tasks/{issued}/reports"), **VIEW)
    ],
    "POST api/v1/tasks/<int:task_id>/reports": [
        api_call(
            "POST",
            _plans_api(f"tasks/{{{key}}}/reports"),
            data=lambda w, org=org: {
                "organization": org(w).pk,
                "progress": 60,
                "status": "in_progress",
                "content": "Đã phát 2.000 tờ rơi",
            },
            **expect,
        )
        for key, org, expect in (
            ("issued", _health, DENIED_CREATED),  # the owner does not report for Health
            ("joined", _propaganda, ALLOWED_CREATED),  # a co-agency reports its own part
        )
    ],
    "POST api/v1/tasks/<int:task_id>/complete": [
        api_call(
            "POST",
            _plans_api(f"tasks/{{{key}}}/complete"),
            data=lambda w: {"despite_unreported": True},
            **expect,
        )
        for key, expect in (("led", ALLOWED), ("issued", DENIED), ("joined", DENIED))
    ],
    "POST api/v1/tasks/<int:task_id>/reopen": [
        api_call(
            "POST",
            _plans_api(f"tasks/{{{key}}}/reopen"),
            data=lambda w: {"reason": "Cần bổ sung số liệu"},
            **expect,
        )
        for key, expect in (
            ("issued_done", ALLOWED),
            ("led_done", ALLOWED),
            ("joined_done", DENIED),
        )
    ],
    "GET api/v1/tasks/<int:task_id>/extensions": [
        api_call("GET", _plans_api("tasks/{joined_extension}/extensions"), **VIEW)
    ],
    "POST api/v1/tasks/<int:task_id>/extensions": [
        api_call(
            "POST",
            _plans_api(f"tasks/{{{key}}}/extensions"),
            data=lambda w, org=org: {
                "organization": org(w).pk,
                "requested_deadline": w.extra["later"].isoformat(),
                "reason": "Chờ kết quả khảo sát",
            },
            **expect,
        )
        for key, org, expect in (
            ("led", _propaganda, ALLOWED_CREATED),
            ("issued", _health, DENIED_CREATED),
        )
    ],
    "POST api/v1/tasks/<int:task_id>/extensions/<int:extension_id>/decision": [
        api_call(
            "POST",
            _plans_api(f"tasks/{{{task}}}/extensions/{{{extension}}}/decision"),
            data=lambda w: {"approve": True, "reason": "Đồng ý gia hạn"},
            **expect,
        )
        for task, extension, expect in (
            ("issued_extension", "own_extension", ALLOWED),
            ("joined_extension", "partner_extension", DENIED),
        )
    ],
    "GET api/v1/calendar": [api_call("GET", lambda w: "/api/v1/calendar")],
    # Reporting periods are reference data for everyone signed in.
    "GET api/v1/reporting/periods": [
        api_call("GET", lambda w: "/api/v1/reporting/periods?calendar=nd09&type=month&year=2026")
    ],
    "POST api/v1/calendar/rotate": [api_call("POST", lambda w: "/api/v1/calendar/rotate")],
    # Indicators are reference data; regimes are listed to whoever reads their receiver in the
    # directory (an empty list otherwise, never an error).
    "GET api/v1/reporting/indicators": [
        api_call("GET", lambda w: "/api/v1/reporting/indicators?value_type=integer")
    ],
    "GET api/v1/reporting/regimes": [
        api_call("GET", lambda w: "/api/v1/reporting/regimes"),
        api_call("GET", lambda w: f"/api/v1/reporting/regimes?reporter={w.health.pk}"),
    ],
    # Roll-ups of accepted figures: system administrators and central bodies read the country,
    # others the provinces their organisations work in (here Thanh Hóa, where the Party
    # committee is located); the outsider's organisation is located nowhere, so it reads none.
    "reporting/analysis/": [
        page(lambda w: reverse("reporting:analysis"), outsider=403),
        page(lambda w: reverse("reporting:analysis") + _analysis_query(w), outsider=403),
    ],
    "reporting/analysis/export.xlsx": [
        page(lambda w: reverse("reporting:analysis_export") + _analysis_query(w), outsider=403),
    ],
    "GET api/v1/reporting/analytics": [
        api_call(
            "GET",
            lambda w: (
                "/api/v1/reporting/analytics?indicator=TG.BUOI&period=2026-01,2026-02"
                f"&area={w.extra['culture'].area_id}&level=commune"
            ),
            outsider=403,
        ),
        api_call(
            "GET",
            lambda w: (
                "/api/v1/reporting/analytics?indicator=TG.BUOI&period=2026"
                f"&area={w.extra['phu_tho_health'].area_id}"
            ),
            member=403,
            org_admin=403,
            outsider=403,
        ),
    ],
    # Submissions (issue 16, item 4): the Health department fills its reports; the propaganda
    # department (and the Party committee above it, where `member` and `org_admin` work)
    # receives them; nobody else sees them.
    "GET api/v1/reporting/submissions": [
        api_call("GET", lambda w: "/api/v1/reporting/submissions"),
        api_call("GET", lambda w: "/api/v1/reporting/submissions?state=submitted&period=2026-03"),
    ],
    "GET api/v1/reporting/submissions/<int:submission_id>": [
        api_call("GET", _submission_api("sent"), **VIEW)
    ],
    "GET api/v1/reporting/values": [
        api_call("GET", lambda w: "/api/v1/reporting/values"),
        api_call("GET", lambda w: "/api/v1/reporting/values?format=csv&period=2026-03"),
    ],
    # Only the unit's people start and fill its reports: the receiver's people get 403 on a
    # report they see, 404 on a unit they do not.
    "POST api/v1/reporting/submissions": [
        api_call(
            "POST",
            lambda w: "/api/v1/reporting/submissions",
            data=lambda w: {
                "regime": w.extra["regime"].pk,
                "period": "2026-04",
                "organization": w.health.pk,
            },
            **UNIT_CREATES,
        )
    ],
    "POST api/v1/reporting/values": [
        api_call(
            "POST",
            lambda w: "/api/v1/reporting/values",
            data=lambda w: {
                "submission": w.extra["draft"].pk,
                "values": [{"key": "TG.BUOI", "value": "5"}],
            },
            **UNIT_WRITES,
        )
    ],
    "POST api/v1/reporting/submissions/<int:submission_id>/submit": [
        api_call("POST", _submission_api("draft", "submit"), **UNIT_WRITES)
    ],
    "POST api/v1/reporting/submissions/<int:submission_id>/accept": [
        api_call("POST", _submission_api("sent", "accept"), **VIEW)
    ],
    "POST api/v1/reporting/submissions/<int:submission_id>/return": [
        api_call(
            "POST", _submission_api("sent", "return"), data=lambda w: {"reason": "Thiếu"}, **VIEW
        )
    ],
    "POST api/v1/reporting/submissions/<int:submission_id>/reopen": [
        api_call(
            "POST", _submission_api("accepted", "reopen"), data=lambda w: {"reason": "Sai"}, **VIEW
        )
    ],
    "reporting/": [page(lambda w: "/reporting/")],
    "reporting/received/": [
        page(lambda w: "/reporting/received/"),
        page(lambda w: f"/reporting/received/?regime={w.extra['regime'].pk}&period=2026-03"),
    ],
    "reporting/<int:regime>/<period:period>/<int:organization>/": [
        page(lambda w: w.extra["sent"].get_absolute_url(), **VIEW),
        # Not started yet: the page shows the empty form to whoever may see it.
        page(lambda w: _report_path(w, "2026-04"), **VIEW),
        # The receiver's people read but do not write; the administrator's save is refused by
        # the service (the report was sent) and shown on the page.
        page(
            lambda w: w.extra["sent"].get_absolute_url(),
            method="POST",
            data=lambda w: {"action": "save", "TG.BUOI": "4"},
            **REPORT_WRITE,
        ),
    ],
    "reporting/<int:regime>/<period:period>/<int:organization>/form.xlsx": [
        page(lambda w: w.extra["sent"].get_absolute_url() + "form.xlsx", **VIEW)
    ],
    # Uploading a filled form is the unit's: the receiver's people read but do not fill.
    "reporting/<int:regime>/<period:period>/<int:organization>/upload/": [
        page(lambda w: _report_path(w, "2026-04") + "upload/", **REPORT_WRITE)
    ],
    "reporting/submissions/<int:pk>/accept/": [
        page(_submission_action("sent", "accept"), method="POST", **ALLOWED_POST)
    ],
    "reporting/submissions/<int:pk>/return/": [
        page(
            _submission_action("sent", "return"),
            method="POST",
            data=lambda w: {"reason": "Thiếu số liệu"},
            **ALLOWED_POST,
        )
    ],
    "reporting/submissions/<int:pk>/reopen/": [
        page(
            _submission_action("accepted", "reopen"),
            method="POST",
            data=lambda w: {"reason": "Sửa số liệu"},
            **ALLOWED_POST,
        )
    ],
    "reporting/submissions/<int:pk>/comments/": [
        page(
            _submission_action("sent", "comments"),
            method="POST",
            data=lambda w: {"key": "TG.BUOI", "body": "Vì sao ít?"},
            **ALLOWED_POST,
        )
    ],
    # Only the unit attaches files (the system administrator holds every role).
    "reporting/submissions/<int:pk>/attachments/": [
        page(_submission_action("draft", "attachments"), method="POST", **DENIED_POST)
    ],
    "reporting/attachments/<int:pk>/": [
        page(lambda w: f"/reporting/attachments/{w.extra['submission_attachment'].pk}/", **VIEW)
    ],
    "reporting/compile/<int:regime>/<period:period>/": [
        page(lambda w: f"/reporting/compile/{w.extra['regime'].pk}/2026-03/", **VIEW)
    ],
    "reporting/compile/<int:regime>/<period:period>/start/": [
        page(
            lambda w: f"/reporting/compile/{w.extra['regime'].pk}/2026-03/start/",
            method="POST",
            data=lambda w: {"upward": w.extra["upward_regime"].pk},
            **ALLOWED_POST,
        )
    ],
    # Completeness: every member lists the regimes they receive or report under (an empty list
    # otherwise); a regime's page is for its receiver's people (the Party committee's, above
    # the propaganda department) and its reporters' (none here), nobody else.
    "reporting/completeness/": [page(lambda w: reverse("reporting:completeness"))],
    "reporting/completeness/<int:pk>/": [
        page(
            lambda w: reverse("reporting:completeness_regime", args=[w.extra["regime"].pk]),
            **VIEW,
        )
    ],
    # Targets: everyone lists those they may see (their organisations' own and those they set);
    # whoever holds an administrator's, leader's or specialist's role imports targets for that
    # organisation (the outsider for Nghệ An's).
    "reporting/targets/": [page(lambda w: reverse("reporting:target_list"))],
    "reporting/targets/import/": [page(lambda w: reverse("reporting:target_import"))],
    "reporting/targets/import/template/": [page(lambda w: reverse("reporting:target_template"))],
}


def _analysis_query(w: World) -> str:
    indicator = w.extra["regime"].report_form.items.get().indicator_id
    return f"?indicators={indicator}&area={w.extra['culture'].area_id}&year_from=2025&year_to=2026"


def _reporting_world(w: World) -> None:
    """The Health department reports monthly to the propaganda department, which reports on
    to the Party committee: a report sent for March (to accept or return), one accepted for
    February (to reopen), a draft for January (to attach a file to)."""
    indicator = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền", unit="buổi")
    report_form = make_form(indicators=[indicator])
    regime = w.extra["regime"] = make_regime(
        receiver=w.propaganda,
        report_form=report_form,
        assignments=[Assignment(organization=w.health)],
    )
    w.extra["upward_regime"] = make_regime(
        receiver=w.party,
        report_form=report_form,
        assignments=[Assignment(organization=w.propaganda)],
    )
    values = {"TG.BUOI": "3"}
    sent, accepted, draft = (
        make_submission(
            regime=regime, organization=w.health, period=period, values=values, state=state
        )
        for period, state in (
            ("2026-03", "submitted"),
            ("2026-02", "accepted"),
            ("2026-01", "draft"),
        )
    )
    w.extra.update(sent=sent, accepted=accepted, draft=draft)
    # Stored directly: attaching through the service checks the entry dates against today.
    w.extra["submission_attachment"] = SubmissionAttachment.objects.create(
        submission=draft,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bien-ban.pdf"),
        name="bien-ban.pdf",
        size=14,
    )


WORLD_EXTENSIONS.append(_reporting_world)


# Objects for the cases routes -------------------------------------------------------------------
#
# Rules (src/phoihop/cases/permissions.py): the receiving propaganda department's staff (here
# `member`, a specialist of the Party committee above it, and `org_admin`) record items and
# verify, assign, answer, close, reopen, merge and split its cases and read the citizens'
# contact details; only its leaders and administrators decide extensions (`member` is refused).
# The outsider sees none of it (404); the system administrator may do everything.


def _cases_world(w: World) -> None:
    from phoihop.cases import services as cases
    from phoihop.cases.models import ConsentText
    from phoihop.cases.services import CitizenDetails, NewCase, ParticipantSpec

    admin = w.users["admin"]
    commune = AreaFactory(code="14950", name="Phường Đông Sơn", level="commune")
    consent, _created = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )

    def case(title, *, citizen=None):
        item = cases.record_item(
            by=admin,
            department=w.propaganda,
            channel="hotline",
            received_at=timezone.now(),
            text=f"Người dân phản ánh: {title}",
            area=commune,
            attachments=[ContentFile(b"%PDF-1.4 don thu", name="don-thu.pdf")] if citizen else [],
            new_case=NewCase(title=title, kind="complaint"),
            citizen=citizen,
        )
        return item.case

    def assigned(title, **kwargs):
        verified = cases.verify_case(case=case(title, **kwargs), by=admin)
        parts = [ParticipantSpec(w.health, "lead"), ParticipantSpec(w.extra["education"], "co")]
        return cases.assign_case(case=verified, by=admin, parts=parts)

    def answered(title):
        return cases.answer_case(case=assigned(title), by=admin, answer="Đã trả lời người dân")

    identified = assigned(
        "Nước sinh hoạt bị đục",
        citizen=CitizenDetails(consent_text=consent, consent=True, phone="0912000111"),
    )
    with_two = case("Rác thải ùn ứ")
    letter = cases.record_item(
        by=admin,
        department=w.propaganda,
        channel="letter",
        received_at=timezone.now(),
        text="Một việc khác: đèn đường hỏng",
        case=with_two,
    )
    pending = assigned("Học phí tăng cao")
    extension = cases.request_extension(
        case=pending,
        by=admin,
        requested_deadline=pending.effective_deadline + datetime.timedelta(days=10),
        reason="Chờ kết quả kiểm tra",
    )
    w.extra |= {
        "case_received": case("Sạt lở bờ sông"),
        "case_verified": cases.verify_case(case=case("Đường ngập úng"), by=admin),
        "case_assigned": identified,
        "case_identified_item": identified.items.get(),
        "case_attachment": identified.items.get().attachments.get(),
        "case_answered": answered("Tiếng ồn công trường"),
        "case_closed": cases.close_case(
            case=answered("Chợ tạm lấn chiếm"), by=admin, resolved=True
        ),
        "case_two_items": with_two,
        "case_letter": letter,
        "case_merge_target": case("Nước sinh hoạt bị đục (lần 2)"),
        "case_extension": extension,
        "case_commune": commune,
    }


WORLD_EXTENSIONS.append(_cases_world)


def _cases(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(f"cases:{name}", args=[w.extra[key].pk])


CASE_POST = {"member": 302, "org_admin": 302, "outsider": 404, "admin": 302}
LEADERS_POST = {"member": 403, "org_admin": 302, "outsider": 404, "admin": 302}


def _new_item_form(w: World) -> dict:
    return {
        "department": w.propaganda.pk,
        "channel": "letter",
        "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        "area": w.extra["case_commune"].code,
        "text": "Đề nghị sửa cầu treo bản Lác",
        "title": "Cầu treo xuống cấp",
        "kind": "proposal",
        "urgency": "normal",
        "new_anyway": "1",
    }


ROUTES.update(
    {
        "cases/": [page(lambda w: reverse("cases:case_list"))],
        # Every signed-in user gets the page, counting only the cases they see (an outsider:
        # zeros), and the export of the same list.
        "cases/analytics/": [
            page(lambda w: reverse("cases:case_analytics")),
            page(lambda w: reverse("cases:case_analytics") + "?channel=letter&hot_spot=on"),
        ],
        "cases/export/": [page(lambda w: reverse("cases:case_export") + "?bucket=open")],
        "cases/new/": [
            page(lambda w: reverse("cases:item_new"), outsider=403),
            page(
                lambda w: reverse("cases:item_new"),
                method="POST",
                data=_new_item_form,
                member=302,
                org_admin=302,
                outsider=403,
                admin=302,
            ),
        ],
        "cases/<int:pk>/": [page(_cases("case_detail", "case_assigned"), **VIEW)],
        "cases/<int:pk>/edit/": [
            page(_cases("case_edit", "case_received"), **VIEW),
            page(
                _cases("case_edit", "case_received"),
                method="POST",
                data=lambda w: {
                    "title": "Sạt lở bờ sông Mã",
                    "kind": "signal",
                    "urgency": "urgent",
                },
                **CASE_POST,
            ),
        ],
        "cases/<int:pk>/verify/": [
            page(_cases("case_verify", "case_received"), method="POST", **CASE_POST)
        ],
        "cases/<int:pk>/assign/": [
            page(_cases("case_assign", "case_verified"), **VIEW),
            page(
                _cases("case_assign", "case_verified"),
                method="POST",
                data=lambda w: {"lead": f"#{w.health.pk}"},
                **CASE_POST,
            ),
        ],
        "cases/<int:pk>/answer/": [
            page(
                _cases("case_answer", "case_assigned"),
                method="POST",
                data=lambda w: {"answer": "Đã kiểm tra và khắc phục"},
                **CASE_POST,
            )
        ],
        "cases/<int:pk>/close/": [
            page(
                _cases("case_close", "case_answered"),
                method="POST",
                data=lambda w: {"resolved": "1"},
                **CASE_POST,
            )
        ],
        "cases/<int:pk>/reopen/": [
            page(
                _cases("case_reopen", "case_closed"),
                method="POST",
                data=lambda w: {"reason": "Người dân chưa đồng ý với câu trả lời"},
                **CASE_POST,
            )
        ],
        "cases/<int:pk>/merge/": [
            page(
                _cases("case_merge", "case_received"),
                method="POST",
                data=lambda w: {"target": w.extra["case_merge_target"].number},
                **CASE_POST,
            )
        ],
        "cases/<int:pk>/extension/": [
            page(
                _cases("extension_request", "case_verified"),
                method="POST",
                data=lambda w: {
                    "requested_deadline": (
                        w.extra["case_verified"].effective_deadline + datetime.timedelta(days=7)
                    ).strftime("%d/%m/%Y"),
                    "reason": "Cần thêm thời gian xác minh",
                },
                **CASE_POST,
            )
        ],
        "cases/extensions/<int:pk>/decide/": [
            page(
                _cases("extension_decide", "case_extension"),
                method="POST",
                data=lambda w: {"approve": "1"},
                **LEADERS_POST,
            )
        ],
        "cases/items/<int:pk>/split/": [
            page(
                _cases("item_split", "case_letter"),
                method="POST",
                data=lambda w: {"title": "Đèn đường hỏng"},
                **CASE_POST,
            )
        ],
        "cases/items/<int:pk>/contact/": [
            page(_cases("item_contact", "case_identified_item"), **VIEW)
        ],
        "cases/items/<int:pk>/withdraw-consent/": [
            page(_cases("withdraw_consent", "case_identified_item"), method="POST", **CASE_POST)
        ],
        "cases/attachments/<int:pk>/": [
            page(_cases("attachment_download", "case_attachment"), **VIEW)
        ],
        "GET api/v1/cases": [api_call("GET", lambda w: "/api/v1/cases")],
        "GET api/v1/cases/<int:case_id>": [
            api_call("GET", lambda w: f"/api/v1/cases/{w.extra['case_assigned'].pk}", **VIEW)
        ],
        "GET api/v1/items": [api_call("GET", lambda w: "/api/v1/items")],
        "GET api/v1/items/<int:item_id>": [
            api_call("GET", lambda w: f"/api/v1/items/{w.extra['case_identified_item'].pk}", **VIEW)
        ],
        "GET api/v1/items/<int:item_id>/contact": [
            api_call(
                "GET",
                lambda w: f"/api/v1/items/{w.extra['case_identified_item'].pk}/contact",
                **VIEW,
            )
        ],
    }
)


# Hot-spot working groups (cases/views/groups.py) -------------------------------------------------
#
# The receiving department's staff (`member`, `org_admin` above it) set up and run the group of a
# hot-spot case; the outsider sees nothing (404). Co-agencies and collaborators: tests/cases.


def _case_groups_world(w: World) -> None:
    from phoihop.cases import services as cases

    admin = w.users["admin"]
    leader = UserFactory(username="lanhdaoban", full_name="Lãnh Đạo Ban")
    MembershipFactory(user=leader, organization=w.propaganda, role=Membership.Role.LEADER)

    def hot_spot(title):
        item = cases.record_item(
            by=admin,
            department=w.propaganda,
            channel="press",
            received_at=timezone.now(),
            text=f"Báo chí phản ánh: {title}",
            new_case=cases.NewCase(title=title, kind="signal", hot_spot=True),
        )
        return item.case

    group = cases.create_working_group(case=hot_spot("Dân tụ tập ở bãi rác"), name="Tổ", by=admin)
    cases.set_group_member(group=group, organization=w.propaganda, focal_person=w.person, by=admin)
    w.extra |= {
        "group": group,
        "group_hot_spot": hot_spot("Sạt lở bờ kè"),
        "group_leader": leader,
        "group_plan": make_plan(issuing_organization=w.propaganda),
    }


WORLD_EXTENSIONS.append(_case_groups_world)


def _today_text() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


ROUTES.update(
    {
        "cases/<int:pk>/group/new/": [
            page(
                _cases("group_new", "group_hot_spot"),
                method="POST",
                data=lambda w: {"name": "Tổ công tác sạt lở"},
                **CASE_POST,
            )
        ],
        "cases/groups/<int:pk>/": [page(_cases("group_detail", "group"), **VIEW)],
        "cases/groups/<int:pk>/members/": [
            page(
                _cases("group_member", "group"),
                method="POST",
                data=lambda w: {
                    "organization": f"#{w.propaganda.pk}",
                    "focal_username": "chuyenvien",
                },
                **CASE_POST,
            )
        ],
        "cases/groups/<int:pk>/log/": [
            page(
                _cases("group_log", "group"),
                method="POST",
                data=lambda w: {
                    "organization": w.propaganda.pk,
                    "happened_on": _today_text(),
                    "text": "Đã gặp gỡ bà con",
                },
                **CASE_POST,
            )
        ],
        "cases/groups/<int:pk>/press/": [
            page(
                _cases("group_press", "group"),
                method="POST",
                data=lambda w: {
                    "given_on": _today_text(),
                    "text": "Thông tin chính thức do tổ công tác cung cấp",
                    "approved_by": w.extra["group_leader"].pk,
                },
                **CASE_POST,
            )
        ],
        "cases/groups/<int:pk>/task/": [
            page(_cases("group_task", "group"), **VIEW),
            page(
                _cases("group_task", "group"),
                method="POST",
                data=lambda w: {
                    "plan": w.extra["group_plan"].pk,
                    "title": "Đối thoại với người dân",
                    "lead": f"#{w.propaganda.pk}",
                    "deadline": f"31/12/{w.extra['group_plan'].year}",
                },
                **CASE_POST,
            ),
        ],
    }
)


# Collaborators' monthly opinion notes (cases/views/notes.py) ------------------------------------
#
# Only a collaborator files and edits a note (nobody here is one: 403, and a draft is theirs
# alone: 404 to the department, 403 to the system administrator who sees it); the department's
# staff read sent notes and take topics up. More roles in tests/cases/test_notes.py.


def _case_notes_world(w: World) -> None:
    from phoihop.cases import services as cases
    from phoihop.org.models import Field

    collaborator = UserFactory(username="congtacvien", full_name="Cộng Tác Viên")
    MembershipFactory(
        user=collaborator, organization=w.propaganda, role=Membership.Role.COLLABORATOR
    )
    commune = w.extra["case_commune"]
    field, _created = Field.objects.get_or_create(code="y-te", defaults={"name": "Y tế"})
    month = timezone.localdate().replace(day=1)
    sent = cases.create_note(department=w.propaganda, month=month, by=collaborator)
    cases.add_topic(
        note=sent,
        field=field,
        said="Bà con hỏi về BHYT",
        mood="mixed",
        area=commune,
        by=collaborator,
    )
    cases.submit_note(note=sent, by=collaborator)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    draft = cases.create_note(department=w.propaganda, month=previous, by=collaborator)
    w.extra |= {
        "note_sent": sent,
        "note_topic": sent.topics.get(),
        "note_draft": draft,
        "note_field": field,
    }


WORLD_EXTENSIONS.append(_case_notes_world)
NOBODY_POST = {"member": 403, "org_admin": 403, "outsider": 403, "admin": 403}
DRAFT_POST = {"member": 404, "org_admin": 404, "outsider": 404, "admin": 403}

ROUTES.update(
    {
        "cases/notes/": [page(lambda w: reverse("cases:note_list"))],
        "cases/notes/new/": [
            page(
                lambda w: reverse("cases:note_new"),
                method="POST",
                data=lambda w: {"department": w.propaganda.pk, "month": "2026-01"},
                **NOBODY_POST,
            )
        ],
        "cases/notes/<int:pk>/": [page(_cases("note_detail", "note_sent"), **VIEW)],
        "cases/notes/<int:pk>/topics/": [
            page(
                _cases("topic_add", "note_draft"),
                method="POST",
                data=lambda w: {
                    "field": w.extra["note_field"].pk,
                    "area": w.extra["case_commune"].code,
                    "said": "Ý kiến",
                    "mood": "positive",
                },
                **DRAFT_POST,
            )
        ],
        "cases/notes/<int:pk>/submit/": [
            page(_cases("note_submit", "note_draft"), method="POST", **DRAFT_POST)
        ],
        "cases/notes/topics/": [page(lambda w: reverse("cases:topic_summary"))],
        "cases/notes/topics/<int:pk>/take-up/": [
            page(
                _cases("topic_take_up", "note_topic"),
                method="POST",
                data=lambda w: {"title": "Thẻ BHYT", "kind": "signal", "urgency": "normal"},
                **CASE_POST,
            )
        ],
    }
)


# A person's requests about their data (cases/views/requests.py) ---------------------------------
#
# Recorded and answered by whoever may read the identity (the department's staff, `member` and
# `org_admin` above it); co-agencies and collaborators: tests/cases/test_data_requests.py.


def _case_requests_world(w: World) -> None:
    from phoihop.cases import services as cases

    w.extra["data_request"] = cases.record_data_request(
        item=w.extra["case_identified_item"],
        kind="access",
        requester="Chính người gửi",
        received_at=timezone.now(),
        by=w.users["admin"],
    )


WORLD_EXTENSIONS.append(_case_requests_world)


def _data_request_form(w: World) -> dict:
    return {
        "kind": "delete",
        "requester": "Chính người gửi, gọi từ số đã để lại",
        "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        "received_time": "00:01",
    }


ROUTES.update(
    {
        "cases/data-requests/": [page(lambda w: reverse("cases:data_request_list"))],
        "cases/data-requests/<int:pk>/": [
            page(_cases("data_request_detail", "data_request"), **VIEW)
        ],
        "cases/data-requests/<int:pk>/fulfil/": [
            page(
                _cases("data_request_fulfil", "data_request"),
                method="POST",
                data=lambda w: {"outcome": "Đã gửi bản sao cho người yêu cầu"},
                **CASE_POST,
            )
        ],
        "cases/data-requests/<int:pk>/refuse/": [
            page(
                _cases("data_request_refuse", "data_request"),
                method="POST",
                data=lambda w: {"reason": "Không xác minh được người yêu cầu"},
                **CASE_POST,
            )
        ],
        "cases/items/<int:pk>/data-request/": [
            page(_cases("data_request_new", "case_identified_item"), **VIEW),
            page(
                _cases("data_request_new", "case_identified_item"),
                method="POST",
                data=_data_request_form,
                **CASE_POST,
            ),
        ],
    }
)


# The public side of cases: publication, the portal, Open311 ------------------------------------
#
# The receiving department's staff publish and withdraw a case's public texts (as they handle
# it); only system administrators issue and revoke Open311 keys; the portal and Open311 are
# open to everyone, signed in or not, and answer everyone alike.


def _public_cases_world(w: World) -> None:
    from phoihop.cases import services as cases
    from phoihop.cases.services import PublicDraft
    from phoihop.org.models import Field

    Field.objects.get_or_create(code="y-te", defaults={"name": "Y tế"})  # an Open311 service
    admin = w.users["admin"]
    published = cases.answer_case(
        case=cases.verify_case(
            case=cases.record_item(
                by=admin,
                department=w.propaganda,
                channel="hotline",
                received_at=timezone.now(),
                text="Người dân hỏi lịch tiêm chủng mở rộng",
                area=w.extra["case_commune"],
                new_case=cases.NewCase(title="Lịch tiêm chủng", kind="question"),
            ).case,
            by=admin,
        ),
        by=admin,
        answer="Lịch tiêm vào ngày 25 hằng tháng.",
    )
    publication = cases.publish_case(
        case=published,
        by=admin,
        draft=PublicDraft(title="Lịch tiêm chủng", question="Hỏi lịch tiêm", answer="Ngày 25"),
    )
    key, raw = cases.issue_open311_key(name="Ứng dụng thử", by=admin)
    # Where Open311 requests go: a department located in a province, with one of its communes.
    province = AreaFactory(code="44", name="Tỉnh Quảng Trị", level="province")
    OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị",
        kind="propaganda_department",
        area=province,
    )
    w.extra |= {
        "open311_commune": AreaFactory(
            code="19999", name="Phường Đông Hà", level="commune", parent=province
        ),
        "public_case": published,
        "publication": publication,
        "open311_key": key,
        "open311_raw_key": raw,
    }


WORLD_EXTENSIONS.append(_public_cases_world)

SYSADMIN_ONLY = {"member": 403, "org_admin": 403, "outsider": 403, "admin": 200}
SYSADMIN_ONLY_POST = {"member": 403, "org_admin": 403, "outsider": 403, "admin": 302}
OPEN311_FMT = r"\.(?P<fmt>json|xml)$"


def _publish_form(w: World) -> dict:
    return {"title": "Lịch tiêm", "question": "Hỏi", "answer": "Ngày 25", "action": "publish"}


def _open311_post(w: World) -> dict:
    return {
        "api_key": w.extra["open311_raw_key"],
        "service_code": "y-te",
        "description": "Trạm y tế đóng cửa",
        "attribute[commune]": w.extra["open311_commune"].code,
    }


def _tracking(w: World) -> str:
    from phoihop.cases.tracking import display

    return display(w.extra["public_case"].tracking_code)


ROUTES.update(
    {
        "cases/<int:pk>/publish/": [
            page(_cases("case_publish", "case_answered"), **VIEW),
            page(
                _cases("case_publish", "case_answered"),
                method="POST",
                data=_publish_form,
                **CASE_POST,
            ),
        ],
        "cases/<int:pk>/unpublish/": [
            page(_cases("case_unpublish", "public_case"), method="POST", **CASE_POST)
        ],
        "cases/open311-keys/": [
            page(lambda w: reverse("cases:open311_keys"), **SYSADMIN_ONLY),
            page(
                lambda w: reverse("cases:open311_keys"),
                method="POST",
                data=lambda w: {"name": "Ứng dụng mới"},
                **SYSADMIN_ONLY,
            ),
        ],
        "cases/open311-keys/<int:pk>/revoke/": [
            page(_cases("open311_key_revoke", "open311_key"), method="POST", **SYSADMIN_ONLY_POST)
        ],
        "portal/": [public(lambda w: reverse("portal:home"))],
        "portal/send/": [
            public(lambda w: reverse("portal:send")),
            public(lambda w: reverse("portal:send") + f"?province={w.area.code}"),
        ],
        "portal/sent/": [public(lambda w: reverse("portal:sent"), 302)],
        "portal/track/": [
            public(lambda w: reverse("portal:track")),
            public(lambda w: reverse("portal:track") + f"?code={_tracking(w)}"),
        ],
        "portal/answers/": [public(lambda w: reverse("portal:answers"))],
        "portal/answers/<int:pk>/": [
            public(lambda w: reverse("portal:answer_detail", args=[w.extra["publication"].pk]))
        ],
        "open311/v2/": [public(lambda w: "/open311/v2/")],
        "open311/v2/^discovery" + OPEN311_FMT: [public(lambda w: "/open311/v2/discovery.xml")],
        "open311/v2/^services" + OPEN311_FMT: [public(lambda w: "/open311/v2/services.json")],
        "open311/v2/^services/(?P<code>[\\w\\-]{1,100})" + OPEN311_FMT: [
            public(lambda w: "/open311/v2/services/khong-co.json", 404)
        ],
        "open311/v2/^requests" + OPEN311_FMT: [
            public(lambda w: "/open311/v2/requests.json"),
            public(lambda w: "/open311/v2/requests.xml", method="POST", data=_open311_post),
        ],
        "open311/v2/^requests/(?P<request_id>[\\w\\-]{1,40})" + OPEN311_FMT: [
            public(lambda w: f"/open311/v2/requests/{_tracking(w)}.json")
        ],
        "open311/v2/^tokens/(?P<token>[\\w\\-]{1,40})" + OPEN311_FMT: [
            public(lambda w: f"/open311/v2/tokens/{_tracking(w)}.xml")
        ],
    }
)


# The organisation directory (ADR 0010) ----------------------------------------------------------
#
# Every signed-in user reads the directory entries of their own province(s) and of the central
# level; people, memberships, audit history and every write stay within their scope. Here the
# Party committee is located in Thanh Hóa, so `member` and `org_admin` read a Thanh Hóa
# department outside their subtree, and everyone signed in reads a ministry; nobody but the
# system administrator reads Phú Thọ's, nor anyone's people there.


def _directory_world(w: World) -> None:
    thanh_hoa = AreaFactory(name="Tỉnh Thanh Hóa", code="T38", level="province", type="tỉnh")
    phu_tho = AreaFactory(name="Tỉnh Phú Thọ", code="T25", level="province", type="tỉnh")
    commune = AreaFactory(name="Phường Hàm Rồng", parent=thanh_hoa)
    # The Party committee and the People's Committee (not its Health department) are located in
    # Thanh Hóa: the Health department stays a province-tree organisation outside the directory.
    Organization.objects.filter(pk__in=[w.party.pk, w.health.parent_id]).update(area=thanh_hoa)
    culture = OrganizationFactory(
        name="Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa", area=thanh_hoa
    )
    ward = OrganizationFactory(name="Đảng ủy phường Hàm Rồng", area=commune, level="commune")
    ministry = OrganizationFactory(name="Bộ Y tế", level="central")
    phu_tho_health = OrganizationFactory(name="Sở Y tế tỉnh Phú Thọ", area=phu_tho)
    people = {}
    for key, organization in (
        ("culture", culture),
        ("ministry", ministry),
        ("phu_tho", phu_tho_health),
    ):
        people[key] = MembershipFactory(organization=organization).user
    w.extra |= {
        "culture": culture,
        "ward": ward,
        "ministry": ministry,
        "phu_tho_health": phu_tho_health,
        "directory_people": people,
    }


WORLD_EXTENSIONS.append(_directory_world)

# Read in the directory, outside the scope: a 403 on writing, not a 404 (the reader sees it).
DIRECTORY = {"member": 200, "org_admin": 200, "outsider": 404, "admin": 200}
OUT_OF_DIRECTORY = {"member": 404, "org_admin": 404, "outsider": 404, "admin": 200}
SCOPED_PEOPLE = OUT_OF_DIRECTORY
DIRECTORY_WRITE = {"member": 403, "org_admin": 403, "outsider": 404, "admin": 200}
CENTRAL_WRITE = {"member": 403, "org_admin": 403, "outsider": 403, "admin": 200}


def _extra_pk(key: str) -> Callable[[World], int]:
    return lambda w: w.extra[key].pk


def _person_of(key: str) -> Callable[[World], int]:
    return lambda w: w.extra["directory_people"][key].pk


ROUTES["organizations/<int:pk>/"] += [
    page(_org("organization_detail", _extra_pk("culture")), **DIRECTORY),
    page(_org("organization_detail", _extra_pk("ward")), **DIRECTORY),
    page(_org("organization_detail", _extra_pk("ministry"))),
    page(_org("organization_detail", _extra_pk("phu_tho_health")), **OUT_OF_DIRECTORY),
]
ROUTES["organizations/<int:pk>/members/"] += [
    page(_org("member_list", _extra_pk("culture")), **SCOPED_PEOPLE),
    page(_org("member_list", _extra_pk("ministry")), **SCOPED_PEOPLE),
]
ROUTES["organizations/<int:pk>/audit/"] += [
    page(_org("organization_audit", _extra_pk("culture")), **SCOPED_PEOPLE),
]
ROUTES["organizations/<int:pk>/edit/"] += [
    page(_org("organization_edit", _extra_pk("culture")), **DIRECTORY_WRITE),
    page(_org("organization_edit", _extra_pk("ministry")), **CENTRAL_WRITE),
    page(_org("organization_edit", _extra_pk("phu_tho_health")), **OUT_OF_DIRECTORY),
]
ROUTES["organizations/<int:pk>/archive/"] += [
    page(_org("organization_archive", _extra_pk("culture")), **DIRECTORY_WRITE),
]
ROUTES["people/<int:pk>/"] += [
    page(_org("person_detail", _person_of("culture")), **SCOPED_PEOPLE),
    page(_org("person_detail", _person_of("ministry")), **SCOPED_PEOPLE),
    page(_org("person_detail", _person_of("phu_tho")), **SCOPED_PEOPLE),
]
ROUTES["GET api/v1/organizations/<int:organization_id>"] += [
    api_call("GET", lambda w: f"/api/v1/organizations/{w.extra['culture'].pk}", **DIRECTORY),
    api_call("GET", lambda w: f"/api/v1/organizations/{w.extra['ministry'].pk}"),
    api_call(
        "GET",
        lambda w: f"/api/v1/organizations/{w.extra['phu_tho_health'].pk}",
        **OUT_OF_DIRECTORY,
    ),
]
ROUTES["PATCH api/v1/organizations/<int:organization_id>"] += [
    api_call(
        "PATCH",
        lambda w: f"/api/v1/organizations/{w.extra['culture'].pk}",
        data=lambda w: {"phone": "0237 3852 000"},
        **DIRECTORY_WRITE,
    )
]


# Objects for the press monitoring routes -------------------------------------------------------
#
# Rules (src/phoihop/media/permissions.py): press stories are read by staff (administrators,
# leaders and specialists of any organisation, so all four signed-in visitors here); nobody
# writes through these pages (articles come in through the import pipeline).


def _media_world(w: World) -> None:
    import datetime

    from phoihop.media.extract import VIETNAM, RawArticle
    from phoihop.media.models import Article, Feed, Source
    from phoihop.media.pipeline import import_articles

    source = Source.objects.create(name="Báo Thử nghiệm", level=Source.Level.CENTRAL)
    import_articles(
        [
            RawArticle(
                url="https://baothunghiem.example/tin-1.html",
                title="Học sinh nhập viện sau bữa ăn bán trú",
                text="Nhiều học sinh đau bụng sau bữa trưa tại trường.",
                published_at=datetime.datetime(2026, 12, 2, 12, tzinfo=VIETNAM),
            )
        ],
        source=source,
    )
    w.extra["press_source"] = source
    w.extra["press_story"] = Article.objects.get(source=source).cluster
    # A watched topic and an alert of `member`: theirs alone (others get 404).
    from phoihop.media.models import Alert, Watchlist

    member = w.users["member"]
    w.extra["press_watchlist"] = Watchlist.objects.create(owner=member, kind="query", query="lúa")
    w.extra["press_alert"] = Alert.objects.create(
        recipient=member, kind="spike", key="spike:test", topic="Từ khóa: «lúa»", story_count=3
    )
    w.extra["press_feed"] = Feed.objects.create(
        source=source, kind=Feed.Kind.RSS, url="https://baothunghiem.example/rss"
    )
    w.extra["press_import_run"] = ImportRun.objects.create(
        kind="media.press_files", created_by=w.users["member"], total=3
    )


WORLD_EXTENSIONS.append(_media_world)


def _media(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(f"media:{name}", args=[w.extra[key].pk])


ROUTES.update(
    {
        "press/": [
            page(lambda w: reverse("media:newsroom")),
            page(lambda w: reverse("media:newsroom") + "?q=hoc+sinh&negative=on&area=xx"),
        ],
        "press/stories/<int:pk>/": [page(_media("cluster_detail", "press_story"))],
        # the outsider records no citizens' items (no propaganda department in its scope)
        "press/stories/<int:pk>/case/": [
            page(
                _media("cluster_case", "press_story"),
                method="POST",
                data=lambda w: {"department": w.propaganda.pk, "kind": "signal"},
                member=302,
                org_admin=302,
                outsider=403,
                admin=302,
            )
        ],
        "press/sources/": [page(lambda w: reverse("media:source_list"))],
        "press/sources/<int:pk>/": [page(_media("source_detail", "press_source"))],
        # Watchlists and alerts are their owner's: every reader has their own.
        "press/export.xlsx": [page(lambda w: reverse("media:export") + "?negative=on")],
        "press/attention/": [
            page(lambda w: reverse("media:attention")),
            page(lambda w: reverse("media:attention") + "?q=lua&b-field=x&days=7"),
        ],
        "press/watchlists/": [
            page(lambda w: reverse("media:watchlists")),
            page(
                lambda w: reverse("media:watchlists"),
                method="POST",
                data=lambda w: {"kind": "query", "query": "ngộ độc"},
                member=302,
                org_admin=302,
                outsider=302,
                admin=302,
            ),
        ],
        "press/watchlists/<int:pk>/delete/": [
            page(
                _media("watchlist_delete", "press_watchlist"),
                method="POST",
                member=302,
                org_admin=404,
                outsider=404,
                admin=404,
            )
        ],
        "press/alerts/": [page(lambda w: reverse("media:alert_list") + "?open=on")],
        "press/alerts/<int:pk>/": [
            page(_media("alert_detail", "press_alert"), org_admin=404, outsider=404, admin=404)
        ],
        "press/alerts/<int:pk>/acknowledge/": [
            page(
                _media("alert_acknowledge", "press_alert"),
                method="POST",
                member=302,
                org_admin=404,
                outsider=404,
                admin=404,
            )
        ],
        # the receiving department's staff attach a story to its open case; the outsider
        # records no citizens' items
        "press/stories/<int:pk>/attach/": [
            page(
                _media("story_attach", "press_story"),
                method="POST",
                data=lambda w: {"number": w.extra["case_received"].number},
                member=302,
                org_admin=302,
                outsider=403,
                admin=302,
            )
        ],
        "press/stories/<int:pk>/task/": [page(_media("story_task", "press_story"))],
        "press/stories/<int:pk>/orientation/": [
            page(_media("story_orientation", "press_story"), outsider=403)
        ],
        "GET api/v1/media/sources": [api_call("GET", lambda w: "/api/v1/media/sources")],
        "GET api/v1/media/articles": [api_call("GET", lambda w: "/api/v1/media/articles")],
        "GET api/v1/media/clusters": [
            api_call("GET", lambda w: "/api/v1/media/clusters?q=hoc+sinh&negative=true")
        ],
        "GET api/v1/media/clusters/<int:cluster_id>": [
            api_call("GET", lambda w: f"/api/v1/media/clusters/{w.extra['press_story'].pk}")
        ],
        "GET api/v1/media/alerts": [api_call("GET", lambda w: "/api/v1/media/alerts")],
        "GET api/v1/media/watchlists": [api_call("GET", lambda w: "/api/v1/media/watchlists")],
        "POST api/v1/media/classify": [
            api_call(
                "POST",
                lambda w: "/api/v1/media/classify",
                data=lambda w: {"text": "Học sinh nhập viện sau bữa ăn bán trú."},
            )
        ],
        # sources, feeds and press files are kept by a propaganda department's staff (the
        # member and the org admin hold roles above one) and system administrators
        "press/sources/new/": [page(lambda w: reverse("media:source_create"), outsider=403)],
        "press/sources/<int:pk>/edit/": [page(_media("source_edit", "press_source"), outsider=403)],
        "press/sources/<int:pk>/feeds/new/": [
            page(_media("feed_create", "press_source"), outsider=403)
        ],
        "press/feeds/<int:pk>/edit/": [page(_media("feed_edit", "press_feed"), outsider=403)],
        "press/import/": [page(lambda w: reverse("media:press_import"), outsider=403)],
        # an import run by the worker: only its uploader sees it
        "press/import/<uuid:run_id>/": [
            page(
                lambda w: reverse("media:press_import_run", args=[w.extra["press_import_run"].pk]),
                member=200,
                org_admin=404,
                outsider=403,
                admin=404,
            )
        ],
    }
)


# Objects for the missions and good-models routes -----------------------------------------------
#
# Rules (src/phoihop/missions/permissions.py, src/phoihop/practices/permissions.py): a mission is
# read by its conducting organisation's tree, its members and the organisations it visited (each
# only its own findings); it is written by the conducting side's staff, and a finding is answered
# by the visited organisation's staff. Every signed-in user reads the good-models registry; the
# keeping organisation's staff (or the model's own) write it.


def _missions_world(w: World) -> None:
    from phoihop.missions import services as missions
    from phoihop.practices import services as practices

    today = timezone.localdate()
    admin = w.users["admin"]
    mission = missions.create_mission(
        by=admin,
        organization=w.propaganda,
        kind="survey",
        title="Khảo sát công tác tuyên truyền chuyển đổi số",
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=10),
    )
    visit = missions.add_visit(
        mission=mission,
        by=admin,
        organization=w.health,
        visited_on=today - datetime.timedelta(days=19),
    )
    finding = missions.add_finding(
        visit=visit, by=admin, kind="shortcoming", text="Chưa có chuyên mục hỏi đáp."
    )
    missions.add_recommendation(
        mission=mission,
        by=admin,
        organization=w.health,
        text="Mở chuyên mục hỏi đáp về chuyển đổi số.",
        deadline=today + datetime.timedelta(days=30),
        finding=finding,
    )
    missions.attach_report(
        mission=mission,
        by=admin,
        report=ContentFile(b"%PDF-1.4 bao cao", name="bao-cao.pdf"),
        report_on=today - datetime.timedelta(days=5),
    )
    practice = practices.create_model(
        by=admin,
        keeper=w.propaganda,
        organization=w.health,
        title="Tổ truyền thông cộng đồng phòng chống sốt xuất huyết",
        summary="Mỗi khu phố một tổ truyền thông.",
        started_on=today - datetime.timedelta(days=400),
    )
    evidence = practices.add_evidence(
        practice=practice,
        by=admin,
        upload=ContentFile(b"%PDF-1.4 minh chung", name="minh-chung.pdf"),
    )
    w.extra |= {
        "mission": mission,
        "mission_visit": visit,
        "mission_finding": finding,
        "good_model": practice,
        "good_model_evidence": evidence,
    }


WORLD_EXTENSIONS.append(_missions_world)


def _missions(name: str, key: str = "mission") -> Callable[[World], str]:
    return lambda w: reverse(f"missions:{name}", args=[w.extra[key].pk])


def _practices(name: str, key: str = "good_model") -> Callable[[World], str]:
    return lambda w: reverse(f"practices:{name}", args=[w.extra[key].pk])


# An empty form sent by someone allowed is refused with its errors (400).
MISSION_WRITE = {"member": 400, "org_admin": 400, "outsider": 404, "admin": 400}
MODEL_WRITE = {"member": 400, "org_admin": 400, "outsider": 403, "admin": 400}
MODEL_API_WRITE = {"member": 201, "org_admin": 201, "outsider": 403, "admin": 201}

ROUTES.update(
    {
        "missions/": [page(lambda w: reverse("missions:mission_list"))],
        "missions/recommendations/": [
            page(lambda w: reverse("missions:recommendation_list") + "?bucket=open_on_track")
        ],
        # Anyone holding a staff role somewhere may set one up for their own organisation.
        "missions/new/": [page(lambda w: reverse("missions:mission_create"))],
        "missions/<int:pk>/": [page(_missions("mission_detail"), **VIEW)],
        "missions/<int:pk>/visits/": [
            page(_missions("visit_add"), method="POST", data=lambda w: {}, **MISSION_WRITE)
        ],
        "missions/<int:pk>/findings/": [
            page(_missions("finding_add"), method="POST", data=lambda w: {}, **MISSION_WRITE)
        ],
        "missions/<int:pk>/recommendations/": [
            page(_missions("recommendation_add"), method="POST", data=lambda w: {}, **MISSION_WRITE)
        ],
        "missions/<int:pk>/report/": [
            page(_missions("report_upload"), method="POST", data=lambda w: {}, **MISSION_WRITE)
        ],
        "missions/<int:pk>/report/download/": [page(_missions("report_download"), **VIEW)],
        # Only the visited organisation (Sở Y tế, outside the Party committee's tree) answers.
        "missions/findings/<int:pk>/answer/": [
            page(
                _missions("finding_answer", "mission_finding"),
                member=403,
                org_admin=403,
                outsider=404,
            )
        ],
        "GET api/v1/missions": [api_call("GET", lambda w: "/api/v1/missions?kind=survey")],
        "POST api/v1/missions": [
            api_call(
                "POST",
                lambda w: "/api/v1/missions",
                data=lambda w: {
                    "kind": "inspection",
                    "title": "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW",
                    "organization": w.propaganda.pk,
                    "starts_on": str(timezone.localdate()),
                    "ends_on": str(timezone.localdate() + datetime.timedelta(days=5)),
                },
                **ALLOWED_CREATED | {"outsider": 400},  # the organisation is unknown to them
            )
        ],
        "GET api/v1/missions/<int:mission_id>": [
            api_call("GET", lambda w: f"/api/v1/missions/{w.extra['mission'].pk}", **VIEW)
        ],
        "POST api/v1/missions/<int:mission_id>/visits": [
            api_call(
                "POST",
                lambda w: f"/api/v1/missions/{w.extra['mission'].pk}/visits",
                data=lambda w: {
                    "organization": w.health.pk,
                    "visited_on": str(w.extra["mission"].ends_on),
                },
                **ALLOWED_CREATED,
            )
        ],
        "POST api/v1/missions/<int:mission_id>/findings": [
            api_call(
                "POST",
                lambda w: f"/api/v1/missions/{w.extra['mission'].pk}/findings",
                data=lambda w: {
                    "visit": w.extra["mission_visit"].pk,
                    "kind": "strength",
                    "text": "Đã cung cấp thông tin kịp thời cho báo chí.",
                },
                **ALLOWED_CREATED,
            )
        ],
        "POST api/v1/missions/<int:mission_id>/recommendations": [
            api_call(
                "POST",
                lambda w: f"/api/v1/missions/{w.extra['mission'].pk}/recommendations",
                data=lambda w: {
                    "organization": w.health.pk,
                    "text": "Cập nhật chuyên mục hằng tuần.",
                    "deadline": str(timezone.localdate() + datetime.timedelta(days=60)),
                },
                **ALLOWED_CREATED,
            )
        ],
        "POST api/v1/missions/findings/<int:finding_id>/answer": [
            api_call(
                "POST",
                lambda w: f"/api/v1/missions/findings/{w.extra['mission_finding'].pk}/answer",
                data=lambda w: {"answer": "Sở đã mở chuyên mục."},
                member=403,
                org_admin=403,
                outsider=404,
            )
        ],
        "models/": [page(lambda w: reverse("practices:model_list") + "?q=sot+xuat+huyet")],
        "models/new/": [page(lambda w: reverse("practices:model_create"))],
        "models/<int:pk>/": [page(_practices("model_detail"))],
        "models/<int:pk>/evidence/": [
            page(_practices("evidence_add"), method="POST", data=lambda w: {}, **MODEL_WRITE)
        ],
        "models/<int:pk>/commendations/": [
            page(_practices("commendation_add"), method="POST", data=lambda w: {}, **MODEL_WRITE)
        ],
        "models/<int:pk>/replications/": [
            page(_practices("replication_add"), method="POST", data=lambda w: {}, **MODEL_WRITE)
        ],
        "models/evidence/<int:pk>/": [page(_practices("evidence_download", "good_model_evidence"))],
        "GET api/v1/models": [api_call("GET", lambda w: "/api/v1/models?commended=false")],
        "POST api/v1/models": [
            api_call(
                "POST",
                lambda w: "/api/v1/models",
                data=lambda w: {
                    "title": "Dân vận khéo trong giải phóng mặt bằng",
                    "summary": "Cán bộ đến từng nhà lắng nghe, giải thích chính sách.",
                    "organization": w.propaganda.pk,
                    "keeper": w.propaganda.pk,
                    "started_on": "2025-04-01",
                },
                **ALLOWED_CREATED | {"outsider": 400},
            )
        ],
        "GET api/v1/models/<int:model_id>": [
            api_call("GET", lambda w: f"/api/v1/models/{w.extra['good_model'].pk}")
        ],
        "POST api/v1/models/<int:model_id>/commendations": [
            api_call(
                "POST",
                lambda w: f"/api/v1/models/{w.extra['good_model'].pk}/commendations",
                data=lambda w: {
                    "title": "Bằng khen",
                    "conferred_by": "Chủ tịch UBND tỉnh",
                    "conferred_on": str(timezone.localdate()),
                },
                **MODEL_API_WRITE,
            )
        ],
        "POST api/v1/models/<int:model_id>/replications": [
            api_call(
                "POST",
                lambda w: f"/api/v1/models/{w.extra['good_model'].pk}/replications",
                data=lambda w: {"area": w.area.pk, "started_on": str(timezone.localdate())},
                **MODEL_API_WRITE,
            )
        ],
    }
)
# Objects for the library routes ------------------------------------------------------------------
#
# Rules (src/phoihop/library/permissions.py): a public item is listed for everyone (its page and
# file need a sign-in, as every file), an item for signed-in users is read by every account, a
# restricted one by its audience (here a body of propagandists none of the visitors belongs to)
# and by the keepers of the owning organisation (the editor roles at the propaganda department or
# above it: `member` and `org_admin`). Keepers change items and collections; anyone holding an
# editor role somewhere (the outsider administers Nghệ An's committee) may add their own.


def _library_world(w: World) -> None:
    from phoihop.library import services as library
    from tests.library.helpers import make_item

    propagandists = OrganizationFactory(name="Đoàn báo cáo viên Tỉnh ủy", parent=w.party)
    w.extra["library_public"] = make_item(w.propaganda, access="public", title="Công khai")
    w.extra["library_restricted"] = make_item(
        w.propaganda, access="restricted", audience_organizations=[propagandists]
    )
    w.extra["library_collection"] = library.save_collection(
        collection=None,
        organization=w.propaganda,
        title="Tài liệu sinh hoạt chi bộ tháng 12/2026",
        items=[w.extra["library_public"], w.extra["library_restricted"]],
        by=w.users["admin"],
    )


WORLD_EXTENSIONS.append(_library_world)


def _lib(name: str, key: str, *rest) -> Callable[[World], str]:
    return lambda w: reverse(f"library:{name}", args=[w.extra[key].pk, *rest])


def _lib_api(key: str, rest: str = "") -> Callable[[World], str]:
    return lambda w: f"/api/v1/library/items/{w.extra[key].pk}{rest}"


LIBRARY_KEEP = {"member": 200, "org_admin": 200, "outsider": 403, "admin": 200}
ROUTES.update(
    {
        "library/": [page(lambda w: reverse("library:item_list")),
                     page(lambda w: reverse("library:item_list") + "?q=de+cuong&kind=x")],
        "library/public/": [public(lambda w: reverse("library:public_list")),
                            public(lambda w: reverse("library:public_list")
                                   + "?q=%27%22%3Cx%3E&kind=x&page=-1")],
        "library/new/": [page(lambda w: reverse("library:item_create"))],
        "library/<int:pk>/": [page(_lib("item_detail", "library_public")),
                              page(_lib("item_detail", "library_restricted"), **VIEW)],
        "library/<int:pk>/edit/": [page(_lib("item_edit", "library_public"), **LIBRARY_KEEP),
                                   page(_lib("item_edit", "library_restricted"), **VIEW)],
        "library/<int:pk>/file/": [page(_lib("item_file", "library_public")),
                                   page(_lib("item_file", "library_restricted"), **VIEW)],
        "library/<int:pk>/versions/new/": [
            page(_lib("version_create", "library_public"), **LIBRARY_KEEP),
            page(_lib("version_create", "library_restricted"), **VIEW),
        ],
        "library/<int:pk>/versions/<int:number>/file/": [
            page(_lib("version_file", "library_public", 1)),
            page(_lib("version_file", "library_restricted", 1), **VIEW),
            page(_lib("version_file", "library_public", 9), member=404, org_admin=404,
                 outsider=404, admin=404),
        ],
        "library/collections/": [page(lambda w: reverse("library:collection_list"))],
        "library/collections/new/": [page(lambda w: reverse("library:collection_create"))],
        # A collection is reached from the owning organisation's directory (not Nghệ An's).
        "library/collections/<int:pk>/": [
            page(_lib("collection_detail", "library_collection"), **VIEW)
        ],
        "library/collections/<int:pk>/edit/": [
            page(_lib("collection_edit", "library_collection"), **VIEW)
        ],
        "GET api/v1/library/items": [api_call("GET", lambda w: "/api/v1/library/items?q=de")],
        "GET api/v1/library/items/<int:item_id>": [
            api_call("GET", _lib_api("library_public")),
            api_call("GET", _lib_api("library_restricted"), **VIEW),
        ],
        "PUT api/v1/library/items/<int:item_id>/access": [
            api_call("PUT", _lib_api("library_public", "/access"),
                     data=lambda w: {"access": "signed_in"}, outsider=403),
            api_call("PUT", _lib_api("library_restricted", "/access"),
                     data=lambda w: {"access": "public"}, **VIEW),
        ],
        "GET api/v1/library/public-items": [
            api_call("GET", lambda w: "/api/v1/library/public-items", anonymous=200)
        ],
    }
)  # fmt: skip


# Discovering every route ------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or "")


def _api_operations() -> dict[str, str]:
    """{"METHOD route": route} for every operation of the ninja API, routes spelled as Django
    sees them (so they can be matched with the resolver's)."""
    prefix = next(
        route[: -len("openapi.json")]
        for route, name in _walk(get_resolver().url_patterns)
        if name == f"{api.urls_namespace}:openapi-json"
    )
    operations = {}
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            parts = [replace_path_param_notation(p) for p in (bound.prefix, path) if p]
            route = prefix + normalize_path("/".join(parts)).lstrip("/")
            for operation in path_view.operations:
                for method in operation.methods:
                    operations[f"{method} {route}"] = route
    return operations


def discovered_routes() -> set[str]:
    operations = _api_operations()
    api_routes = set(operations.values())
    routes = set(operations)
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(EXCLUDED_PREFIXES) or name in EXCLUDED_NAMES:
            continue
        if route in api_routes:
            continue  # listed per method above
        routes.add(route)
    return routes


def test_every_route_is_in_the_permission_table():
    routes = discovered_routes()
    unlisted = sorted(routes - set(ROUTES))
    stale = sorted(set(ROUTES) - routes)
    message = []
    if unlisted:
        message.append(
            f"{len(unlisted)} route(s) missing from ROUTES in tests/test_url_permissions.py. "
            "Decide who may open each one and add it to the table (objects the checks need go "
            "in world.extra through WORLD_EXTENSIONS, as _directives_world does), e.g.:"
        )
        message += [f"    {_skeleton(route)}" for route in unlisted]
    if stale:
        message.append("Routes in ROUTES that no longer exist (remove them):")
        message += [f"    {route!r}" for route in stale]
    if message:
        pytest.fail("\n".join(message), pytrace=False)


def _skeleton(route: str) -> str:
    method, _, path = route.partition(" ") if route[:1].isupper() else ("", "", route)
    if method:
        return f'"{route}": [api_call("{method}", lambda w: "/{path}", **VIEW)],'
    return f'"{route}": [page(lambda w: "/{path}", **VIEW)],'


def test_the_discovery_sees_pages_and_api_operations():
    routes = discovered_routes()
    assert "people/<int:pk>/" in routes
    assert "GET api/v1/me" in routes and "PATCH api/v1/me" in routes
    assert not any(route.startswith("admin/") for route in routes)


# Objects for the events routes ------------------------------------------------------------------
#
# Rules (src/phoihop/events/permissions.py): the organiser's staff (cascading down) manage an
# event; the people of the organiser, co-organisers and invited organisations, and every invited
# person, read it. Here the propaganda department organises today's bloc briefing, so `member`
# and `org_admin` (the Party committee above it) manage it; `member` is also invited, and has
# attended a training course with a certificate. The outsider sees nothing.


def _events_world(w: World) -> None:
    from phoihop.events import codes
    from phoihop.events import services as events
    from phoihop.events.models import EventKind
    from tests.events.conftest import kind, today_at

    kind("giao-ban")  # loads the default kinds when a flush took them
    organiser = w.users["member"]
    briefing = events.create_event(
        by=organiser,
        organizer=w.propaganda,
        kind=EventKind.objects.get(code="giao-ban"),
        title="Giao ban khối khoa giáo 6 tháng",
        starts_at=today_at(8),
        ends_at=today_at(11),
        place="Hội trường Tỉnh ủy",
    )
    events.invite(event=briefing, by=organiser, people=[w.users["member"], w.person])
    item = events.add_agenda_item(event=briefing, by=organiser, title="Khai mạc")
    conclusion = events.add_conclusion(event=briefing, by=organiser, text="Tăng cường tuyên truyền")
    file = events.add_file(
        event=briefing,
        by=organiser,
        kind="slides",
        upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4", "application/pdf"),
    )
    events.add_material(event=briefing, by=organiser, item=w.extra["library_restricted"])
    course = events.create_event(
        by=organiser,
        organizer=w.propaganda,
        kind=EventKind.objects.get(code="boi-duong-bcv"),
        title="Bồi dưỡng báo cáo viên",
        starts_at=today_at(13),
        ends_at=today_at(17),
        place="Trường Chính trị tỉnh",
        training_hours=4,
    )
    events.invite(event=course, by=organiser, people=[w.users["member"]])
    trainee = course.participants.get()
    events.check_in(participant=trainee, by=organiser)
    trainee.refresh_from_db()
    events.record_training(
        participant=trainee,
        by=organiser,
        certificate=SimpleUploadedFile("chung-nhan.pdf", b"%PDF-1.4", "application/pdf"),
    )
    w.extra |= {
        "event": briefing,
        "event_participant": briefing.participants.get(person=w.users["member"]),
        "agenda_item": item,
        "conclusion": conclusion,
        "event_file": file,
        "course": course,
        "trainee": trainee,
        "door_code": codes.door_code(briefing),
        "pass_code": codes.pass_code(briefing, w.users["member"]),
    }


WORLD_EXTENSIONS.append(_events_world)


def _ev(name: str, *keys: str) -> Callable[[World], str]:
    return lambda w: reverse(f"events:{name}", args=[w.extra[k].pk for k in keys])


def _ev_code(name: str, code: str) -> Callable[[World], str]:
    return lambda w: reverse(f"events:{name}", args=[w.extra["event"].pk, w.extra[code]])


EVENT_POST = {"member": 302, "org_admin": 302, "outsider": 404, "admin": 302}
ONLY_INVITED = {"member": 200, "org_admin": 404, "outsider": 404, "admin": 404}


def _event_api_body(w: World) -> dict:
    from tests.events.conftest import kind, today_at

    return {
        "kind": kind("hoi-nghi").pk,
        "title": "Hội nghị báo cáo viên tháng 12",
        "organizer": w.propaganda.pk,
        "starts_at": today_at(14).isoformat(),
        "ends_at": today_at(16).isoformat(),
        "place": "Hội trường",
    }


ROUTES.update(
    {
        "events/": [page(lambda w: reverse("events:event_list"))],
        "events/new/": [page(lambda w: reverse("events:event_create"))],
        "events/<int:pk>/": [page(_ev("event_detail", "event"), **VIEW)],
        "events/<int:pk>/edit/": [page(_ev("event_edit", "event"), **VIEW)],
        "events/<int:pk>/agenda/": [
            page(
                _ev("agenda_add", "event"),
                method="POST",
                data=lambda w: {"title": "Tổng kết"},
                **EVENT_POST,
            )
        ],
        "events/<int:pk>/agenda/<int:item_pk>/remove/": [
            page(_ev("agenda_remove", "event", "agenda_item"), method="POST", **EVENT_POST)
        ],
        "events/<int:pk>/invite/": [page(_ev("invite", "event"), **VIEW)],
        "events/<int:pk>/rsvp/": [
            page(
                _ev("rsvp", "event"),
                method="POST",
                data=lambda w: {"rsvp": "accepted"},
                member=302,
                org_admin=404,
                outsider=404,
                admin=404,
            )
        ],
        "events/<int:pk>/attendance/": [page(_ev("attendance", "event"), **VIEW)],
        "events/<int:pk>/attendance/<int:participant_pk>/": [
            page(
                _ev("check_in", "event", "event_participant"),
                method="POST",
                data=lambda w: {"present": "1"},
                **EVENT_POST,
            )
        ],
        "events/<int:pk>/attendance/<int:participant_pk>/training/": [
            page(_ev("training_record", "course", "trainee"), **VIEW)
        ],
        "events/<int:pk>/attendance/<int:participant_pk>/certificate/": [
            page(_ev("certificate", "course", "trainee"), **VIEW)
        ],
        "events/<int:pk>/door/": [
            page(_ev("door", "event"), **VIEW),
            page(_ev("door", "event"), method="POST", **EVENT_POST),
        ],
        # Whoever holds the door's code reaches its page; only the invited are checked in.
        "events/<int:pk>/door/<str:code>/": [
            page(_ev_code("door_check_in", "door_code")),
            page(
                _ev_code("door_check_in", "door_code"),
                method="POST",
                member=302,
                org_admin=302,  # staff of the Party committee above the organiser
                outsider=400,
                admin=400,  # a system administrator is nobody's staff
            ),
            page(
                lambda w: reverse("events:door_check_in", args=[w.extra["event"].pk, "sai"]),
                member=404,
                org_admin=404,
                outsider=404,
                admin=404,
            ),
        ],
        "events/<int:pk>/pass/": [page(_ev("my_pass", "event"), **ONLY_INVITED)],
        "events/<int:pk>/pass/<str:code>/": [
            page(_ev_code("pass_check_in", "pass_code"), **VIEW),
            page(
                _ev_code("pass_check_in", "pass_code"),
                method="POST",
                data=lambda w: {"code": w.extra["pass_code"]},
                **EVENT_POST,
            ),
        ],
        "events/<int:pk>/conclusions/": [
            page(
                _ev("conclusion_add", "event"),
                method="POST",
                data=lambda w: {"text": "Kết luận mới"},
                **EVENT_POST,
            )
        ],
        "events/<int:pk>/conclusions/<int:conclusion_pk>/task/": [
            page(_ev("conclusion_task", "event", "conclusion"), **VIEW)
        ],
        "events/<int:pk>/files/": [
            page(
                _ev("file_add", "event"),
                method="POST",
                data=lambda w: {"kind": "photo", **_upload(w)},
                **EVENT_POST,
            )
        ],
        "events/<int:pk>/materials/": [
            page(
                _ev("material_add", "event"),
                method="POST",
                data=lambda w: {"item": w.extra["library_public"].pk},
                **EVENT_POST,
            )
        ],
        "events/<int:pk>/materials/<int:item_pk>/remove/": [
            page(
                _ev("material_remove", "event", "library_restricted"),
                method="POST",
                **EVENT_POST,
            )
        ],
        "events/<int:pk>/files/<int:file_pk>/": [
            page(_ev("file_download", "event", "event_file"), **VIEW)
        ],
        "events/training/": [page(lambda w: reverse("events:my_training"))],
        "events/training/<int:person_pk>/": [
            page(lambda w: reverse("events:training", args=[w.users["member"].pk]), **VIEW)
        ],
        "plans/calendar/<str:token>/reviews.ics": [
            public(
                lambda w: reverse("plans:review_calendar_feed", args=[w.extra["calendar_token"]])
            ),
            public(lambda w: reverse("plans:review_calendar_feed", args=["khong-co"]), 404),
        ],
        "GET api/v1/events": [api_call("GET", lambda w: "/api/v1/events")],
        "POST api/v1/events": [
            api_call(
                "POST",
                lambda w: "/api/v1/events",
                data=_event_api_body,
                member=201,
                org_admin=201,
                outsider=400,
                admin=201,
            )
        ],
        "GET api/v1/events/<int:event_id>": [
            api_call("GET", lambda w: f"/api/v1/events/{w.extra['event'].pk}", **VIEW)
        ],
        "PATCH api/v1/events/<int:event_id>": [
            api_call(
                "PATCH",
                lambda w: f"/api/v1/events/{w.extra['event'].pk}",
                data=lambda w: {"title": "Giao ban khoa giáo (sửa)"},
                **VIEW,
            )
        ],
    }
)


# Changing and removing missions and good models, cancelling events ----------------------------
#
# Who changes or removes a mission: the conducting organisation's staff (`member`, `org_admin`);
# a good model: its keeper's or its organisation's staff (`member`, `org_admin`; every signed-in
# user reads it, so the outsider is refused, 403). The missions world's mission and model have a
# record (visits, evidence), so removing them is refused (the page goes back with the reason, the
# API answers 400); the bare ones here are removed. An event is cancelled by the organiser's
# staff, while it is not over: the one here is tomorrow's.


def _changes_world(w: World) -> None:
    from phoihop.events import services as events
    from phoihop.events.models import EventKind
    from phoihop.missions import services as missions
    from phoihop.practices import services as practices
    from tests.events.conftest import today_at

    admin = w.users["admin"]
    today = timezone.localdate()
    w.extra["bare_mission"] = missions.create_mission(
        by=admin,
        organization=w.propaganda,
        kind="inspection",
        title="Đoàn kiểm tra lập nhầm",
        starts_on=today,
        ends_on=today,
    )
    w.extra["bare_model"] = practices.create_model(
        by=admin,
        keeper=w.propaganda,
        organization=w.propaganda,
        title="Mô hình ghi nhầm",
        summary="Ghi nhầm.",
        started_on=today,
    )
    w.extra["future_event"] = events.create_event(
        by=admin,
        organizer=w.propaganda,
        kind=EventKind.objects.get(code="hoi-nghi"),
        title="Hội nghị báo cáo viên tháng tới",
        starts_at=today_at(8, days=1),
        ends_at=today_at(11, days=1),
        place="Hội trường",
    )


WORLD_EXTENSIONS.append(_changes_world)

CHANGE_POST = {"member": 302, "org_admin": 302, "outsider": 404, "admin": 302}
MODEL_CHANGE = {"member": 200, "org_admin": 200, "outsider": 403, "admin": 200}
MODEL_REMOVE = {"member": 302, "org_admin": 302, "outsider": 403, "admin": 302}

ROUTES.update(
    {
        "missions/<int:pk>/edit/": [
            page(_missions("mission_edit"), **VIEW),
            page(_missions("mission_edit"), method="POST", data=lambda w: {}, **MISSION_WRITE),
        ],
        "missions/<int:pk>/delete/": [
            page(_missions("mission_delete"), method="POST", **CHANGE_POST),
            page(_missions("mission_delete", "bare_mission"), method="POST", **CHANGE_POST),
        ],
        "PATCH api/v1/missions/<int:mission_id>": [
            api_call(
                "PATCH",
                lambda w: f"/api/v1/missions/{w.extra['mission'].pk}",
                data=lambda w: {"title": "Khảo sát công tác tuyên truyền chuyển đổi số (sửa)"},
                **VIEW,
            )
        ],
        "DELETE api/v1/missions/<int:mission_id>": [
            api_call(
                "DELETE",
                lambda w: f"/api/v1/missions/{w.extra['mission'].pk}",
                member=400,
                org_admin=400,
                outsider=404,
                admin=400,
            ),
            api_call(
                "DELETE",
                lambda w: f"/api/v1/missions/{w.extra['bare_mission'].pk}",
                member=204,
                org_admin=204,
                outsider=404,
                admin=204,
            ),
        ],
        "models/<int:pk>/edit/": [
            page(_practices("model_edit"), **MODEL_CHANGE),
            page(_practices("model_edit"), method="POST", data=lambda w: {}, **MODEL_WRITE),
        ],
        "models/<int:pk>/delete/": [
            page(_practices("model_delete"), method="POST", **MODEL_REMOVE),
            page(_practices("model_delete", "bare_model"), method="POST", **MODEL_REMOVE),
        ],
        "PATCH api/v1/models/<int:model_id>": [
            api_call(
                "PATCH",
                lambda w: f"/api/v1/models/{w.extra['good_model'].pk}",
                data=lambda w: {"figures": "Số ca mắc giảm 42%"},
                **MODEL_CHANGE,
            )
        ],
        "DELETE api/v1/models/<int:model_id>": [
            api_call(
                "DELETE",
                lambda w: f"/api/v1/models/{w.extra['good_model'].pk}",
                member=400,
                org_admin=400,
                outsider=403,
                admin=400,
            ),
            api_call(
                "DELETE",
                lambda w: f"/api/v1/models/{w.extra['bare_model'].pk}",
                member=204,
                org_admin=204,
                outsider=403,
                admin=204,
            ),
        ],
        "events/<int:pk>/cancel/": [
            page(
                _ev("cancel", "future_event"),
                method="POST",
                data=lambda w: {"reason": "Trùng lịch họp Ban Thường vụ."},
                **CHANGE_POST,
            )
        ],
        "POST api/v1/events/<int:event_id>/cancel": [
            api_call(
                "POST",
                lambda w: f"/api/v1/events/{w.extra['future_event'].pk}/cancel",
                data=lambda w: {"reason": "Trùng lịch họp Ban Thường vụ."},
                **VIEW,
            )
        ],
    }
)


# Checking every listed route for every visitor -------------------------------------------------


def _request(world: World, role: str, check: Check):
    if check.api:
        headers = {}
        if role != "anonymous":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"
        client = Client(**headers)
    else:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
    url = check.url(world)
    data = check.data(world) if check.data else None
    call = getattr(client, check.method.lower())
    if check.api and check.method != "GET":
        return call(url, data or {}, content_type="application/json")
    return call(url, data) if data is not None else call(url)


CASES = [
    pytest.param(route, index, role, id=f"{route or '/'} #{index} {role}")
    for route, checks in ROUTES.items()
    for index, _check in enumerate(checks)
    for role in ROLES
]


@pytest.mark.parametrize(("route", "index", "role"), CASES)
def test_route_answers_each_visitor_as_the_table_says(world, route, index, role):
    check = ROUTES[route][index]
    expected = check.expect[role]
    response = _request(world, role, check)
    where = f"{check.method} {check.url(world)} as {role}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, wanted login"
        assert response["Location"].startswith(reverse("login")), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code} != {expected}"
    if check.api and response.status_code >= 400:
        assert set(response.json()) == {"detail", "errors"}, where
