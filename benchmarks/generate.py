"""National-scale benchmark data in the PostgreSQL database named by DATABASE_URL.

The real 34 provinces and 3,321 communes (through the `load_areas` command, with the pre-2025
history), and for every province its Party committee with the propaganda department and the
other Party boards, the People's Council, the People's Committee with ~20 departments, the
court, procuracy, social insurance, the Fatherland Front with its member organisations and the
press; for every commune its Đảng ủy with the Ban Xây dựng Đảng, People's Council, People's
Committee with its culture-society office, and Fatherland Front committee: ~21,000 organisations.
About 24,000 users hold ~27,000 memberships spread over them. Everything is bulk-inserted with
the tree `path`/`depth` the services would set ("/<id>/<id>/"), then the search index is rebuilt.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench \\
        .venv/bin/python -m benchmarks.generate [--reset]

Idempotent: when the data is there it only prints the sizes. `--reset` drops and re-creates the
database (only one whose name contains "bench", unless `--force`) and generates again.
Deterministic: every run gives the same names.
"""

import argparse
import contextlib
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from benchmarks import configure, ensure_database

BENCH_PASSWORD = "phoihop-bench"
ADMIN_USERNAME = "bench.admin"
SPECIALIST_USERNAME = "bench.chuyenvien"
# The province of the province-level specialist, and the organisations they are a specialist of.
SPECIALIST_PROVINCE = "38"
SPECIALIST_UNITS = ("TU", "UBND")
MARKER = "01.TU"  # exists once the generator has run
MIN_ORGANIZATIONS = 15_000
REFORM_DATE = datetime.date(2025, 7, 1)  # the communes came into force

