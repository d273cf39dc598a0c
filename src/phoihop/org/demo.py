"""Realistic demo data: Thanh Hóa and the new Phú Thọ, their organisations and demo users.

Everything is written through the org services with a system administrator as `by`, so the
demo leaves the same audit trail and search rows as real work. Seeding is keyed by organisation
identifier and username: a second run creates nothing. `reset=True` brings the demo back to its
seeded state (names, parents, validity, archived units restored, roles and passwords) without
deleting anything, since audit entries are immutable and point at the demo users.

Other apps build on the identifiers below ("38.TU", "38.BTGDVTU", "38.SYT", "25.UBND", …):
keep them stable.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from phoihop.core import audit, search
from phoihop.core.audit import Action

from . import services
from .models import Area, Field, Membership, Organization, User

DEMO_PASSWORD = "phoihop-demo"

Kind = Organization.Kind
Level = Organization.Level
Role = Membership.Role

REFORM_DATE = datetime.date(2025, 7, 1)  # two-level local government, 34 provinces
PARTY_MERGER_DATE = datetime.date(2025, 2, 1)  # Ban Tuyên giáo + Ban Dân vận
PARTY_MERGER_END = datetime.date(2025, 1, 31)
STATE_MERGER_DATE = datetime.date(2025, 3, 1)  # provincial departments merged
STATE_MERGER_END = datetime.date(2025, 2, 28)
OLD_PROVINCE_END = datetime.date(2025, 6, 30)

# (level, code, historical): historical areas are the pre-2025 units (valid_to set).
AreaRef = tuple[str, str, bool]


@dataclass(frozen=True)
class OrgSpec:
    identifier: str
    name: str
    abbreviation: str
    kind: str
    level: str
    parent: str | None = None  # identifier of the parent organisation
    area: AreaRef | None = None
    fields: tuple[str, ...] = ()
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    successors: tuple[str, ...] = ()  # identifiers, created earlier in the list
    email: str = ""


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    position: str
    email: str
    memberships: tuple[tuple[str, str], ...] = ()  # (organisation identifier, role)
    superuser: bool = False
    phone: str = ""


@dataclass(frozen=True)
class ProvinceSpec:
    code: str
    name: str  # "Thanh Hóa"
    domain: str  # e-mail domain
    valid_from: datetime.date | None
    press_name: str
    communes: tuple[str, ...]  # 5-digit codes of current communes, in display order


THANH_HOA = ProvinceSpec(
    code="38",
    name="Thanh Hóa",
    domain="thanhhoa.gov.vn",
    valid_from=None,  # unchanged by the 2025 reform
    press_name="Báo và Phát thanh, Truyền hình Thanh Hóa",
    communes=(
        "14797",  # Phường Hạc Thành
        "14758",  # Phường Hàm Rồng
        "16417",  # Phường Đông Quang
        "16531",  # Phường Sầm Sơn
        "14812",  # Phường Bỉm Sơn
        "16654",  # Phường Nghi Sơn
        "15499",  # Xã Thọ Xuân
        "15544",  # Xã Lam Sơn
        "15865",  # Xã Hoằng Hóa
        "15061",  # Xã Ngọc Lặc
        "16093",  # Xã Nga Sơn
        "14845",  # Xã Mường Lát
    ),
)

PHU_THO = ProvinceSpec(
    code="25",
    name="Phú Thọ",
    domain="phutho.gov.vn",
    valid_from=REFORM_DATE,  # Vĩnh Phúc (26) + Hòa Bình (17) + Phú Thọ (25)
    press_name="Báo và Phát thanh, Truyền hình Phú Thọ",
    communes=(
        "07900",  # Phường Việt Trì
        "07894",  # Phường Nông Trang
        "07942",  # Phường Phú Thọ
        "08707",  # Phường Vĩnh Yên
        "08740",  # Phường Phúc Yên
        "04795",  # Phường Hòa Bình
        "07969",  # Xã Đoan Hùng
        "08494",  # Xã Lâm Thao
        "08911",  # Xã Tam Đảo
        "05200",  # Xã Mai Châu
        "04924",  # Xã Lương Sơn
        "09025",  # Xã Yên Lạc
    ),
)

# Provincial departments (sở) in force since the March 2025 mergers:
# (suffix, name, abbreviation, fields, valid_from)
DEPARTMENTS = (
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT", ("giao-duc",), None),
    ("SYT", "Sở Y tế", "SYT", ("y-te",), None),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        "SKHCN",
        ("khoa-hoc-cong-nghe", "thong-tin-truyen-thong"),
        None,
    ),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", ("van-hoa-the-thao-du-lich",), None),
    ("SNV", "Sở Nội vụ", "SNV", ("noi-vu", "lao-dong-xa-hoi"), None),
    (
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        ("nong-nghiep", "moi-truong"),
        STATE_MERGER_DATE,
    ),
    ("STP", "Sở Tư pháp", "STP", ("tu-phap",), None),
)

# Departments that ended with the March 2025 mergers: (suffix, name, abbreviation, fields,
# successor suffix).
FORMER_DEPARTMENTS = (
    ("STTTT", "Sở Thông tin và Truyền thông", "STTTT", ("thong-tin-truyen-thong",), "SKHCN"),
    (
        "SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        "SLĐTBXH",
        ("lao-dong-xa-hoi",),
        "SNV",
    ),
    ("STNMT", "Sở Tài nguyên và Môi trường", "STNMT", ("moi-truong",), "SNNMT"),
    (
        "SNNPTNT",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "SNNPTNT",
        ("nong-nghiep",),
        "SNNMT",
    ),
)

# The three provinces merged into the new Phú Thọ: (old code, name, identifier suffix).
PHU_THO_PREDECESSORS = (
    ("26", "Vĩnh Phúc", ""),
    ("17", "Hòa Bình", ""),
    ("25", "Phú Thọ (trước 01/7/2025)", ".CU"),
)


# --- organisations ---------------------------------------------------------------------------


def province_organizations(p: ProvinceSpec) -> list[OrgSpec]:
    """The province-level set: Party committee and its propaganda department, People's Council,
    People's Committee with its departments, and the other agencies of the coordination bloc."""
    c, area = p.code, (Area.Level.PROVINCE, p.code, False)
    common = {"level": Level.PROVINCE, "area": area, "valid_from": p.valid_from}
    mail = f"@{p.domain}"
    specs = [
        OrgSpec(
            f"{c}.TU",
            f"Tỉnh ủy {p.name}",
            "TU",
            Kind.PARTY_COMMITTEE,
            email="tinhuy" + mail,
            **common,
        ),
        OrgSpec(
            f"{c}.BTGDVTU",
            f"Ban Tuyên giáo và Dân vận Tỉnh ủy {p.name}",
            "BTGDVTU",
            Kind.PROPAGANDA_DEPARTMENT,
            parent=f"{c}.TU",
            fields=("dan-van", "bao-chi-xuat-ban"),
            email="btgdv" + mail,
            **{**common, "valid_from": p.valid_from or PARTY_MERGER_DATE},
        ),
        OrgSpec(
            f"{c}.HDND",
            f"Hội đồng nhân dân tỉnh {p.name}",
            "HĐND",
            Kind.PEOPLES_COUNCIL,
            email="hdnd" + mail,
            **common,
        ),
        OrgSpec(
            f"{c}.UBND",
            f"Ủy ban nhân dân tỉnh {p.name}",
            "UBND",
            Kind.PEOPLES_COMMITTEE,
            fields=("kinh-te",),
            email="ubnd" + mail,
            **common,
        ),
    ]
    for suffix, name, abbreviation, field_codes, valid_from in DEPARTMENTS:
        specs.append(
            OrgSpec(
                f"{c}.{suffix}",
                f"{name} tỉnh {p.name}",
                abbreviation,
                Kind.DEPARTMENT,
                parent=f"{c}.UBND",
                fields=field_codes,
                email=suffix.lower() + mail,
                **{**common, "valid_from": p.valid_from or valid_from},
            )
        )
    specs += [
        OrgSpec(
            f"{c}.BHXH",
            f"Bảo hiểm xã hội tỉnh {p.name}",
            "BHXH",
            Kind.DEPARTMENT,
            fields=("bao-hiem-xa-hoi",),
            email="bhxh" + mail,
            **common,
        ),
        OrgSpec(
            f"{c}.TAND",
            f"Tòa án nhân dân tỉnh {p.name}",
            "TAND",
            Kind.COURT,
            fields=("tu-phap",),
            email="tand" + mail,
            **common,
        ),
        OrgSpec(
            f"{c}.VKSND",
            f"Viện kiểm sát nhân dân tỉnh {p.name}",
            "VKSND",
            Kind.PROCURACY,
            fields=("tu-phap",),
            email="vksnd" + mail,
            **common,
        ),
        OrgSpec(
            f"{c}.MTTQ",
            f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p.name}",
            "MTTQ",
            Kind.MASS_ORGANIZATION,
            fields=("dan-van",),
            email="mttq" + mail,
            **common,
        ),
        OrgSpec(
            f"{c}.BAO",
            p.press_name,
            "BPTTH",
            Kind.PRESS,
            parent=f"{c}.TU",
            fields=("bao-chi-xuat-ban",),
            email="toasoan" + mail,
            **common,
        ),
    ]
    return specs


