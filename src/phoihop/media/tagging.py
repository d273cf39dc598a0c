"""What an article is about, by editable rules, each tag with the words that decided it.

- Fields of work: `FieldKeywords`, one phrase a line, optionally with a weight ("bóng đá = 2";
  1 when none is written). A field's score is the sum of the weights of its different phrases
  found, a phrase in the title counting once more (TITLE_WEIGHT); the field is tagged when the
  score reaches FIELD_MIN_SCORE. So a weight-2 phrase ("bệnh viện") decides alone, a weight-1
  phrase ("điều trị") needs a second one or the title. Where a field's phrases overlap, the
  longest counts: "nhà văn hóa = 0" keeps "nhà văn" from counting there; a negative weight
  holds the field back ("bổ nhiệm HLV = -2" beside "bổ nhiệm"). Several fields, best first.
- Negative (tiêu cực): `NegativeTerm`, same syntax; flagged when the weights found reach
  NEGATIVE_MIN_SCORE (one ordinary phrase is enough; "ảnh hưởng tiêu cực = 0" is no event,
  "có thể gây = -1" takes one back).
- Areas: province names as written with capitals ("Thanh Hóa"), communes with their kind
  ("xã Quảng Phú", "phường Hạc Thành"), current names and those before the 1 July 2025 merger;
  an old name is mapped to the current units through the area history (successors). A commune
  name that several provinces have counts only where its province is named too. A commune also
  tags its current province, so the newsroom's province filter reads one column.
- Organisations: their registered name or abbreviation, as written; a name several
  organisations share counts only for the one in a province the article names.
Phrases match whole words on the lower-cased text with its diacritics (Unicode NFC), so "ngộ
độc" does not match "ngo doc" in an unrelated word; a phrase written with a capital letter
("AI", "HLV") matches only as written, so "AI" is not "ai" (who); names match with their
capitals, so the province Hòa Bình is not "hòa bình" (peace). `media_evaluate` measures the
rules on the labelled paragraphs of data/tagging_eval.jsonl (media/evaluation.py).
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from phoihop.org.models import Area, Organization

from .models import FieldKeywords, NegativeTerm, Tag

FIELD_MIN_SCORE = 2
TITLE_WEIGHT = 0.5
NEGATIVE_MIN_SCORE = 1
WORD = re.compile(r"\w+")
SPACES = re.compile(r"\s+")
WEIGHT = re.compile(r"^(?P<phrase>.+?)\s*=\s*(?P<weight>[+-]?\d+(?:[.,]\d+)?)$")
COMMUNE_KINDS = ("xã", "phường", "thị trấn", "đặc khu")
MAX_NAME_WORDS = 14
MIN_ABBREVIATION = 3


@dataclass
class FoundTags:
    fields: dict[int, list[str]] = field(default_factory=dict)
    areas: dict[int, list[str]] = field(default_factory=dict)
    organizations: dict[int, list[str]] = field(default_factory=dict)
    negative: list[str] = field(default_factory=list)
    field_scores: dict[int, float] = field(default_factory=dict)

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


def _words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text))


class Words:
    """A text's words as written and lower-cased, split once for every rule applied to it."""

    def __init__(self, text: str):
        self.cased = _words(text)
        self.lower = [w.lower() for w in self.cased]


def parse_rule(line: str) -> tuple[str, float] | None:
    """One line of a rule: its phrase and its weight ("bóng đá = 2" → ("bóng đá", 2.0); "ngộ độc"
    → ("ngộ độc", 1.0)). A phrase with an acronym (a word of two capitals or more: "AI", "HLV")
    is kept as written and matched so; any other is lower-cased and matched in any case."""
    line = SPACES.sub(" ", unicodedata.normalize("NFC", line or "")).strip()
    weight = 1.0
    if match := WEIGHT.match(line):
        line, weight = match["phrase"], float(match["weight"].replace(",", "."))
    if not line:
        return None
    if not any(sum(ch.isupper() for ch in word) >= 2 for word in line.split(" ")):
        line = line.lower()
    return line, weight


