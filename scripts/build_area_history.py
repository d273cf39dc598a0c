#!/usr/bin/env python3
"""Build src/phoihop/org/data/area_history.json.gz.

The file holds Vietnam's administrative areas as they were before the
1-7-2025 reform (63 provinces -> districts -> communes, official pre-2025
codes), each province and commune linked to its successor(s) among the 34
provinces / 3,321 communes in force since 1-7-2025.

Sources (see src/phoihop/org/data/README.md):

* vietnam-provinces 0.6.0 wheel: the pre-2025 tree with official codes.
* underthesea 9.5.0 wheel: address/data/mapping.json, an old -> new mapping
  keyed by folded *names* (it carries no old codes).
* vietnam-provinces 2025.10.1 (installed): the new areas with new codes.

The two old wheels are read with zipfile, never installed.  Old communes are
joined to mapping rows by folded (province, district, commune) names, and
mapping rows to new communes by folded (province, commune) names.  A commune
that cannot be joined gets "successors": [] -- nothing is guessed beyond the
documented, one-to-one name tiers below.

Usage:
    .venv/bin/python scripts/build_area_history.py --wheels /tmp/dl
    .venv/bin/python scripts/build_area_history.py --check   # verify the file
"""

from __future__ import annotations

import argparse
import difflib
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

VALID_TO = "2025-06-30"
MIN_COVERAGE = 0.97

# Type prefixes as they appear in *folded* keys.  Longest first so that
# "thanhpho" is not mistaken for anything shorter.
DISTRICT_PREFIXES = ("thanhpho", "thixa", "huyen", "quan")
COMMUNE_PREFIXES = ("thitran", "phuong", "xa")

# Fuzzy tier: only for names left over after every exact tier, inside one
# district, same commune type, one-to-one.  0.75 admits one- or two-letter
# spelling variants of minority-language names ("Xín Chải"/"Sín Chải",
# "Ngok Tem"/"Ngọc Tem") while rejecting different names.
FUZZY_MIN_RATIO = 0.75


# --------------------------------------------------------------------------
# Name folding
# --------------------------------------------------------------------------


def fold(name: str) -> str:
    """Fold a name to the key format of underthesea's mapping.json.

    Mirrors underthesea.address.normalizer.normalize_key: lowercase, NFC,
    underthesea's character map (its only entries turn the Icelandic eth
    'ð'/'Ð' into 'đ'/'Đ'), strip diacritics, đ -> d, keep [a-z0-9].
    Re-implemented here so the build does not need underthesea (and joblib)
    installed.
    """
    text = unicodedata.normalize("NFC", name.lower().strip()).replace("ð", "đ")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text.replace("đ", "d"))


# Old-style ("hòa", "thúy") vs new-style ("hoà", "thuý") tone placement.
# Both occur in the sources; rewriting one into the other makes accented keys
# comparable.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_TONE_PLACEMENT = {
    unicodedata.normalize("NFC", first + second + tone): unicodedata.normalize("NFC", first + tone + second)
    for first, second in ("oa", "oe", "uy")
    for tone in _TONE_MARKS
}


def accented_key(name_or_key: str) -> str:
    """Key that keeps diacritics: lowercase, letters and digits only.

    When two communes of one district fold to the same ascii key (e.g. "Xã
    Hoằng Thành" and "Xã Hoằng Thanh"), mapping.json keys them like this
    instead ("xãhoằngthành").  Accepts a display name or such a key.
    """
    text = unicodedata.normalize("NFC", name_or_key.lower())
    for old, new in _TONE_PLACEMENT.items():
        text = text.replace(old, new)
    return re.sub(r"[\W_]", "", text)


def is_ascii_key(key: str) -> bool:
    return key.isascii()


def strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    """Drop the type word ("huyen", "xa", ...) from a folded key."""
    for prefix in prefixes:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def spelling_variant(core: str) -> str:
    """Collapse spelling variants that are the same name in Vietnamese usage.

    * "Thị trấn Nông trường X" is also written "Thị trấn NT X" / "N.T X".
    * Roman and Arabic numerals: "Hòa Tú II" / "Hòa Tú 2".
    * i / y are interchangeable after a consonant: "Quí"/"Quý", "Sĩ"/"Sỹ".
    """
    core = core.replace("nongtruong", "nt")
    core = re.sub(r"iii$", "3", core)
    core = re.sub(r"ii$", "2", core)
    return core.replace("y", "i")


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