def thanh_hoa_history() -> list[OrgSpec]:
    """Units that ended with the 2025 mergers, linked to the units that carry their work on."""
    province = (Area.Level.PROVINCE, "38", False)
    specs = [
        OrgSpec(
            "38.BTGTU",
            "Ban Tuyên giáo Tỉnh ủy Thanh Hóa",
            "BTGTU",
            Kind.PROPAGANDA_DEPARTMENT,
            Level.PROVINCE,
            parent="38.TU",
            area=province,
            valid_to=PARTY_MERGER_END,
            successors=("38.BTGDVTU",),
        ),
        OrgSpec(
            "38.BDVTU",
            "Ban Dân vận Tỉnh ủy Thanh Hóa",
            "BDVTU",
            Kind.PARTY_BOARD,
            Level.PROVINCE,
            parent="38.TU",
            area=province,
            fields=("dan-van",),
            valid_to=PARTY_MERGER_END,
            successors=("38.BTGDVTU",),
        ),
    ]
    for suffix, name, abbreviation, field_codes, successor in FORMER_DEPARTMENTS:
        specs.append(
            OrgSpec(
                f"38.{suffix}",
                f"{name} tỉnh Thanh Hóa",
                abbreviation,
                Kind.DEPARTMENT,
                Level.PROVINCE,
                parent="38.UBND",
                area=province,
                fields=field_codes,
                valid_to=STATE_MERGER_END,
                successors=(f"38.{successor}",),
            )
        )
    return specs