# (suffix, name pattern, abbreviation, kind, field codes); {party} is "Tỉnh ủy"/"Thành ủy",
# {unit} "tỉnh"/"thành phố", {name} the short name ("Thanh Hóa").
PARTY_BOARDS = (
    (
        "BTGDVTU",
        "Ban Tuyên giáo và Dân vận {party} {name}",
        "BTGDVTU",
        "propaganda_department",
        ("dan-van", "bao-chi-xuat-ban"),
    ),
    ("BTCTU", "Ban Tổ chức {party} {name}", "BTCTU", "party_board", ()),
    ("UBKTTU", "Ủy ban Kiểm tra {party} {name}", "UBKTTU", "party_board", ()),
    ("BNCTU", "Ban Nội chính {party} {name}", "BNCTU", "party_board", ("tu-phap",)),
    ("VPTU", "Văn phòng {party} {name}", "VPTU", "party_board", ()),
    ("BAO", "Báo và Phát thanh, Truyền hình {name}", "BPTTH", "press", ("bao-chi-xuat-ban",)),
)
DEPARTMENTS = (
    ("VPUBND", "Văn phòng Ủy ban nhân dân {unit} {name}", "VPUBND", ()),
    ("SNV", "Sở Nội vụ {unit} {name}", "SNV", ("noi-vu", "lao-dong-xa-hoi")),
    ("STC", "Sở Tài chính {unit} {name}", "STC", ("kinh-te",)),
    ("STP", "Sở Tư pháp {unit} {name}", "STP", ("tu-phap",)),
    ("SCT", "Sở Công Thương {unit} {name}", "SCT", ("kinh-te",)),
    ("SXD", "Sở Xây dựng {unit} {name}", "SXD", ("kinh-te",)),
    ("SNNMT", "Sở Nông nghiệp và Môi trường {unit} {name}", "SNNMT", ("nong-nghiep", "moi-truong")),
    ("SGDDT", "Sở Giáo dục và Đào tạo {unit} {name}", "SGDĐT", ("giao-duc",)),
    ("SYT", "Sở Y tế {unit} {name}", "SYT", ("y-te",)),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ {unit} {name}",
        "SKHCN",
        ("khoa-hoc-cong-nghe", "thong-tin-truyen-thong"),
    ),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch {unit} {name}",
        "SVHTTDL",
        ("van-hoa-the-thao-du-lich",),
    ),
    ("SDTTG", "Sở Dân tộc và Tôn giáo {unit} {name}", "SDTTG", ("dan-van",)),
    ("TTR", "Thanh tra {unit} {name}", "TTR", ("tu-phap",)),
    ("SNGV", "Sở Ngoại vụ {unit} {name}", "SNGV", ()),
    (
        "BQLKKT",
        "Ban Quản lý các khu kinh tế và khu công nghiệp {unit} {name}",
        "BQLKKT",
        ("kinh-te",),
    ),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công {unit} {name}", "TTPVHCC", ()),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng {unit} {name}", "BQLDA", ("kinh-te",)),
)
# Under the health department, to give the tree a third level.
HEALTH_UNITS = (("CDC", "Trung tâm Kiểm soát bệnh tật {unit} {name}", "CDC", ("y-te",)),)
OTHER_BODIES = (  # top-level, beside the Party committee and the People's Committee
    ("BHXH", "Bảo hiểm xã hội {unit} {name}", "BHXH", "department", ("bao-hiem-xa-hoi",)),
    ("TAND", "Tòa án nhân dân {unit} {name}", "TAND", "court", ("tu-phap",)),
    ("VKSND", "Viện kiểm sát nhân dân {unit} {name}", "VKSND", "procuracy", ("tu-phap",)),
    ("CA", "Công an {unit} {name}", "CA", "other", ("quoc-phong-an-ninh",)),
    ("BCHQS", "Bộ Chỉ huy Quân sự {unit} {name}", "BCHQS", "other", ("quoc-phong-an-ninh",)),
)
FRONT_MEMBERS = (  # under the Fatherland Front since the 2025 reorganisation
    ("HLHPN", "Hội Liên hiệp Phụ nữ {unit} {name}", "HLHPN"),
    ("HND", "Hội Nông dân {unit} {name}", "HND"),
    ("HCCB", "Hội Cựu chiến binh {unit} {name}", "HCCB"),
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {unit} {name}", "ĐTN"),
    ("LDLD", "Liên đoàn Lao động {unit} {name}", "LĐLĐ"),
)

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Mai",
    "Trịnh",
    "Lương",
)
MIDDLE = (
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thu",
    "Ngọc",
    "Quang",
    "Thanh",
    "Hoàng",
    "Xuân",
    "Thị Thu",
    "Công",
    "Kim",
    "Hồng",
)
GIVEN = (
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngọc",
    "Phong",
    "Phương",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thành",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
    "Thắng",
    "Đạt",
    "Huyền",
    "Tùng",
    "Hằng",
    "Lộc",
)
POSITIONS = {
    "org_admin": "Chuyên viên, quản trị hệ thống",
    "leader": "Phó Trưởng ban",
    "specialist": "Chuyên viên",
    "focal_point": "Cán bộ đầu mối",
    "collaborator": "Cộng tác viên dư luận xã hội",
}


# --- organisations ---------------------------------------------------------------------------


@dataclass
class OrgRow:
    identifier: str
    name: str
    abbreviation: str
    kind: str
    level: str
    area_id: int
    parent: "OrgRow | None" = None
    fields: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # roles of the people to create in it
    pk: int = 0


@dataclass
class Plan:
    rows: list[OrgRow] = field(default_factory=list)
    by_identifier: dict[str, OrgRow] = field(default_factory=dict)
    collaborators: list[tuple[str, str]] = field(default_factory=list)  # (member of, also in)

    def add(self, row: OrgRow) -> OrgRow:
        self.rows.append(row)
        self.by_identifier[row.identifier] = row
        return row


def _words(province) -> dict[str, str]:
    city = province.type.startswith("thành phố")
    return {
        "party": "Thành ủy" if city else "Tỉnh ủy",
        "unit": "thành phố" if city else "tỉnh",
        "name": province.short_name,
    }