class Phrases:
    """Weighted phrases of several keys (a field's id; True for the negative flag), found as
    runs of whole words (punctuation between words does not matter): lower-case phrases in any
    case, a phrase with an acronym only as written. Each key's phrases are found on their own:
    where two of a key's phrases overlap, the longest counts and hides the shorter ones inside
    it ("nhà văn hóa = 0" keeps "nhà văn" and "văn hóa" from counting there); another key's
    phrases are not hidden by it. A dictionary of word runs, not a regular expression: a few
    hundred phrases cost one look-up a word."""

    def __init__(self, entries):
        self.weights: dict = defaultdict(dict)  # key → phrase → weight
        self.runs: dict[bool, dict[tuple, list]] = {
            False: defaultdict(list),
            True: defaultdict(list),
        }
        self.lengths: dict[bool, dict[str, list[int]]] = {False: {}, True: {}}
        for phrase, key, weight in entries:
            self.weights[key][phrase] = self.weights[key].get(phrase, 0) + weight
        for key, phrases in self.weights.items():
            for phrase in phrases:
                cased = phrase != phrase.lower()
                words = tuple(_words(phrase))
                if words:
                    self.runs[cased][words].append((key, phrase))
        for cased, runs in self.runs.items():
            lengths = defaultdict(set)
            for words in runs:
                lengths[words[0]].add(len(words))
            self.lengths[cased] = {w: sorted(n, reverse=True) for w, n in lengths.items()}

    def _found(self, text: str, words: "Words | None" = None) -> dict:
        """key → its phrases in `text`, in order, the longest winning where they overlap.
        `words`: the text's words already split (the tagger splits an article once)."""
        words = words or Words(text)
        forms = {False: words.lower, True: words.cased}
        hits = []
        for cased, tokens in forms.items():
            lengths, runs = self.lengths[cased], self.runs[cased]
            for i, word in enumerate(tokens):
                for n in lengths.get(word, ()):
                    for key, phrase in runs.get(tuple(tokens[i : i + n]), ()):
                        hits.append((i, -n, key, phrase))
        found: dict = defaultdict(list)
        ends: dict = {}
        for i, minus_n, key, phrase in sorted(hits, key=lambda hit: hit[:2]):
            if i >= ends.get(key, 0):
                ends[key] = i - minus_n
                if phrase not in found[key]:
                    found[key].append(phrase)
        return found

    def scores(self, text: str, title: str = "", words: "Words | None" = None) -> tuple[dict, dict]:
        """key → summed weight (a phrase in the title counting TITLE_WEIGHT more), key → the
        phrases with a positive weight that made it."""
        in_text = self._found(text, words)
        in_title = self._found(title) if title else {}
        scores: dict = {}
        reasons: dict = {}
        for key, found in in_text.items():
            weights, titled = self.weights[key], set(in_title.get(key, ()))
            scores[key] = sum(
                weights[p] * (1 + (TITLE_WEIGHT if p in titled else 0)) for p in found
            )
            reasons[key] = [p for p in found if weights[p] > 0]
        return scores, reasons


def _rule_lines(text: str) -> list[tuple[str, float]]:
    return [rule for line in (text or "").splitlines() if (rule := parse_rule(line))]


class Tagger:
    """The rules read once (per import run) and applied to many articles."""

    def __init__(self):
        self._load_phrases()
        self._load_areas()
        self._load_organizations()
        # first word of a known name → the word counts of the names starting with it
        lengths = defaultdict(set)
        for key in (*self.areas_by_name, *self.orgs_by_name):
            words = key.split(" ")
            lengths[words[0]].add(len(words))
        self.name_lengths = {word: sorted(n) for word, n in lengths.items()}

    # Loading ---------------------------------------------------------------------------------

    def _load_phrases(self) -> None:
        self.field_phrases = Phrases(
            (phrase, field_id, weight)
            for field_id, terms in FieldKeywords.objects.values_list("field_id", "terms")
            for phrase, weight in _rule_lines(terms)
        )
        self.negative_phrases = Phrases(
            (phrase, True, weight)
            for phrase, weight in _rule_lines(
                "\n".join(NegativeTerm.objects.values_list("term", flat=True))
            )
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
        words = Words(whole)
        self._tag_fields(found, title, whole, words)
        scores, reasons = self.negative_phrases.scores(whole, words=words)
        if scores.get(True, 0) >= NEGATIVE_MIN_SCORE:
            found.negative = reasons[True]
        names = self._names_in(whole, words)
        provinces = self._tag_areas(found, names)
        self._tag_organizations(found, names, provinces)
        return found

    def _tag_fields(self, found: FoundTags, title: str, whole: str, words=None) -> None:
        scores, reasons = self.field_phrases.scores(whole, title, words)
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        for field_id, score in ranked:
            if score >= FIELD_MIN_SCORE and reasons[field_id]:
                found.fields[field_id] = reasons[field_id]
                found.field_scores[field_id] = score

    def _names_in(self, text: str, split: "Words | None" = None) -> list[str]:
        """Every run of words that is a known place or organisation name, in order."""
        words = (split or Words(text)).cased
        known = []
        for start, word in enumerate(words):
            # only the runs starting with a name's first word (one look-up a word)
            for length in self.name_lengths.get(word, ()):
                if start + length > len(words):
                    break
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
