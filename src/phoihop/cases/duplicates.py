"""Likely duplicates of an item being recorded: open cases of the same department in the same
commune and field whose words are close to the item's, compared without diacritics (core.text
folding) with rapidfuzz's token-set ratio, which scores a short call summary inside a long
letter as a match. Only a bounded window of recent candidates is read, in two queries."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from rapidfuzz import fuzz

from phoihop.core.text import fold

from .models import Case, Item

WINDOW_DAYS = 180
MAX_CANDIDATES = 300
THRESHOLD = 60
LIMIT = 5


@dataclass(frozen=True)
class Suggestion:
    case: Case
    score: int


def similar_cases(*, user, department, text: str, area=None, field=None) -> list[Suggestion]:
    words = fold(text)
    if not words:
        return []
    since = timezone.localdate() - datetime.timedelta(days=WINDOW_DAYS)
    candidates = Case.objects.visible_to(user).filter(
        department=department,
        status__in=[*Case.OPEN_STATUSES, Case.Status.ANSWERED],
        received_on__gte=since,
    )
    if area is not None:
        candidates = candidates.filter(area=area)
    if field is not None:
        candidates = candidates.filter(field=field)
    cases = list(candidates.order_by("-received_on", "-id")[:MAX_CANDIDATES])
    texts: dict[int, list[str]] = {case.pk: [case.title] for case in cases}
    for case_id, item_text in Item.objects.filter(case__in=[c.pk for c in cases]).values_list(
        "case_id", "text"
    ):
        texts[case_id].append(item_text[:2000])
    scored = [
        Suggestion(case, round(fuzz.token_set_ratio(words, fold(" ".join(texts[case.pk])))))
        for case in cases
    ]
    found = [s for s in scored if s.score >= THRESHOLD]
    return sorted(found, key=lambda s: (-s.score, s.case.pk))[:LIMIT]