def plan_province(plan: Plan, province, communes) -> None:
    words, code = _words(province), province.code
    level, area = "province", province.pk

    def org(suffix, pattern, abbreviation, kind, fields=(), parent=None, members=None):
        return plan.add(
            OrgRow(
                f"{code}.{suffix}",
                pattern.format(**words),
                abbreviation,
                kind,
                level,
                area,
                parent,
                tuple(fields),
                members or ("leader", "specialist", "focal_point"),
            )
        )

    party = org(
        "TU",
        "{party} {name}",
        "TU",
        "party_committee",
        members=("org_admin", "leader", "specialist"),
    )
    for suffix, pattern, abbreviation, kind, fields in PARTY_BOARDS:
        members = ("leader", "specialist", "specialist") if suffix == "BTGDVTU" else None
        org(suffix, pattern, abbreviation, kind, fields, party, members)
    council = org("HDND", "Hội đồng nhân dân {unit} {name}", "HĐND", "peoples_council")
    committee = org(
        "UBND",
        "Ủy ban nhân dân {unit} {name}",
        "UBND",
        "peoples_committee",
        ("kinh-te",),
        members=("org_admin", "leader", "specialist"),
    )
    for suffix, pattern, abbreviation, fields in DEPARTMENTS:
        department = org(suffix, pattern, abbreviation, "department", fields, committee)
        if suffix == "SYT":
            for sub, sub_pattern, sub_abbreviation, sub_fields in HEALTH_UNITS:
                org(sub, sub_pattern, sub_abbreviation, "other", sub_fields, department)
    for suffix, pattern, abbreviation, kind, fields in OTHER_BODIES:
        org(suffix, pattern, abbreviation, kind, fields)
    front = org(
        "MTTQ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam {unit} {name}",
        "MTTQ",
        "mass_organization",
        ("dan-van",),
    )
    for suffix, pattern, abbreviation in FRONT_MEMBERS:
        org(suffix, pattern, abbreviation, "mass_organization", ("dan-van",), front)
    for commune in communes:
        plan_commune(plan, code, commune, party, council, committee, front)


def plan_commune(plan: Plan, province_code, commune, party, council, committee, front) -> None:
    label, prefix = f"{commune.type} {commune.short_name}", f"{province_code}.{commune.code}"

    def org(suffix, name, abbreviation, kind, parent, members, fields=()):
        return plan.add(
            OrgRow(
                f"{prefix}.{suffix}",
                name,
                abbreviation,
                kind,
                "commune",
                commune.pk,
                parent,
                fields,
                members,
            )
        )

    party_committee = org("DU", f"Đảng ủy {label}", "ĐU", "party_committee", party, ("leader",))
    board = org(
        "BXDD",
        f"Ban Xây dựng Đảng Đảng ủy {label}",
        "BXDĐ",
        "party_board",
        party_committee,
        ("specialist", "specialist"),
        ("dan-van",),
    )
    org("HDND", f"Hội đồng nhân dân {label}", "HĐND", "peoples_council", council, ())
    people = org(
        "UBND", f"Ủy ban nhân dân {label}", "UBND", "peoples_committee", committee, ("leader",)
    )
    org(
        "VHXH",
        f"Phòng Văn hóa - Xã hội {label}",
        "VHXH",
        "department",
        people,
        ("focal_point",),
        ("giao-duc", "y-te", "van-hoa-the-thao-du-lich"),
    )
    org(
        "MTTQ",
        f"Ủy ban Mặt trận Tổ quốc Việt Nam {label}",
        "MTTQ",
        "mass_organization",
        front,
        ("specialist",),
        ("dan-van",),
    )
    # The commune's propaganda officer also sends public-opinion reports to the province.
    plan.collaborators.append((board.identifier, f"{province_code}.BTGDVTU"))


def build_plan() -> Plan:
    from phoihop.org.models import Area

    current = Area.objects.current()
    communes: dict[int, list] = {}
    for commune in current.filter(level="commune").order_by("code"):
        communes.setdefault(commune.parent_id, []).append(commune)
    plan = Plan()
    for province in current.filter(level="province").order_by("code"):
        plan_province(plan, province, communes.get(province.pk, []))
    return plan