def phu_tho_history() -> list[OrgSpec]:
    """The three provinces merged on 1-7-2025: their Party committees and People's Committees,
    and each one's propaganda department — the Ban Tuyên giáo (to 31-1-2025), then the merged
    Ban Tuyên giáo và Dân vận (to 30-6-2025), which the new Phú Thọ department continues."""
    specs = []
    for code, name, suffix in PHU_THO_PREDECESSORS:
        area = (Area.Level.PROVINCE, code, True)
        common = {"level": Level.PROVINCE, "area": area, "valid_to": OLD_PROVINCE_END}
        tinh_uy = f"{code}.TU{suffix}"
        specs += [
            OrgSpec(
                tinh_uy,
                f"Tỉnh ủy {name}",
                "TU",
                Kind.PARTY_COMMITTEE,
                successors=("25.TU",),
                **common,
            ),
            OrgSpec(
                f"{code}.UBND{suffix}",
                f"Ủy ban nhân dân tỉnh {name}",
                "UBND",
                Kind.PEOPLES_COMMITTEE,
                successors=("25.UBND",),
                **common,
            ),
            OrgSpec(
                f"{code}.BTGDVTU{suffix}",
                f"Ban Tuyên giáo và Dân vận Tỉnh ủy {name}",
                "BTGDVTU",
                Kind.PROPAGANDA_DEPARTMENT,
                parent=tinh_uy,
                fields=("dan-van", "bao-chi-xuat-ban"),
                valid_from=PARTY_MERGER_DATE,
                successors=("25.BTGDVTU",),
                **common,
            ),
            OrgSpec(
                f"{code}.BTGTU{suffix}",
                f"Ban Tuyên giáo Tỉnh ủy {name}",
                "BTGTU",
                Kind.PROPAGANDA_DEPARTMENT,
                parent=tinh_uy,
                successors=(f"{code}.BTGDVTU{suffix}",),
                **{**common, "valid_to": PARTY_MERGER_END},
            ),
        ]
    return specs