def type_from_name(name: str, prefixes: tuple[str, ...]) -> str:
    """The area type is the name's leading type word(s), lowercased.

    vietnam-provinces 0.6.0 labels every area with its level's default type
    ("tỉnh", "huyện", "xã"), so the type is derived from the name instead.
    Case-insensitive: the source has "Thành Phố Bắc Kạn" next to "Thành phố".
    """
    lowered = name.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix + " "):
            return prefix
    raise ValueError(f"no known type word in {name!r}")


def province_type(name: str) -> str:
    return "thành phố trung ương" if type_from_name(name, ("thành phố", "tỉnh")) == "thành phố" else "tỉnh"


def district_type(name: str) -> str:
    # "thành phố" here is a city under a province (or Thủ Đức, under HCMC).
    return type_from_name(name, ("thành phố", "thị xã", "quận", "huyện"))


def commune_type(name: str) -> str:
    return type_from_name(name, ("thị trấn", "phường", "xã"))


@dataclass
class OldCommune:
    code: str
    name: str
    type: str
    district: str
    province_key: str
    district_key: str
    key: str  # ascii folded name
    successors: set[str] = field(default_factory=set)
    matched_by: str | None = None


@dataclass
class OldTree:
    provinces: list[dict]
    districts: list[dict]
    communes: list[OldCommune]
    province_code_by_key: dict[str, str]


def load_old_tree(wheel: Path) -> OldTree:
    tree = json.loads(read_wheel_member(wheel, OLD_TREE_MEMBER))
    provinces, districts, communes = [], [], []
    province_code_by_key = {}
    for p in tree:
        p_code, p_key = f"{p['code']:02d}", fold(p["name"])
        province_code_by_key[p_key] = p_code
        provinces.append({"code": p_code, "name": p["name"], "type": province_type(p["name"])})
        for d in p["districts"]:
            d_code, d_key = f"{d['code']:03d}", fold(d["name"])
            districts.append({"code": d_code, "name": d["name"], "type": district_type(d["name"]), "province": p_code})
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
    return OldTree(provinces, districts, communes, province_code_by_key)


@dataclass
class NewDivisions:
    province_code_by_key: dict[str, str]
    province_name_by_code: dict[str, str]
    ward_province: dict[str, str]  # ward code -> province code
    ward_by_key: dict[tuple[str, str], str]  # (province key, ascii or accented key) -> ward code


def new_province_key(name: str, division_type: str) -> str:
    # The 2025 package drops "Tỉnh " from province names ("Cao Bằng") but
    # keeps "Thành phố "; mapping.json keys always include the type word.
    if division_type == "tỉnh" and not name.startswith("Tỉnh "):
        name = "Tỉnh " + name
    return fold(name)


def load_new_divisions() -> NewDivisions:
    from vietnam_provinces import Province, Ward

    province_code_by_key, province_name_by_code = {}, {}
    province_key_by_code = {}
    for p in Province.iter_all():
        code = f"{p.code.value:02d}"
        key = new_province_key(p.name, p.division_type.value)
        province_code_by_key[key] = code
        province_key_by_code[code] = key
        province_name_by_code[code] = p.name

    wards = [(f"{w.code.value:05d}", w.name, province_key_by_code[f"{w.province_code.value:02d}"]) for w in Ward.iter_all()]
    ascii_count = Counter((p_key, fold(name)) for _, name, p_key in wards)
    ward_by_key, ward_province = {}, {}
    for code, name, p_key in wards:
        ward_province[code] = province_code_by_key[p_key]
        ward_by_key[(p_key, accented_key(name))] = code
        # An ascii key shared by two wards of one province is useless: the
        # mapping then uses the accented key instead.
        if ascii_count[(p_key, fold(name))] == 1:
            ward_by_key[(p_key, fold(name))] = code
    return NewDivisions(province_code_by_key, province_name_by_code, ward_province, ward_by_key)


# --------------------------------------------------------------------------
# Joining
# --------------------------------------------------------------------------

OldKey = tuple[str, str, str]  # (province key, district key, commune key) as in mapping.json