def _allocate_ids(model, count: int) -> list[int]:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_organizations(plan: Plan) -> int:
    """One INSERT pass with ids taken from the sequence first, so each row carries its final
    materialised path; then the field links."""
    from phoihop.org.models import Field, Organization

    for row, pk in zip(plan.rows, _allocate_ids(Organization, len(plan.rows)), strict=True):
        row.pk = pk
    objects, paths, depths = [], {}, {}
    for row in plan.rows:  # parents come before their children
        parent = row.parent
        path, depth = f"/{row.pk}/", 0
        if parent is not None:
            path, depth = f"{paths[parent.pk]}{row.pk}/", depths[parent.pk] + 1
        paths[row.pk], depths[row.pk] = path, depth
        objects.append(
            Organization(
                pk=row.pk,
                name=row.name,
                abbreviation=row.abbreviation,
                identifier=row.identifier,
                kind=row.kind,
                level=row.level,
                area_id=row.area_id,
                parent_id=parent.pk if parent else None,
                path=path,
                depth=depth,
                valid_from=REFORM_DATE if row.level == "commune" else None,
            )
        )
    Organization.objects.bulk_create(objects, batch_size=2000)
    fields = dict(Field.objects.values_list("code", "pk"))
    through = Organization.fields.through
    links = [
        through(organization_id=row.pk, field_id=fields[code])
        for row in plan.rows
        for code in row.fields
    ]
    through.objects.bulk_create(links, batch_size=5000)
    return len(objects)


# --- people ----------------------------------------------------------------------------------