def commune_label(area: Area) -> str:
    """The commune as written after "Đảng ủy" or "Ủy ban nhân dân": "phường Hạc Thành"."""
    return f"{area.type} {area.short_name}"


def commune_organizations(province: ProvinceSpec, area: Area) -> list[OrgSpec]:
    """A commune's Party committee with its Ban Xây dựng Đảng (which carries the propaganda work
    since 7-2025), and its People's Committee under the provincial one."""
    prefix, label = f"{province.code}.{area.code}", commune_label(area)
    common = {
        "level": Level.COMMUNE,
        "area": (Area.Level.COMMUNE, area.code, False),
        "valid_from": REFORM_DATE,
    }
    return [
        OrgSpec(
            f"{prefix}.DU",
            f"Đảng ủy {label}",
            "ĐU",
            Kind.PARTY_COMMITTEE,
            parent=f"{province.code}.TU",
            **common,
        ),
        OrgSpec(
            f"{prefix}.BXDD",
            f"Ban Xây dựng Đảng Đảng ủy {label}",
            "BXDĐ",
            Kind.PARTY_BOARD,
            parent=f"{prefix}.DU",
            fields=("dan-van",),
            **common,
        ),
        OrgSpec(
            f"{prefix}.UBND",
            f"Ủy ban nhân dân {label}",
            "UBND",
            Kind.PEOPLES_COMMITTEE,
            parent=f"{province.code}.UBND",
            **common,
        ),
    ]


# --- users -----------------------------------------------------------------------------------

HAC_THANH_DU = "38.14797.DU"
# Since 7-2025 a ward's Party committee has no propaganda board of its own: its Ban Xây dựng
# Đảng carries that work and sends the ward's monthly report (reporting regime TH.XA.THANG).
HAC_THANH_BXDD = "38.14797.BXDD"

USERS = (
    UserSpec(
        "admin", "Đỗ Minh Tuấn", "Quản trị hệ thống", "quantri@phoihop.gov.vn", superuser=True
    ),
    UserSpec(
        "quantri.thanhhoa",
        "Lê Văn Thành",
        "Chuyên viên Văn phòng Tỉnh ủy, quản trị hệ thống",
        "quantri@thanhhoa.gov.vn",
        (("38.TU", Role.ORG_ADMIN), ("38.UBND", Role.ORG_ADMIN)),
    ),
    # Memberships carry no dates: the two who came from the Ban Tuyên giáo Tỉnh ủy (merged on
    # 1-2-2025) keep its membership, so the programme and plans it signed stay theirs to follow.
    UserSpec(
        "lanhdao.tgdv",
        "Lê Thị Hương",
        "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy",
        "lthuong@thanhhoa.gov.vn",
        (("38.BTGDVTU", Role.LEADER), ("38.BTGTU", Role.LEADER)),
    ),
    UserSpec(
        "chuyenvien.tgdv",
        "Nguyễn Văn Hùng",
        "Chuyên viên Phòng Khoa giáo",
        "nvhung@thanhhoa.gov.vn",
        (("38.BTGDVTU", Role.SPECIALIST), ("38.BTGTU", Role.SPECIALIST)),
    ),
    UserSpec(
        "daumoi.syt",
        "Trần Thị Mai",
        "Chánh Văn phòng Sở Y tế",
        "ttmai@thanhhoa.gov.vn",
        (("38.SYT", Role.FOCAL_POINT),),
    ),
    UserSpec(
        "daumoi.sgddt",
        "Phạm Quang Minh",
        "Phó Chánh Văn phòng Sở Giáo dục và Đào tạo",
        "pqminh@thanhhoa.gov.vn",
        (("38.SGDDT", Role.FOCAL_POINT),),
    ),
    UserSpec(
        "ctv.thanhhoa",
        "Hoàng Thị Thu",
        "Cộng tác viên dư luận xã hội",
        "htthu@thanhhoa.gov.vn",
        (("38.BTGDVTU", Role.COLLABORATOR),),
    ),
    UserSpec(
        "xa.hacthanh",
        "Vũ Đức Anh",
        "Chuyên viên Ban Xây dựng Đảng",
        "vdanh@thanhhoa.gov.vn",
        ((HAC_THANH_DU, Role.SPECIALIST), (HAC_THANH_BXDD, Role.SPECIALIST)),
    ),
    UserSpec(
        "quantri.phutho",
        "Bùi Văn Dũng",
        "Chuyên viên Văn phòng Tỉnh ủy, quản trị hệ thống",
        "quantri@phutho.gov.vn",
        (("25.TU", Role.ORG_ADMIN), ("25.UBND", Role.ORG_ADMIN)),
    ),
    UserSpec(
        "chuyenvien.phutho",
        "Đinh Thị Ngọc",
        "Chuyên viên Ban Tuyên giáo và Dân vận",
        "dtngoc@phutho.gov.vn",
        (("25.BTGDVTU", Role.SPECIALIST),),
    ),
)


