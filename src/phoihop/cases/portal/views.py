"""The public portal (/portal/): no sign-in, Vietnamese, works on a phone and without
JavaScript. A citizen sends a question or feedback, keeps the tracking code, looks the case
up, and reads the published answers. Submissions and lookups are limited per address
(core.throttle: the 429 page); a filled honeypot is answered the same way."""

from functools import wraps

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import refusals, throttle
from phoihop.core.forms import call_service
from phoihop.core.pagination import paginate

from .. import tracking
from ..models import Publication
from ..services import CitizenDetails, PublicSubmission, submit_public_item
from ..services.portal import public_provinces
from . import selectors
from .forms import AnswerFilterForm, LookupForm, ProvinceForm, SubmissionForm

LATEST = 5
HONEYPOT_WAIT = 3600


def citizens_limit(view):
    """The 429 page told in a citizen's words (the default one speaks of passwords). A limit's
    refusal is marked replayable: the same process answers the client's next requests to the
    page from memory until the window ends, before Django runs (core.refusals), so a flood
    from one address costs the workers next to nothing."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except throttle.Throttled as exc:
            minutes = throttle.retry_minutes(exc.retry_after)
            message = _(
                "Bạn đã gửi quá nhiều ý kiến hoặc lượt tra cứu trong thời gian ngắn. Hãy thử "
                "lại sau %(minutes)s phút."
            ) % {"minutes": minutes}
            response = throttle.too_many_requests(
                request, exc.retry_after, message=message, template="cases/portal/429.html"
            )
            return refusals.replayable(response, exc.retry_after) if exc.counted else response

    return wrapped


@require_GET
def home(request):
    latest = list(selectors.published_answers()[:LATEST])
    return render(
        request,
        "cases/portal/home.html",
        {"lookup_form": LookupForm(), "latest": latest, "portal_page": "home"},
    )


def _chosen_province(request):
    provinces = list(public_provinces())
    if len(provinces) == 1:
        return provinces[0], None
    form = ProvinceForm(request.GET or None)
    if request.GET.get("province") and form.is_valid():
        return form.cleaned_data["province"], None
    return None, form


def _citizen(form: SubmissionForm) -> CitizenDetails | None:
    if not form.has_contact():
        return None
    data = form.cleaned_data
    return CitizenDetails(
        consent_text=form.consent_text_sent(),
        consent=bool(data.get("consent")),
        name=data.get("name") or "",
        phone=data.get("phone") or "",
        email=data.get("email") or "",
        address=data.get("address") or "",
    )


@require_http_methods(["GET", "POST"])
@citizens_limit
def send(request):
    province, province_form = _chosen_province(request)
    if province is None:
        context = {"form": province_form, "portal_page": "send"}
        return render(request, "cases/portal/province.html", context)
    if request.method == "POST":
        throttle.limit(
            request, "portal-submit", per_address=settings.THROTTLE_PORTAL_SUBMIT_PER_ADDRESS
        )
    form = SubmissionForm(request.POST or None, request.FILES or None, province=province)
    if request.method == "POST":
        if form.is_robot():
            raise throttle.Throttled(HONEYPOT_WAIT)
        if form.is_valid():
            data = form.cleaned_data
            submission = PublicSubmission(
                kind=data["kind"],
                field=data["field"],
                area=data["area"],
                text=data["text"],
                attachments=form.photos(),
                citizen=_citizen(form),
            )
            item = call_service(form, submit_public_item, submission=submission)
            if item is not None:
                # The code goes to the next page in the session, not in the address bar.
                request.session["portal_sent"] = item.case.tracking_code
                return redirect("portal:sent")
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "province": province,
        "single": province_form is None,
        "portal_page": "send",
    }
    return render(request, "cases/portal/send.html", context, status=status)


@require_GET
def sent(request):
    code = request.session.get("portal_sent")
    if not code:
        return redirect("portal:send")
    context = {"code": tracking.display(code), "portal_page": "send"}
    return render(request, "cases/portal/sent.html", context)


@require_GET
@citizens_limit
def track(request):
    form = LookupForm(request.GET or None)
    case = None
    looked_up = False
    if request.GET.get("code"):
        throttle.limit(
            request, "portal-lookup", per_address=settings.THROTTLE_PORTAL_LOOKUP_PER_ADDRESS
        )
        looked_up = True
        if form.is_valid():
            case = selectors.case_by_code(form.cleaned_data["code"])
    context = {
        "form": form,
        "looked_up": looked_up,
        "case": case,
        "status": selectors.PUBLIC_STATUS.get(case.status, "") if case else "",
        "publication": selectors.publication_of(case) if case else None,
        "portal_page": "track",
    }
    response = render(request, "cases/portal/track.html", context, status=200)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def answers(request):
    form = AnswerFilterForm(request.GET)
    data = form.valid_data()
    rows = selectors.published_answers(
        q=(data.get("q") or "").strip(), field=data.get("field"), province=data.get("province")
    )
    page_obj = paginate(request, rows)
    context = {
        "form": form,
        "page_obj": page_obj,
        "answers": list(page_obj.object_list),
        "portal_page": "answers",
    }
    return render(request, "cases/portal/answers.html", context)


@require_GET
def answer_detail(request, pk: int):
    publication = get_object_or_404(
        Publication.objects.published().select_related(
            "case__field", "case__area", "case__area__parent", "case__lead_organization"
        ),
        pk=pk,
    )
    context = {"publication": publication, "portal_page": "answers"}
    return render(request, "cases/portal/answer_detail.html", context)