def group_mapping_rows(rows: list[dict]) -> tuple[dict[OldKey, list[dict]], dict[tuple[str, str], list[dict]]]:
    """Group ward_mapping rows by old commune; district-only rows apart.

    A "divided" old commune has one row per successor.  Rows with an empty
    ward key map a whole district that had no communes (island districts).
    """
    by_commune: dict[OldKey, list[dict]] = defaultdict(list)
    by_district: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["old_ward_key"]:
            by_commune[(row["old_province_key"], row["old_district_key"], row["old_ward_key"])].append(row)
        else:
            by_district[(row["old_province_key"], row["old_district_key"])].append(row)
    return by_commune, by_district


def unique_index(items, key_fn) -> dict:
    """Index items by key_fn, dropping keys that more than one item shares."""
    groups = defaultdict(list)
    for item in items:
        groups[key_fn(item)].append(item)
    return {k: v[0] for k, v in groups.items() if len(v) == 1}


def match_communes(communes: list[OldCommune], mapping_keys: set[OldKey], fuzzy: bool) -> dict[str, OldKey]:
    """Pair old communes with mapping keys, one-to-one, tier by tier.

    Each tier only sees what earlier tiers left, and only accepts a key that
    is unique on both sides, so no tier can steal or double-assign a row.
    Returns commune code -> mapping key; sets OldCommune.matched_by.
    """
    pairs: dict[str, OldKey] = {}
    free_keys = set(mapping_keys)

    def run_tier(name, commune_key, row_key, accept=lambda c, k: True):
        free_communes = [c for c in communes if c.code not in pairs]
        by_commune = unique_index(free_communes, commune_key)
        by_row = unique_index(free_keys, row_key)
        for k, commune in by_commune.items():
            row = by_row.get(k)
            if row is not None and accept(commune, row):
                pairs[commune.code] = row
                commune.matched_by = name
                free_keys.discard(row)

    def d_core(key):
        return strip_prefix(key, DISTRICT_PREFIXES)

    def w_core(key):
        return strip_prefix(key, COMMUNE_PREFIXES)

    # 1. Exact folded names -- the normal case.
    run_tier("exact", lambda c: (c.province_key, c.district_key, c.key), lambda k: k)
    # 2. Communes whose ascii keys collide inside their district: mapping.json
    #    keys them by the accented name.
    run_tier(
        "accented",
        lambda c: (c.province_key, c.district_key, accented_key(c.name)),
        lambda k: (k[0], k[1], accented_key(k[2]) if not is_ascii_key(k[2]) else None),
    )
    # 3. District or commune changed type between the two snapshots (0.6.0 is
    #    from 2025-01-04; mapping.json reflects 30-6-2025): e.g. "Thị xã Phú
    #    Mỹ" became "Thành phố Phú Mỹ", "Xã Tân Hải" became "Phường Tân Hải".
    run_tier(
        "type changed",
        lambda c: (c.province_key, d_core(c.district_key), w_core(c.key)),
        lambda k: (k[0], d_core(k[1]), w_core(k[2])),
    )
    # 4. Orthographic variants of the same name (see spelling_variant).
    run_tier(
        "spelling variant",
        lambda c: (c.province_key, d_core(c.district_key), spelling_variant(w_core(c.key))),
        lambda k: (k[0], d_core(k[1]), spelling_variant(w_core(k[2]))),
    )
    if fuzzy:
        match_fuzzy(communes, free_keys, pairs)
    return pairs


def match_fuzzy(communes: list[OldCommune], free_keys: set[OldKey], pairs: dict[str, OldKey]) -> None:
    """Last tier: near-identical names left over in the same district.

    Minority-language place names are transliterated differently by GSO
    (0.6.0) and by the 2025 resolutions ("Xã Nàn Xín" / "Xã Nàn Sín").
    Accept a pair only if both are of the same commune type, similar enough,
    and each is the other's single best candidate in that district.
    """
    def d_core(key):
        return strip_prefix(key, DISTRICT_PREFIXES)

    left_communes = defaultdict(list)
    for c in communes:
        if c.code not in pairs:
            left_communes[(c.province_key, d_core(c.district_key))].append(c)
    left_keys = defaultdict(list)
    for k in free_keys:
        if is_ascii_key(k[2]):
            left_keys[(k[0], d_core(k[1]))].append(k)

    def score(commune, key):
        c_prefix = next((p for p in COMMUNE_PREFIXES if commune.key.startswith(p)), "")
        if not key[2].startswith(c_prefix):
            return 0.0
        a, b = commune.key[len(c_prefix):], key[2][len(c_prefix):]
        return difflib.SequenceMatcher(None, a, b).ratio()

    for district, cands in left_communes.items():
        keys = left_keys.get(district, [])
        best_for_commune = {}
        for c in cands:
            scored = sorted(((score(c, k), k) for k in keys), reverse=True)
            if scored and scored[0][0] >= FUZZY_MIN_RATIO and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                best_for_commune[c.code] = scored[0][1]
        for c in cands:
            k = best_for_commune.get(c.code)
            if k is None:
                continue
            rivals = [score(o, k) for o in cands if o is not c]
            if all(r < score(c, k) for r in rivals):
                pairs[c.code] = k
                c.matched_by = "fuzzy"
                free_keys.discard(k)