# --- seeding ---------------------------------------------------------------------------------


@dataclass
class SeedResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    users_created: int = 0
    memberships_created: int = 0
    organizations: dict[str, Organization] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def ensure_areas(stdout: TextIO | None = None) -> None:
    """Load the administrative areas once, through the real loader, when none are in force."""
    if Area.objects.current().exists():
        return
    from django.core.management import call_command

    _say(stdout, "Chưa có địa bàn: nạp bằng lệnh load_areas…")
    call_command("load_areas", **({"stdout": stdout} if stdout else {}))


def _area_index(refs: Iterable[AreaRef]) -> dict[AreaRef, Area]:
    """The areas the specs point at, in one query; a missing one is a clear error."""
    refs = set(refs)
    found: dict[AreaRef, Area] = {}
    codes = {code for _level, code, _historical in refs}
    for area in Area.objects.filter(code__in=codes).select_related("parent"):
        ref = (area.level, area.code, area.valid_to is not None)
        if ref in refs and ref not in found:
            found[ref] = area
    missing = sorted(refs - found.keys())
    if missing:
        raise ImproperlyConfigured(
            "Dữ liệu trình diễn cần các địa bàn chưa được nạp (hãy chạy `phoihop load_areas`): "
            + ", ".join(f"{level} {code}{' (cũ)' if old else ''}" for level, code, old in missing)
        )
    return found


def all_specs() -> list[OrgSpec]:
    """Every demo organisation, parents and successors before the units that point at them."""
    communes = {}
    for province in (THANH_HOA, PHU_THO):
        refs = [(Area.Level.COMMUNE, code, False) for code in province.communes]
        communes[province.code] = _area_index(refs)
    specs = province_organizations(THANH_HOA) + thanh_hoa_history()
    specs += province_organizations(PHU_THO) + phu_tho_history()
    for province in (THANH_HOA, PHU_THO):
        for code in province.communes:
            area = communes[province.code][(Area.Level.COMMUNE, code, False)]
            specs += commune_organizations(province, area)
    return specs


def _wanted(spec: OrgSpec, result: SeedResult, areas: dict[AreaRef, Area]) -> dict:
    return {
        "name": spec.name,
        "abbreviation": spec.abbreviation,
        "identifier": spec.identifier,
        "kind": spec.kind,
        "level": spec.level,
        "parent": result.organizations[spec.parent] if spec.parent else None,
        "area": areas[spec.area] if spec.area else None,
        "email": spec.email,
        "valid_from": spec.valid_from,
        "valid_to": spec.valid_to,
    }


def _differs(org: Organization, attrs: dict, fields: list[Field], successors: list) -> bool:
    if any(getattr(org, name) != value for name, value in attrs.items()):
        return True
    if {f.pk for f in org.fields.all()} != {f.pk for f in fields}:
        return True
    return {s.pk for s in org.successors.all()} != {s.pk for s in successors}


