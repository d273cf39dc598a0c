"""What the public side reads: a case by its tracking code (through merges), its public status,
and the published answers. Nothing here touches an item's text or a `Citizen` row."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from phoihop.core import search
from phoihop.org.models import Area

from ..models import Case, Publication

MAX_MERGE_HOPS = 10

# The status a citizen reads: the department's internal steps told plainly.
PUBLIC_STATUS = {
    Case.Status.RECEIVED: _("Đã tiếp nhận, đang xem xét"),
    Case.Status.VERIFIED: _("Đã xác nhận tiếp nhận"),
    Case.Status.ASSIGNED: _("Đang được cơ quan có trách nhiệm xử lý"),
    Case.Status.ANSWERED: _("Đã trả lời"),
    Case.Status.CLOSED_RESOLVED: _("Đã kết thúc, đã giải quyết"),
    Case.Status.CLOSED_UNRESOLVED: _("Đã kết thúc"),
}

_PUBLIC_RELATED = ("field", "area", "area__parent", "lead_organization", "publication")


def case_by_code(code: str) -> Case | None:
    """The case a (normalised) tracking code names; a merged case leads to the case it was
    merged into, so a code handed out before the merge keeps working."""
    if not code:
        return None
    case = Case.objects.select_related(*_PUBLIC_RELATED).filter(tracking_code=code).first()
    hops = 0
    while case is not None and case.merged_into_id and hops < MAX_MERGE_HOPS:
        case = Case.objects.select_related(*_PUBLIC_RELATED).filter(pk=case.merged_into_id).first()
        hops += 1
    return case


def publication_of(case: Case) -> Publication | None:
    try:
        publication = case.publication
    except Publication.DoesNotExist:
        return None
    return publication if publication.published else None


def published_answers(*, q: str = "", field=None, province: Area | None = None) -> QuerySet:
    rows = Publication.objects.published().select_related(
        "case__field", "case__area", "case__area__parent", "case__lead_organization"
    )
    if field is not None:
        rows = rows.filter(case__field=field)
    if province is not None:
        rows = rows.filter(Q(case__area=province) | Q(case__area__parent=province))
    rows = search.filter_text(rows, q)
    return rows.order_by("-published_at", "-id")