def resolve_new_ward(row: dict, new: NewDivisions) -> str | None:
    return new.ward_by_key.get((row["new_province_key"], row["new_ward_key"]))


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def __call__(self, line: str = "") -> None:
        self.lines.append(line)
        print(line)


def build(wheels: Path, fuzzy: bool, report: Report) -> dict:
    old_wheel, mapping_wheel = wheels / OLD_TREE_WHEEL, wheels / MAPPING_WHEEL
    for wheel in (old_wheel, mapping_wheel):
        if not wheel.is_file():
            sys.exit(
                f"missing {wheel}; fetch with:\n  .venv/bin/pip download --no-deps -d {wheels} "
                "vietnam-provinces==0.6.0 underthesea==9.5.0"
            )
    import vietnam_provinces

    old = load_old_tree(old_wheel)
    mapping = json.loads(read_wheel_member(mapping_wheel, MAPPING_MEMBER))
    new = load_new_divisions()

    provinces = build_provinces(old, mapping, new, report)
    by_commune, by_district = group_mapping_rows(mapping["ward_mapping"])
    unresolved_new = join_communes(old, by_commune, new, fuzzy, report)
    districts = build_districts(old, by_district, new, report)

    communes_out = [
        {"code": c.code, "name": c.name, "type": c.type, "district": c.district, "successors": sorted(c.successors)}
        for c in old.communes
    ]
    report_coverage(old, by_commune, unresolved_new, report)
    report_code_consistency(old, new, report)

    return {
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
        "provinces": provinces,
        "districts": districts,
        "communes": communes_out,
    }


def build_provinces(old: OldTree, mapping: dict, new: NewDivisions, report: Report) -> list[dict]:
    """Province successors: mapping.json's province_mapping, names -> new codes."""
    out = []
    for p in old.provinces:
        old_key = fold(p["name"])
        new_key = mapping["province_mapping"].get(old_key)
        new_code = new.province_code_by_key.get(new_key)
        if new_code is None:
            report(f"  ! province {p['code']} {p['name']}: no successor ({old_key} -> {new_key})")
        # Cross-check against the code mapping.json itself states.
        stated = mapping["province_names"].get(new_key, {}).get("code")
        if new_code and stated and stated != new_code:
            report(f"  ! province {p['name']}: mapping.json says new code {stated}, package says {new_code}")
        out.append({**p, "successors": [new_code] if new_code else []})
    return out


def join_communes(old: OldTree, by_commune, new: NewDivisions, fuzzy: bool, report: Report) -> Counter:
    pairs = match_communes(old.communes, set(by_commune), fuzzy)
    unresolved_new: Counter = Counter()
    for c in old.communes:
        key = pairs.get(c.code)
        if key is None:
            continue
        for row in by_commune[key]:
            code = resolve_new_ward(row, new)
            if code is None:
                unresolved_new[(row["new_province_key"], row["new_ward_key"])] += 1
            else:
                c.successors.add(code)
    return unresolved_new


def build_districts(old: OldTree, by_district, new: NewDivisions, report: Report) -> list[dict]:
    """Districts; the few without communes get successors from district rows.

    Five island districts had no commune level (Bạch Long Vĩ, Cồn Cỏ, Hoàng
    Sa, Lý Sơn, Côn Đảo); they became "đặc khu".  mapping.json maps them as
    whole districts.  Other districts carry no "successors": derive them from
    their communes if needed.
    """
    province_key_by_code = {v: k for k, v in old.province_code_by_key.items()}
    with_communes = {c.district for c in old.communes}
    out = []
    for d in old.districts:
        entry = dict(d)
        rows = by_district.get((province_key_by_code[d["province"]], fold(d["name"])))
        if rows:
            codes = {resolve_new_ward(r, new) for r in rows}
            entry["successors"] = sorted(c for c in codes if c)
        elif d["code"] not in with_communes:
            report(f"  ! district {d['code']} {d['name']} has no communes and no mapping row")
        out.append(entry)
    return out