def _ensure_organization(
    spec: OrgSpec,
    *,
    by: User,
    areas: dict[AreaRef, Area],
    fields: dict[str, Field],
    result: SeedResult,
    reset: bool,
) -> None:
    attrs = _wanted(spec, result, areas)
    wanted_fields = [fields[code] for code in spec.fields]
    successors = [result.organizations[identifier] for identifier in spec.successors]
    org = Organization.objects.filter(identifier=spec.identifier).first()
    if org is None:
        org = services.create_organization(
            by=by, fields=wanted_fields, successors=successors, **attrs
        )
        outcome = "created"
    elif reset and (org.is_archived or _differs(org, attrs, wanted_fields, successors)):
        if org.is_archived:
            org = services.restore_organization(organization=org, by=by)
        org = services.update_organization(
            organization=org, by=by, fields=wanted_fields, successors=successors, **attrs
        )
        outcome = "updated"
    else:
        outcome = "unchanged"
    result.organizations[spec.identifier] = org
    result.count(outcome)


def _ensure_user(spec: UserSpec, *, by: User | None, reset: bool) -> tuple[User, bool]:
    """Create the demo account with the demo password, or (reset) restore its profile and
    password. Returns the user and whether it was created."""
    user = User.objects.filter(username=spec.username).first()
    if user is not None and not reset:
        return user, False
    created = user is None
    before = {} if created else audit.snapshot(user, User.AUDITED_FIELDS)
    user = user or User(username=spec.username)
    user.full_name, user.position = spec.full_name, spec.position
    user.email, user.phone, user.is_active = spec.email, spec.phone, True
    user.is_superuser = user.is_staff = spec.superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    changes = audit.diff(before, audit.snapshot(user, User.AUDITED_FIELDS))
    if created or changes:
        audit.record(
            action=Action.CREATE if created else Action.UPDATE,
            obj=user,
            by=by or user,  # the first administrator creates itself
            changes=changes,
            message="Dữ liệu trình diễn",
        )
    search.index(user)
    return user, created


def _ensure_memberships(
    spec: UserSpec, user: User, *, by: User, result: SeedResult, reset: bool
) -> None:
    existing = {m.organization_id: m for m in user.memberships.all()}
    wanted_ids = set()
    for identifier, role in spec.memberships:
        organization = result.organizations[identifier]
        wanted_ids.add(organization.pk)
        membership = existing.get(organization.pk)
        if membership is None:
            services.add_member(organization=organization, by=by, role=role, user=user)
            result.memberships_created += 1
        elif reset and membership.role != role:
            services.change_member_role(membership=membership, role=role, by=by)
    if reset:
        for organization_id, membership in existing.items():
            if organization_id not in wanted_ids:
                services.remove_member(membership=membership, by=by)


def _check_fields(specs: list[OrgSpec]) -> dict[str, Field]:
    fields = {f.code: f for f in Field.objects.all()}
    missing = {code for spec in specs for code in spec.fields} - fields.keys()
    if missing:
        raise ImproperlyConfigured(
            f"Thiếu lĩnh vực (migration org 0002 chưa chạy?): {', '.join(sorted(missing))}"
        )
    return fields


@transaction.atomic
def seed(*, stdout: TextIO | None = None, reset: bool = False) -> SeedResult:
    """Create the demo organisations and users (a second run changes nothing)."""
    ensure_areas(stdout)
    specs = all_specs()
    areas = _area_index(spec.area for spec in specs if spec.area)
    fields = _check_fields(specs)
    result = SeedResult()
    admin_spec, *people = USERS
    admin, created = _ensure_user(admin_spec, by=None, reset=reset)
    if not admin.is_superuser:
        raise ImproperlyConfigured(
            "Đã có người dùng 'admin' nhưng không phải quản trị hệ thống; hãy chạy với --reset."
        )
    result.users_created += created
    for spec in specs:
        _ensure_organization(spec, by=admin, areas=areas, fields=fields, result=result, reset=reset)
    for spec in people:
        user, created = _ensure_user(spec, by=admin, reset=reset)
        result.users_created += created
        _ensure_memberships(spec, user, by=admin, result=result, reset=reset)
    _say(
        stdout,
        f"Tổ chức trình diễn: {result.created} tạo mới, {result.updated} cập nhật, "
        f"{result.unchanged} giữ nguyên; người dùng mới: {result.users_created}; "
        f"vai trò mới: {result.memberships_created}.",
    )
    return result