def _names(rng: random.Random) -> Iterator[str]:
    while True:
        yield f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def insert_people(plan: Plan) -> tuple[int, int]:
    """Users with one precomputed password hash, their memberships, the collaborator links,
    and the two accounts the harness signs in as."""
    from django.contrib.auth.hashers import make_password

    from phoihop.core.text import fold
    from phoihop.org.models import Area, Membership, User

    password = make_password(BENCH_PASSWORD)
    domains = {
        area.pk: fold(area.short_name).replace(" ", "") + ".gov.vn"
        for area in Area.objects.current().filter(level="province")
    }
    province_of = {a.pk: a.parent_id for a in Area.objects.current().filter(level="commune")}
    names = _names(random.Random(20250701))
    users, roles = [], []
    for row in plan.rows:
        domain = domains[province_of.get(row.area_id, row.area_id)]
        for role in row.members:
            username = f"cb{len(users) + 1:06d}"
            users.append(
                User(
                    username=username,
                    full_name=next(names),
                    password=password,
                    email=f"{username}@{domain}",
                    position=POSITIONS[role],
                )
            )
            roles.append((row.pk, role))
    User.objects.bulk_create(users, batch_size=2000)
    memberships = [
        Membership(user_id=user.pk, organization_id=org_id, role=role)
        for user, (org_id, role) in zip(users, roles, strict=True)
    ]
    first_member = {}
    for membership in memberships:
        first_member.setdefault(membership.organization_id, membership.user_id)
    for member_of, also_in in plan.collaborators:
        memberships.append(
            Membership(
                user_id=first_member[plan.by_identifier[member_of].pk],
                organization_id=plan.by_identifier[also_in].pk,
                role="collaborator",
            )
        )
    User.objects.create(
        username=ADMIN_USERNAME,
        full_name="Quản Trị Đo Kiểm",
        password=password,
        is_superuser=True,
        is_staff=True,
        position="Quản trị hệ thống",
    )
    specialist = User.objects.create(
        username=SPECIALIST_USERNAME,
        full_name="Lê Thị Đo Kiểm",
        password=password,
        position="Chuyên viên",
        email=f"{SPECIALIST_USERNAME}@thanhhoa.gov.vn",
    )
    for unit in SPECIALIST_UNITS:
        memberships.append(
            Membership(
                user_id=specialist.pk,
                role="specialist",
                organization_id=plan.by_identifier[f"{SPECIALIST_PROVINCE}.{unit}"].pk,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=5000)
    return len(users) + 2, len(memberships)


# --- search, sizes, reset --------------------------------------------------------------------


def rebuild_search() -> dict[str, int]:
    """The core rebuild, with the relations each document reads joined in (no N+1)."""
    from phoihop.core import search

    related = {"area": ("parent",), "organization": ("area",)}
    return search.rebuild(
        queryset_for=lambda entry: entry.model._default_manager.select_related(
            *related.get(entry.kind, ())
        ).order_by("pk")
    )


def data_sizes() -> dict[str, int]:
    from django.contrib.sessions.models import Session

    from phoihop.core.models import SearchDocument
    from phoihop.org.models import Area, Membership, Organization, User

    return {
        "areas_current": Area.objects.filter(valid_to__isnull=True).count(),
        "areas_historical": Area.objects.filter(valid_to__isnull=False).count(),
        "organizations": Organization.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "search_documents": SearchDocument.objects.count(),
        "sessions": Session.objects.count(),
    }


def reset(*, force: bool) -> None:
    """Drop and re-create the whole database: migrations then re-create their reference data
    (fields of work, document catalogues), which truncating tables would lose."""
    import psycopg
    from django.db import connection
    from psycopg import sql

    name = connection.settings_dict["NAME"]
    if "bench" not in name and not force:
        raise SystemExit(f"Refusing to wipe {name!r}: its name has no 'bench' (use --force).")
    connection.close()
    url = os.environ["DATABASE_URL"]
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    ensure_database(url)


def already_generated() -> bool:
    from phoihop.org.models import Organization

    if not Organization.objects.filter(identifier=MARKER).exists():
        if Organization.objects.exists():
            raise SystemExit(
                "The database holds organisations the generator did not make (demo data?). "
                "Use an empty database or --reset."
            )
        return False
    return Organization.objects.count() >= MIN_ORGANIZATIONS


@contextlib.contextmanager
def step(label: str, timings: dict[str, float], out=sys.stdout):
    started = time.perf_counter()
    out.write(f"  {label}…")
    out.flush()
    yield
    timings[label] = round(time.perf_counter() - started, 2)
    out.write(f" {timings[label]:.1f} s\n")


def generate(*, reset_first: bool = False, force: bool = False, out=sys.stdout) -> dict:
    """Make sure the benchmark data exists; returns {"sizes": ..., "timings": ...}."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from phoihop.org.models import Area

    timings: dict[str, float] = {}
    out.write(f"Benchmark data in {connection.settings_dict['NAME']}:\n")
    if reset_first:
        with step("drop and re-create the database", timings, out):
            reset(force=force)
    with step("migrate", timings, out):
        call_command("migrate", interactive=False, verbosity=0)
    if not Area.objects.current().exists():
        with step("load_areas", timings, out):
            call_command("load_areas", "--no-index", stdout=_Quiet())
    if already_generated():
        out.write("  already generated (use --reset to start again)\n")
    else:
        with transaction.atomic():
            with step("plan", timings, out):
                plan = build_plan()
            with step(f"insert {len(plan.rows):,} organisations", timings, out):
                insert_organizations(plan)
            with step("insert users and memberships", timings, out):
                insert_people(plan)
            with step("rebuild search index", timings, out):
                rebuild_search()
        # VACUUM as autovacuum would after a bulk load: it fills the visibility map, without
        # which PostgreSQL reads table rows that an index-only scan would skip.
        with step("vacuum analyze", timings, out), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    sizes = data_sizes()
    out.write("  " + ", ".join(f"{k}={v:,}" for k, v in sizes.items()) + "\n")
    return {"database": connection.settings_dict["NAME"], "sizes": sizes, "timings": timings}


class _Quiet:
    def write(self, *_args, **_kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reset", action="store_true", help="wipe and generate again")
    parser.add_argument("--force", action="store_true", help="allow --reset on any database")
    args = parser.parse_args(argv)
    configure()
    started = time.perf_counter()
    generate(reset_first=args.reset, force=args.force)
    print(f"Done in {time.perf_counter() - started:.1f} s")


@contextlib.contextmanager
def without_indexes(table: str):
    """Drop a table's secondary indexes, unique and foreign-key constraints for a bulk load and
    create them again after (one sort per index instead of 60 million insertions)."""
    from django.db import connection

    with connection.cursor() as cursor:
        # Django's foreign keys are deferred: check what is pending now, or the table cannot
        # be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid = %s::regclass AND contype IN ('u', 'f')""",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.tablename = %s AND i.indexname NOT IN (
                   SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)""",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


if __name__ == "__main__":
    main()