def report_coverage(old: OldTree, by_commune, unresolved_new: Counter, report: Report) -> None:
    total = len(old.communes)
    mapped = [c for c in old.communes if c.successors]
    report()
    report(f"Old communes: {total}; with >= 1 successor: {len(mapped)} ({len(mapped) / total:.2%})")
    for tier, n in Counter(c.matched_by for c in mapped).most_common():
        report(f"  matched by {tier}: {n}")
    divided = sum(1 for c in mapped if len(c.successors) > 1)
    report(f"  with several successors (divided): {divided}")

    unmatched = [c for c in old.communes if not c.successors]
    report(f"Old communes without successor: {len(unmatched)}")
    name_clash = Counter((c.district, c.key) for c in old.communes)
    clashing = [c for c in unmatched if name_clash[(c.district, c.key)] > 1]
    report(f"  same name twice in one district in 0.6.0 (ambiguous, left out): {len(clashing)}")
    for c in clashing[:4]:
        report(f"    {c.code} {c.name} (district {c.district})")
    report(f"  not found in mapping.json (changed Jan-Jun 2025 or spelled differently): {len(unmatched) - len(clashing)}")
    for c in [c for c in unmatched if c not in clashing][:8]:
        report(f"    {c.code} {c.name} (district {c.district})")

    report(f"mapping.json old-commune keys: {len(by_commune)}; joined to an old commune: {len(mapped)}; "
           f"left over: {len(by_commune) - len(mapped)}")
    if unresolved_new:
        report(f"  ! mapping rows whose new commune is not in vietnam-provinces: {sum(unresolved_new.values())}")
        for k, n in unresolved_new.most_common(5):
            report(f"    {k} x{n}")
    else:
        report("  every joined row's new commune resolved to a vietnam-provinces code")

    fuzzy = [c for c in mapped if c.matched_by in ("fuzzy", "spelling variant", "type changed")]
    if fuzzy:
        report("  examples of non-exact matches (review):")
        for c in fuzzy[:6]:
            report(f"    {c.code} {c.name} [{c.matched_by}] -> {', '.join(sorted(c.successors))}")


def report_code_consistency(old: OldTree, new: NewDivisions, report: Report) -> None:
    """Independent check of the name join using codes.

    GSO gives a merged commune the code of one of the old communes it absorbs
    (e.g. new Phường Hoàn Kiếm is 00070, old Phường Hàng Trống was 00070).
    So when a new code equals an old commune's code, that old commune should
    be among its predecessors -- the name join never looked at codes.
    """
    old_by_code = {c.code: c for c in old.communes}
    predecessors = defaultdict(set)
    for c in old.communes:
        for s in c.successors:
            predecessors[s].add(c.code)
    agree = disagree = 0
    examples = []
    for code in new.ward_province:
        namesake = old_by_code.get(code)
        if namesake is None or not namesake.successors:
            continue
        if code in namesake.successors:
            agree += 1
        else:
            disagree += 1
            examples.append(f"{code}: old {namesake.name} -> {sorted(namesake.successors)}")
    report(f"Code cross-check: {agree} new communes list their same-coded old commune as predecessor, {disagree} do not")
    for e in examples[:5]:
        report(f"    {e}")


# --------------------------------------------------------------------------
# Checks (also usable on the committed file with --check)
# --------------------------------------------------------------------------


