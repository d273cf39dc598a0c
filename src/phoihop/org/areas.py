"""Administrative areas: loading the reference data, and the reads the pages and API share.

Since 1-7-2025 Vietnam has 34 provinces and 3,321 communes (codes from QĐ 19/2025/QĐ-TTg); they
come from the `vietnam-provinces` package. The areas in force before (63 provinces, ~700
districts, ~10,000 communes, with their own codes) come from `data/area_history.json.gz`, each
old province and commune linked to its successors. Old and new codes overlap (old 38 Thanh Hóa
and new 38 Thanh Hóa), so an area is identified by level + code + validity, never by code alone.

Loading is an upsert keyed by (level, code, valid_to): re-running changes nothing, rows that
are no longer in the source are kept (organisations and reports may point at them).
"""

import datetime
import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from phoihop.core import search

from .models import Area

REFORM_DATE = datetime.date(2025, 7, 1)
HISTORY_PATH = Path(__file__).parent / "data" / "area_history.json.gz"

PROVINCE, DISTRICT, COMMUNE = Area.Level.PROVINCE, Area.Level.DISTRICT, Area.Level.COMMUNE

# Name prefixes by division type, longest first so "thị xã" wins over "xã".
_TYPE_PREFIXES = (
    ("thành phố trung ương", "Thành phố"),
    ("thành phố", "Thành phố"),
    ("thị trấn", "Thị trấn"),
    ("thị xã", "Thị xã"),
    ("đặc khu", "Đặc khu"),
    ("phường", "Phường"),
    ("huyện", "Huyện"),
    ("quận", "Quận"),
    ("tỉnh", "Tỉnh"),
    ("xã", "Xã"),
)
_SYNCED_FIELDS = ("name", "short_name", "type", "parent_id", "valid_from")


# --- names -----------------------------------------------------------------------------------


def full_name(name: str, division_type: str) -> str:
    """The official name with its division word: ("Cao Bằng", "tỉnh") -> "Tỉnh Cao Bằng";
    a word the source capitalised oddly is written the usual way ("Thành Phố" -> "Thành phố")."""
    prefix = dict(_TYPE_PREFIXES).get(division_type, "")
    if not prefix:
        return name
    if name.lower().startswith(prefix.lower() + " "):
        return prefix + name[len(prefix) :]
    return f"{prefix} {name}"


def short_name(name: str) -> str:
    """The name without its division word: "Tỉnh Thanh Hóa" -> "Thanh Hóa". Numbered units keep
    it ("Quận 1", "Phường 12"): the number alone names nothing."""
    lowered = name.lower()
    for _type, prefix in _TYPE_PREFIXES:
        if lowered.startswith(prefix.lower() + " "):
            rest = name[len(prefix) + 1 :].strip()
            return rest if rest and not rest[0].isdigit() else name
    return name


def format_date(date: datetime.date) -> str:
    """Vietnamese administrative style: day below 10 and months 1-2 zero-padded ("01/7/2025")."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


# --- loading ---------------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadResult:
    levels: dict[str, Counts] = field(default_factory=dict)  # "province", "old_commune", …
    successor_links_created: int = 0
    successor_links_removed: int = 0
    unresolved_successors: list[str] = field(default_factory=list)
    history_loaded: bool = False
    history_message: str = ""
    indexed: int = 0

    @property
    def changed(self) -> bool:
        return (
            any(c.created or c.updated for c in self.levels.values())
            or self.successor_links_created > 0
            or self.successor_links_removed > 0
        )


@dataclass(frozen=True)
class AreaRow:
    """One area as the source describes it; parent given by its own natural key."""

    level: str
    code: str
    name: str
    type: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    parent_key: tuple | None = None

    @property
    def key(self) -> tuple:
        return (self.level, self.code, self.valid_to)


def current_rows() -> Iterator[AreaRow]:
    """The 34 provinces and 3,321 communes of the installed `vietnam-provinces`."""
    from vietnam_provinces import Province, Ward

    for province in Province.iter_all():
        kind = province.division_type.value
        code = f"{int(province.code):02d}"
        yield AreaRow(PROVINCE, code, full_name(province.name, kind), kind, REFORM_DATE, None)
    for ward in Ward.iter_all():
        kind = ward.division_type.value
        parent = (PROVINCE, f"{int(ward.province_code):02d}", None)
        code = f"{int(ward.code):05d}"
        name = full_name(ward.name, kind)
        yield AreaRow(COMMUNE, code, name, kind, REFORM_DATE, None, parent)


def read_history(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def history_rows(data: dict) -> Iterator[AreaRow]:
    """Pre-reform provinces, districts and communes, valid until `data["valid_to"]`."""
    valid_to = datetime.date.fromisoformat(data["valid_to"])
    for item in data["provinces"]:
        name = full_name(item["name"], item["type"])
        yield AreaRow(PROVINCE, item["code"], name, item["type"], None, valid_to)
    for item in data["districts"]:
        parent = (PROVINCE, item["province"], valid_to)
        name = full_name(item["name"], item["type"])
        yield AreaRow(DISTRICT, item["code"], name, item["type"], None, valid_to, parent)
    for item in data["communes"]:
        parent = (DISTRICT, item["district"], valid_to)
        name = full_name(item["name"], item["type"])
        yield AreaRow(COMMUNE, item["code"], name, item["type"], None, valid_to, parent)


def history_successors(data: dict) -> Iterator[tuple[tuple, tuple]]:
    """(old key, new key) pairs. Districts were abolished: unless the file names their successor
    (island districts that became a đặc khu), they pass to the new communes that took over
    their communes, so a district's figures can be rolled up too."""
    valid_to = datetime.date.fromisoformat(data["valid_to"])
    for item in data["provinces"]:
        for code in item.get("successors", []):
            yield (PROVINCE, item["code"], valid_to), (PROVINCE, code, None)
    by_district: dict[str, set[str]] = {}
    for item in data["communes"]:
        by_district.setdefault(item["district"], set()).update(item.get("successors", []))
        for code in item.get("successors", []):
            yield (COMMUNE, item["code"], valid_to), (COMMUNE, code, None)
    for item in data["districts"]:
        codes = item.get("successors") or sorted(by_district.get(item["code"], ()))
        for code in codes:
            yield (DISTRICT, item["code"], valid_to), (COMMUNE, code, None)


