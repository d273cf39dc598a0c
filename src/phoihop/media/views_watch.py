"""Pages of watchlists and alerts, attention over time, the newsroom's export, and the actions
from a story besides opening a case: attach it to an open case, create a task (issue 18, items
6-8)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.cases.models import PressOrientation
from phoihop.cases.permissions import HANDLER_ROLES, intake_departments
from phoihop.cases.services.groups import department_approvers, plans_for_group_tasks
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.core.services import deny_unless
from phoihop.org.models import Organization
from phoihop.org.views import suggestions
from phoihop.plans.models import Task
from phoihop.plans.views.common import xlsx_response

from . import alerts, attention, selectors, services
from .forms import (
    AlertFilterForm,
    AttachCaseForm,
    AttentionForm,
    NewsroomFilterForm,
    StoryOrientationForm,
    StoryTaskForm,
    WatchlistForm,
)
from .models import Alert, Cluster, Watchlist
from .permissions import can_create_task, can_open_case, can_read_press
from .spreadsheets import export_clusters
from .views import _cluster_or_404, _cluster_page

# Actions from a story ---------------------------------------------------------------------


def story_context(user, cluster: Cluster, *, may_open_case: bool) -> dict:
    """What the story page adds for these actions: the attach form (for those who may open a
    case, `can_open_case`, already asked by the page), the task link, the tasks created from
    the story that `user` may see."""
    orientations = []
    if may_open_case:  # the department's own notes, for its staff
        orientations = list(
            PressOrientation.objects.filter(
                press_story_link__cluster=cluster,
                department__in=Organization.objects.within_scope_of(user, HANDLER_ROLES),
            )
            .select_related("department", "approved_by")
            .prefetch_related("recipients")
            .order_by("-given_on", "-pk")
        )
    tasks = (
        Task.objects.visible_to(user)
        .filter(press_story_link__cluster=cluster)
        .only("pk", "title", "deadline")
        .order_by("pk")
    )
    return {
        "attach_form": AttachCaseForm(user=user) if may_open_case else None,
        "can_create_task": can_create_task(user),
        "story_tasks": list(tasks),
        "story_orientations": orientations,
        "can_orient_press": may_open_case,
    }


@login_required
@require_POST
def story_attach(request, pk: int):
    """Attach the story to an open case as one more item (channel "press")."""
    cluster = _cluster_or_404(request, pk)
    if not can_open_case(request.user):
        raise PermissionDenied
    form = AttachCaseForm(request.POST, user=request.user)
    if form.is_valid():
        case = form.cleaned_data["case"]
        item = call_service(
            form, services.attach_story_to_case, cluster=cluster, case=case, by=request.user
        )
        if item is not None:
            messages.success(
                request, _("Đã thêm câu chuyện vào vụ việc %(number)s.") % {"number": case.number}
            )
            return redirect(case.get_absolute_url())
    return _cluster_page(request, cluster, status=400, attach_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def story_orientation(request, pk: int):
    """Record the press orientation (định hướng thông tin) given about the story's topic, with
    the press agencies it was sent to: the cases app's one orientation model and service."""
    cluster = _cluster_or_404(request, pk)
    if not can_open_case(request.user):
        raise PermissionDenied
    departments = intake_departments(request.user)
    press = Organization.objects.visible_to(request.user).filter(
        kind=Organization.Kind.PRESS, archived_at__isnull=True
    )
    initial = {"topic": cluster.headline[:500], "given_on": timezone.localdate()}
    form = StoryOrientationForm(
        request.POST or None,
        departments=departments,
        approvers=department_approvers(departments),
        press=press.order_by("name"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        note = call_service(
            form, services.record_story_orientation, cluster=cluster, by=request.user,
            **form.cleaned_data,
        )  # fmt: skip
        if note is not None:
            messages.success(request, _("Đã ghi định hướng thông tin cho báo chí."))
            return redirect(cluster.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"cluster": cluster, "form": form}
    return render(request, "media/story_orientation.html", context, status=status)


def _task_candidates(user):
    return Organization.objects.visible_to(user).filter(archived_at__isnull=True)


@login_required
@require_http_methods(["GET", "POST"])
def story_task(request, pk: int):
    """Create a task from the story in a plan, through the plans app's one task path."""
    cluster = _cluster_or_404(request, pk)
    if not can_create_task(request.user):
        raise PermissionDenied
    candidates = _task_candidates(request.user)
    if suggestions.asked_for(request) == "lead":
        return suggestions.organizations(request, "lead", candidates)
    plans = plans_for_group_tasks(request.user)
    initial = {"title": cluster.headline[:500]}
    form = StoryTaskForm(request.POST or None, plans=plans, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task = call_service(
            form,
            services.create_task_from_story,
            cluster=cluster,
            plan=data["plan"],
            lead=data["lead"],
            title=data["title"],
            deadline=data["deadline"],
            description=data["description"],
            by=request.user,
        )
        if task is not None:
            messages.success(request, _("Đã giao nhiệm vụ từ câu chuyện."))
            return redirect(task.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"cluster": cluster, "form": form, "has_plans": plans.exists()}
    return render(request, "media/story_task.html", context, status=status)


# Watchlists ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def watchlists(request):
    """The user's watched topics, and the form to follow one more."""
    deny_unless(can_read_press(request.user))
    form = WatchlistForm(request.POST or None, user=request.user)
    if suggestions.asked_for(request) == "organization":
        return suggestions.organizations(
            request, "organization", form.fields["organization"].queryset
        )
    if request.method == "POST" and form.is_valid():
        watchlist = call_service(
            form, alerts.create_watchlist, by=request.user, **form.cleaned_data
        )
        if watchlist is not None:
            messages.success(request, _("Đã theo dõi %(topic)s.") % {"topic": watchlist.topic})
            return redirect("media:watchlists")
    rows = Watchlist.objects.visible_to(request.user).select_related(
        "field", "area", "organization"
    )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "watchlists": list(rows)}
    return render(request, "media/watchlists.html", context, status=status)


@login_required
@require_POST
def watchlist_delete(request, pk: int):
    deny_unless(can_read_press(request.user))
    watchlist = Watchlist.objects.visible_to(request.user).filter(pk=pk).first()
    if watchlist is None:
        raise Http404
    alerts.delete_watchlist(watchlist=watchlist, by=request.user)
    messages.success(request, _("Đã thôi theo dõi %(topic)s.") % {"topic": watchlist.topic})
    return redirect("media:watchlists")


# Alerts -------------------------------------------------------------------------------------


@login_required
@require_GET
def alert_list(request):
    deny_unless(can_read_press(request.user))
    form = AlertFilterForm(request.GET)
    rows = Alert.objects.visible_to(request.user)
    if form.valid_data().get("open"):
        rows = rows.filter(acknowledged_at__isnull=True)
    page_obj = paginate(request, rows.order_by("-raised_at", "-pk"))
    context = {"form": form, "page_obj": page_obj, "alerts": page_obj.object_list}
    return render_page(request, "media/alert_list.html", context, fragment="results")


def _alert_or_404(request, pk: int) -> Alert:
    deny_unless(can_read_press(request.user))
    alert = Alert.objects.visible_to(request.user).filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert


@login_required
@require_GET
def alert_detail(request, pk: int):
    alert = _alert_or_404(request, pk)
    ids = list(alert.clusters.order_by("-article_count", "-pk").values_list("pk", flat=True))
    context = {"alert": alert, "clusters": selectors.cluster_rows(ids)}
    return render(request, "media/alert_detail.html", context)


@login_required
@require_POST
def alert_acknowledge(request, pk: int):
    alert = _alert_or_404(request, pk)
    alerts.acknowledge_alert(alert=alert, by=request.user)
    messages.success(request, _("Đã đánh dấu đã xem cảnh báo."))
    return redirect(alert.get_absolute_url())


# Attention over time, export ----------------------------------------------------------------


def _topic(user, form: AttentionForm):
    """The stories of the form's topic and its name, or (None, "") when nothing is chosen."""
    data = form.valid_data()
    watchlist = data.get("watchlist")
    visible = Cluster.objects.visible_to(user)
    if watchlist is not None:
        return alerts.topic_clusters(watchlist, visible), watchlist.topic
    filters = form.filters()
    names = [
        str(value)
        for value in (filters.q and f"«{filters.q}»", filters.field, filters.area, filters.source)
        if value
    ]
    if filters.negative:
        names.append(_("tin tiêu cực"))
    if not names:
        return None, ""
    return selectors.newsroom_clusters(user, filters), ", ".join(names)


@login_required
@require_GET
def attention_page(request):
    """Stories per day of a topic, compared with a second one, with the topic's top sources
    and provinces."""
    deny_unless(can_read_press(request.user))
    user = request.user
    first_form = AttentionForm(request.GET, user=user)
    second_form = AttentionForm(request.GET, user=user, prefix="b")
    days = first_form.period_days()
    first_day, last_day = attention.period(days, timezone.localdate())
    topics = []
    for form in (first_form, second_form):
        clusters, name = _topic(user, form)
        if clusters is None:
            continue
        rows = attention.stories_per_day(clusters, first_day, last_day)
        topics.append(
            {
                "name": name,
                "total": sum(n for _day, n in rows),
                "sources": attention.top_sources(clusters, first_day, last_day),
                "areas": attention.top_areas(clusters, first_day, last_day),
                "rows": rows,
            }
        )
    context = {
        "form": first_form,
        "second_form": second_form,
        "topics": topics,
        "first_day": first_day,
        "last_day": last_day,
        "chart": attention.comparison_chart([t["rows"] for t in topics]) if topics else None,
    }
    return render(request, "media/attention.html", context)


@login_required
@require_GET
def newsroom_export(request):
    """The newsroom's stories with the same filters, as .xlsx."""
    deny_unless(can_read_press(request.user))
    form = NewsroomFilterForm(request.GET)
    clusters = selectors.newsroom_clusters(request.user, form.filters())
    content = export_clusters(clusters, title=_("Tin báo chí theo dõi"))
    return xlsx_response(content, f"tin-bao-chi-{timezone.localdate():%Y%m%d}.xlsx")