def login_rows() -> list[tuple[str, str, str, str]]:
    """(login, full name, role, organisation) for every demo account, as seeded; an organisation
    that has ended says until when."""
    names = {
        org.identifier: org.name + (f" (đến {org.valid_to:%d/%m/%Y})" if org.valid_to else "")
        for org in Organization.objects.filter(
            identifier__in={i for spec in USERS for i, _role in spec.memberships}
        )
    }
    rows = []
    for spec in USERS:
        if spec.superuser:
            rows.append((spec.username, spec.full_name, "Quản trị hệ thống", "(toàn hệ thống)"))
        for identifier, role in spec.memberships:
            label = Role(role).label
            rows.append((spec.username, spec.full_name, str(label), names.get(identifier, "")))
    return rows


def login_table() -> str:
    """The demo logins as a plain-text table, for the end of `phoihop seed_demo`."""
    header = ("Tên đăng nhập", "Họ và tên", "Vai trò", "Tổ chức")
    rows = [header, *login_rows()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"Mật khẩu của mọi tài khoản trình diễn: {DEMO_PASSWORD}"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# Printed at the end of `phoihop seed_demo` and repeated in the README: who to sign in as first,
# and a five-minute tour of what each account shows.
FIRST_ACCOUNT = "chuyenvien.tgdv"
TOUR = (
    ("chuyenvien.tgdv", "/", "Trang chủ: bốn nhóm tình trạng nhiệm vụ, việc quá hạn theo cơ quan"),
    ("chuyenvien.tgdv", "/plans/programmes/", "Chương trình phối hợp 2021–2025 (Ban Tuyên giáo "
     "Tỉnh ủy ký) và 2026–2030 (Ban Tuyên giáo và Dân vận)"),
    ("chuyenvien.tgdv", "/plans/tasks/timeline/", "Tiến độ nhiệm vụ theo thời gian"),
    ("chuyenvien.tgdv", "/directives/reviews/", "Lịch sơ kết, tổng kết nghị quyết, chỉ thị"),
    ("daumoi.syt", "/plans/tasks/?mine=1", "Việc của tôi: báo cáo tiến độ, xin gia hạn"),
    ("lanhdao.tgdv", "/plans/league/", "Bảng xếp hạng các sở, ngành"),
    ("chuyenvien.phutho", "/plans/", "Phú Thọ sau hợp nhất tỉnh: kế hoạch riêng"),
    ("xa.hacthanh", "/plans/tasks/", "Cấp xã: kế hoạch của Đảng ủy phường Hạc Thành"),
    ("admin", "/notifications/", "Thông báo nhắc hạn của vài tuần sử dụng"),
)  # fmt: skip


def tour_text(site_url: str) -> str:
    """The five-minute tour, as plain text with full addresses on `site_url`: these stops, then
    those the apps registered with their demo data (core.contributions)."""
    from phoihop.core.contributions import demo_seeders

    stops = [*TOUR, *(stop for seeder in demo_seeders() for stop in seeder.tour)]
    lines = [
        f"Bắt đầu: đăng nhập {site_url}/accounts/login/ bằng tài khoản {FIRST_ACCOUNT} "
        f"(mật khẩu {DEMO_PASSWORD}).",
        "Tham quan 5 phút:",
    ]
    for number, (username, path, what) in enumerate(stops, start=1):
        lines.append(f"  {number:>2}. {username:<18} {site_url}{path}  — {what}")
    return "\n".join(lines)


def spread_notification_times(since: datetime.datetime) -> int:
    """The notifications this run wrote were all stamped now. Spread them over the last three
    weeks, the older ones read, as a platform a few weeks into use would have them (the same
    order gives the same times, so a second run moves nothing it did not write)."""
    from django.utils import timezone

    from phoihop.core.models import Notification

    now = timezone.now()
    written = list(Notification.objects.filter(created_at__gte=since).order_by("pk"))
    for index, notification in enumerate(written):
        age = datetime.timedelta(hours=(index * 53) % (21 * 24))
        notification.created_at = now - age
        notification.read_at = notification.created_at + datetime.timedelta(hours=3)
        if age < datetime.timedelta(days=4):
            notification.read_at = None
    Notification.objects.bulk_update(written, ["created_at", "read_at"])
    return len(written)


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")