def _upsert(rows: list[AreaRow], known: dict[tuple, Area]) -> Counts:
    """Create missing areas and update changed ones; `known` (natural key -> Area) is kept up
    to date so later levels can find their parents."""
    counts = Counts()
    to_create, to_update = [], []
    for row in rows:
        parent_id = known[row.parent_key].pk if row.parent_key else None
        wanted = {
            "name": row.name,
            "short_name": short_name(row.name),
            "type": row.type,
            "parent_id": parent_id,
            "valid_from": row.valid_from,
        }
        area = known.get(row.key)
        if area is None:
            area = Area(level=row.level, code=row.code, valid_to=row.valid_to, **wanted)
            to_create.append(area)
        elif any(getattr(area, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(area, name, value)
            to_update.append(area)
        else:
            counts.unchanged += 1
    Area.objects.bulk_create(to_create, batch_size=500)
    Area.objects.bulk_update(to_update, _SYNCED_FIELDS, batch_size=500)
    for area in to_create:
        known[(area.level, area.code, area.valid_to)] = area
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts


def _known_areas(valid_to_values: Iterable[datetime.date | None]) -> dict[tuple, Area]:
    query = Q()
    for valid_to in valid_to_values:
        query |= Q(valid_to__isnull=True) if valid_to is None else Q(valid_to=valid_to)
    fields = ("pk", "level", "code", "valid_to", *_SYNCED_FIELDS)
    return {(a.level, a.code, a.valid_to): a for a in Area.objects.filter(query).only(*fields)}


def _sync_successors(data: dict, known: dict[tuple, Area], result: LoadResult) -> None:
    """Make the successor links of the historical areas exactly those of the file."""
    valid_to = datetime.date.fromisoformat(data["valid_to"])
    wanted: set[tuple[int, int]] = set()
    for old_key, new_key in history_successors(data):
        new = known.get(new_key)
        if new is None:
            result.unresolved_successors.append(f"{old_key[0]} {old_key[1]} -> {new_key[1]}")
        else:
            wanted.add((known[old_key].pk, new.pk))
    through = Area.successors.through
    existing = {
        (from_id, to_id): pk
        for pk, from_id, to_id in through.objects.filter(from_area__valid_to=valid_to).values_list(
            "pk", "from_area_id", "to_area_id"
        )
    }
    stale = [pk for pair, pk in existing.items() if pair not in wanted]
    for start in range(0, len(stale), 500):
        through.objects.filter(pk__in=stale[start : start + 500]).delete()
    missing = [through(from_area_id=f, to_area_id=t) for f, t in sorted(wanted - existing.keys())]
    through.objects.bulk_create(missing, batch_size=1000)
    result.successor_links_created, result.successor_links_removed = len(missing), len(stale)


@transaction.atomic
def load_areas(*, history_path: Path | None = HISTORY_PATH, reindex: bool = True) -> LoadResult:
    """Load (or refresh) every area; all or nothing. `history_path=None` skips the history."""
    result = LoadResult()
    data = None
    if history_path is None:
        result.history_message = _("Bỏ qua lịch sử địa bàn theo yêu cầu.")
    elif not Path(history_path).exists():
        result.history_message = _(
            "Không tìm thấy tệp lịch sử địa bàn %(path)s: chỉ nạp địa bàn hiện hành."
        ) % {"path": history_path}
    else:
        data = read_history(Path(history_path))
    history_valid_to = datetime.date.fromisoformat(data["valid_to"]) if data else None
    known = _known_areas([None] + ([history_valid_to] if data else []))

    rows = list(current_rows())
    result.levels["province"] = _upsert([r for r in rows if r.level == PROVINCE], known)
    result.levels["commune"] = _upsert([r for r in rows if r.level == COMMUNE], known)
    if data is not None:
        rows = list(history_rows(data))
        for level in (PROVINCE, DISTRICT, COMMUNE):
            level_rows = [r for r in rows if r.level == level]
            result.levels[f"old_{level}"] = _upsert(level_rows, known)
        _sync_successors(data, known, result)
        result.history_loaded = True
    if reindex:
        result.indexed = reindex_areas()
    return result


def reindex_areas() -> int:
    """Refresh the search rows of every area (kind "area")."""
    return search.index_many(Area.objects.select_related("parent").order_by("pk").iterator(2000))


# --- what people type: dates and the text filter (other reads: selectors.py) ---------------


def parse_date(value: str | None) -> datetime.date | None:
    """A YYYY-MM-DD date, or None when the value is empty or not a real date."""
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def filter_text(queryset: QuerySet, query: str) -> QuerySet:
    """The areas whose code starts with `query` when it is a number, else those whose search
    row matches it (core.search: diacritics optional)."""
    query = query.strip()
    if query.isdigit():
        return queryset.filter(code__startswith=query)
    return search.filter_text(queryset, query)