def check(data: dict) -> list[str]:
    """Verify known facts; return the list of failures (empty = all good)."""
    from vietnam_provinces import Province, Ward

    failures = []
    new_provinces = {f"{p.code.value:02d}": p.name for p in Province.iter_all()}
    new_wards = {f"{w.code.value:05d}": f"{w.province_code.value:02d}" for w in Ward.iter_all()}
    provinces = {p["code"]: p for p in data["provinces"]}

    def expect(condition: bool, message: str) -> None:
        print(("  ok   " if condition else "  FAIL ") + message)
        if not condition:
            failures.append(message)

    def successors_of(code):
        return provinces.get(code, {}).get("successors")

    def predecessors_of(new_code):
        return sorted(c for c, p in provinces.items() if new_code in p["successors"])

    expect(data["valid_to"] == VALID_TO, f"valid_to is {VALID_TO}")
    expect(len(provinces) == 63, "63 old provinces")
    expect(all(len(p["successors"]) == 1 for p in provinces.values()), "every old province has exactly one successor")
    distinct = {s for p in provinces.values() for s in p["successors"]}
    expect(len(distinct) == 34 and distinct == set(new_provinces), "34 distinct successors = the 34 new provinces")
    expect(new_provinces.get("25") == "Phú Thọ" and predecessors_of("25") == ["17", "25", "26"],
           "Vĩnh Phúc (26), Hòa Bình (17), Phú Thọ (25) -> Phú Thọ (25), and nothing else")
    expect(new_provinces.get("24") == "Bắc Ninh" and predecessors_of("24") == ["24", "27"],
           "Bắc Giang (24) + Bắc Ninh (27) -> Bắc Ninh (24)")
    expect(new_provinces.get("51") == "Quảng Ngãi" and predecessors_of("51") == ["51", "62"],
           "Kon Tum (62) + Quảng Ngãi (51) -> Quảng Ngãi (51)")
    expect(new_provinces.get("38") == "Thanh Hóa" and predecessors_of("38") == ["38"] and successors_of("38") == ["38"],
           "Thanh Hóa (38) -> Thanh Hóa (38) unchanged")
    expect(new_provinces.get("01") == "Thành phố Hà Nội" and predecessors_of("01") == ["01"] and successors_of("01") == ["01"],
           "Hà Nội (01) -> Hà Nội (01) unchanged")

    def well_formed(items, digits):
        codes = [i["code"] for i in items]
        return len(codes) == len(set(codes)) and all(len(c) == digits and c.isdigit() for c in codes)

    expect(well_formed(data["provinces"], 2) and well_formed(data["districts"], 3) and well_formed(data["communes"], 5),
           "codes unique and zero-padded (2/3/5 digits)")
    districts = {d["code"]: d for d in data["districts"]}
    expect(all(d["province"] in provinces for d in districts.values()) and all(c["district"] in districts for c in data["communes"]),
           "every district/commune points at an existing parent")
    all_succ = [s for c in data["communes"] for s in c["successors"]] + [s for d in districts.values() for s in d.get("successors", [])]
    expect(all(s in new_wards for s in all_succ), "every commune successor is a 2025 commune code")
    # Provinces merged whole in 2025, so a commune's successors must lie in
    # its province's successor.  This catches cross-province mis-joins.
    stray = [
        c["code"] for c in data["communes"]
        if any(new_wards[s] not in provinces[districts[c["district"]]["province"]]["successors"] for s in c["successors"])
    ]
    expect(not stray, f"commune successors stay inside the successor province ({len(stray)} stray)")
    mapped = sum(1 for c in data["communes"] if c["successors"])
    coverage = mapped / len(data["communes"])
    expect(coverage > MIN_COVERAGE, f"commune coverage {coverage:.2%} > {MIN_COVERAGE:.0%}")
    communes = {c["code"]: c for c in data["communes"]}
    hang_trong = communes.get("00070", {})
    expect(hang_trong.get("name") == "Phường Hàng Trống" and hang_trong.get("successors") == ["00070"],
           "old Phường Hàng Trống (00070) -> new Phường Hoàn Kiếm (00070)")
    con_dao = districts.get("755", {})
    expect(con_dao.get("name") == "Huyện Côn Đảo" and len(con_dao.get("successors", [])) == 1,
           "Huyện Côn Đảo (no communes) -> one successor (Đặc khu Côn Đảo)")
    reached = {s for s in all_succ}
    expect(len(reached) / len(new_wards) > 0.99, f"{len(reached)} of {len(new_wards)} new communes have a predecessor")
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, default=Path("/tmp/dl"), help="folder with the two old wheels")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only verify the existing output file")
    parser.add_argument("--strict", action="store_true", help="skip the fuzzy (near-identical spelling) tier")
    args = parser.parse_args(argv)

    if args.check:
        data = read_gzip_json(args.output)
    else:
        data = build(args.wheels, fuzzy=not args.strict, report=Report())
        size = write_gzip_json(data, args.output)
        print(f"\nWrote {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}: "
              f"{size:,} bytes ({len(data['provinces'])} provinces, {len(data['districts'])} districts, "
              f"{len(data['communes'])} communes)")

    print("\nChecks:")
    failures = check(data)
    print(f"\n{'All checks passed' if not failures else f'{len(failures)} check(s) FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
