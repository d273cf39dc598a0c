"""What an article is about, by editable rules, each tag with the words that decided it.

- Fields of work: `FieldKeywords` (one phrase a line). A field is tagged when FIELD_MIN_TERMS
  different phrases of it occur, or one occurs in the title.
- Negative (tiêu cực): one `NegativeTerm` phrase is enough.
- Areas: province names as written with capitals ("Thanh Hóa"), communes with their kind
  ("xã Quảng Phú", "phường Hạc Thành"), current names and those before the 1 July 2025 merger;
  an old name is mapped to the current units through the area history (successors). A commune
  name that several provinces have counts only where its province is named too. A commune also
  tags its current province, so the newsroom's province filter reads one column.
- Organisations: their registered name or abbreviation, as written; a name several
  organisations share counts only for the one in a province the article names.
Phrases match whole words on the lower-cased text with its diacritics (Unicode NFC), so "ngộ
độc" does not match "ngo doc" in an unrelated word; names match with their capitals, so the
province Hòa Bình is not "hòa bình" (peace).
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from phoihop.core.text import normalize
from phoihop.org.models import Area, Organization

from .models import FieldKeywords, NegativeTerm, Tag

FIELD_MIN_TERMS = 2
WORD = re.compile(r"\w+")
COMMUNE_KINDS = ("xã", "phường", "thị trấn", "đặc khu")
MAX_NAME_WORDS = 14
MIN_ABBREVIATION = 3


@dataclass
class FoundTags:
    fields: dict[int, list[str]] = field(default_factory=dict)
    areas: dict[int, list[str]] = field(default_factory=dict)
    organizations: dict[int, list[str]] = field(default_factory=dict)
    negative: list[str] = field(default_factory=list)

    def rows(self, *, article, cluster) -> list[Tag]:
        common = {"article": article, "cluster": cluster}
        rows = [
            Tag(kind=Tag.Kind.FIELD, field_id=k, reasons=v, **common)
            for k, v in self.fields.items()
        ]
        rows += [
            Tag(kind=Tag.Kind.AREA, area_id=k, reasons=v, **common) for k, v in self.areas.items()
        ]
        rows += [
            Tag(kind=Tag.Kind.ORGANIZATION, organization_id=k, reasons=v, **common)
            for k, v in self.organizations.items()
        ]
        if self.negative:
            rows.append(Tag(kind=Tag.Kind.NEGATIVE, reasons=self.negative, **common))
        return rows


def _phrase_pattern(terms) -> re.Pattern | None:
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def _words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text))


class Tagger:
    """The rules read once (per import run) and applied to many articles."""

    def __init__(self):
        self._load_phrases()
        self._load_areas()
        self._load_organizations()
        self.lengths = sorted(
            {len(key.split(" ")) for key in (*self.areas_by_name, *self.orgs_by_name)}
        )

    # Loading ---------------------------------------------------------------------------------

    def _load_phrases(self) -> None:
        self.field_of_term: dict[str, set[int]] = defaultdict(set)
        for rule in FieldKeywords.objects.all():
            for term in rule.term_list():
                self.field_of_term[normalize(term)].add(rule.field_id)
        self.field_pattern = _phrase_pattern(self.field_of_term)
        self.negative_pattern = _phrase_pattern(
            normalize(t) for t in NegativeTerm.objects.values_list("term", flat=True)
        )

    def _load_areas(self) -> None:
        """name as written → area rows (id, level, province id, is current, successor ids)."""
        self.areas_by_name: dict[str, list[tuple]] = defaultdict(list)
        rows = Area.objects.filter(level__in=(Area.Level.PROVINCE, Area.Level.COMMUNE))
        today = timezone.localdate()
        successors = defaultdict(list)
        for area_id, successor_id in Area.successors.through.objects.values_list(
            "from_area_id", "to_area_id"
        ):
            successors[area_id].append(successor_id)
        parents = {}
        for pk, level, short, kind, parent, valid_to in rows.values_list(
            "pk", "level", "short_name", "type", "parent_id", "valid_to"
        ):
            current = valid_to is None or valid_to >= today
            parents[pk] = parent
            entry = (pk, level, current)
            if level == Area.Level.PROVINCE:
                self.areas_by_name[short].append(entry)
            else:
                kind = (kind or "").lower()
                if kind in COMMUNE_KINDS:
                    self.areas_by_name[f"{kind} {short}"].append(entry)
                    self.areas_by_name[f"{kind.capitalize()} {short}"].append(entry)
        self.area_parent = parents
        self.area_successors = successors
        self.current_areas = {
            pk: (level, self._province_of(pk, level))
            for pk, level in rows.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=today)
            ).values_list("pk", "level")
        }
        self.area_names = dict(rows.values_list("pk", "name"))

    def _province_of(self, pk: int, level: str) -> int | None:
        return pk if level == Area.Level.PROVINCE else self.area_parent.get(pk)

    def _load_organizations(self) -> None:
        self.orgs_by_name: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
        organizations = Organization.objects.filter(archived_at__isnull=True).values_list(
            "pk", "name", "abbreviation", "area_id"
        )
        for pk, name, abbreviation, area_id in organizations:
            for key in {name, abbreviation}:
                words = _words(key or "")
                if len(words) > MAX_NAME_WORDS or not words:
                    continue
                if len(words) == 1 and len(words[0]) < MIN_ABBREVIATION:
                    continue
                self.orgs_by_name[" ".join(words)].append((pk, area_id))

    # Tagging ---------------------------------------------------------------------------------

    def tag(self, *, title: str, text: str) -> FoundTags:
        found = FoundTags()
        whole = f"{title}\n{text}"
        self._tag_fields(found, normalize(title), normalize(whole))
        if self.negative_pattern:
            found.negative = list(dict.fromkeys(self.negative_pattern.findall(normalize(whole))))
        names = self._names_in(whole)
        provinces = self._tag_areas(found, names)
        self._tag_organizations(found, names, provinces)
        return found

    def _tag_fields(self, found: FoundTags, title: str, whole: str) -> None:
        if not self.field_pattern:
            return
        terms_of = defaultdict(list)
        in_title = set()
        for term in dict.fromkeys(self.field_pattern.findall(whole)):
            for field_id in self.field_of_term[term]:
                terms_of[field_id].append(term)
        for term in self.field_pattern.findall(title):
            in_title.update(self.field_of_term[term])
        for field_id, terms in terms_of.items():
            if len(terms) >= FIELD_MIN_TERMS or field_id in in_title:
                found.fields[field_id] = terms

    def _names_in(self, text: str) -> list[str]:
        """Every run of words that is a known place or organisation name, in order."""
        words = _words(text)
        known = []
        for length in self.lengths:
            for start in range(len(words) - length + 1):
                key = " ".join(words[start : start + length])
                if key in self.areas_by_name or key in self.orgs_by_name:
                    known.append((start, key))
        return list(dict.fromkeys(key for _start, key in sorted(known)))

    def _tag_areas(self, found: FoundTags, names: list[str]) -> set[int]:
        """Tags the areas named; returns the current provinces named or implied."""
        mentions = [(name, e) for name in names for e in self._areas_named(name)]
        provinces_named = {
            province
            for _name, (pk, level, _current) in mentions
            if level == Area.Level.PROVINCE
            for province in self._current_units(pk)
        }
        for name, (pk, level, current) in mentions:
            ambiguous = level == Area.Level.COMMUNE and len(self._areas_named(name)) > 1
            # An ambiguous commune name counts only in a province the article names.
            if ambiguous and not (set(self._current_provinces(pk)) & provinces_named):
                continue
            self._add_area(found, name, pk, current)
        return {
            a for a in found.areas if self.current_areas.get(a, ("",))[0] == Area.Level.PROVINCE
        }

    def _areas_named(self, name: str) -> list[tuple]:
        """The units a name means: the current ones if any (Thanh Hóa kept its name through
        the merger), else the historical ones."""
        entries = self.areas_by_name.get(name, [])
        current = [entry for entry in entries if entry[2]]
        return current or entries

    def _add_area(self, found: FoundTags, name: str, pk: int, current: bool) -> None:
        reason = name if current else f"{name} (tên trước 1/7/2025)"
        for unit in self._current_units(pk):
            found.areas.setdefault(unit, [])
            if reason not in found.areas[unit]:
                found.areas[unit].append(reason)
            level, province = self.current_areas[unit]
            if level == Area.Level.COMMUNE and province:
                found.areas.setdefault(province, [])
                if reason not in found.areas[province]:
                    found.areas[province].append(reason)

    def _current_units(self, pk: int, depth: int = 0) -> list[int]:
        """The area itself if current, else its current successors (the merger's history)."""
        if pk in self.current_areas:
            return [pk]
        if depth > 3:
            return []
        return [
            unit
            for successor in self.area_successors.get(pk, ())
            for unit in self._current_units(successor, depth + 1)
        ]

    def _current_provinces(self, pk: int) -> list[int]:
        provinces = []
        for unit in self._current_units(pk):
            _level, province = self.current_areas[unit]
            if province:
                provinces.append(province)
        if not provinces and (parent := self.area_parent.get(pk)):
            provinces = self._current_units(parent)
        return provinces

    def _tag_organizations(self, found: FoundTags, names: list[str], provinces: set[int]):
        for name in names:
            candidates = self.orgs_by_name.get(name)
            if not candidates:
                continue
            if len(candidates) > 1:
                candidates = [c for c in candidates if self._in_provinces(c[1], provinces)]
            if len(candidates) == 1:
                found.organizations.setdefault(candidates[0][0], []).append(name)

    def _in_provinces(self, area_id: int | None, provinces: set[int]) -> bool:
        if area_id is None:
            return False
        unit = self.current_areas.get(area_id)
        if unit is None:
            return False
        level, province = unit
        return (area_id if level == Area.Level.PROVINCE else province) in provinces
