"""The newsroom pages: latest stories with filters, a story with its appearances and tags (and
the one write: open a public-opinion case from it), the sources with their feeds' health.
Articles come in through pipeline.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate

from . import selectors, services
from .forms import NewsroomFilterForm, StoryCaseForm
from .models import Cluster
from .permissions import can_open_case, can_read_press


def _deny_unless_reader(request) -> None:
    if not can_read_press(request.user):
        raise PermissionDenied


@login_required
@require_GET
def newsroom(request):
    _deny_unless_reader(request)
    form = NewsroomFilterForm(request.GET)
    clusters = selectors.newsroom_clusters(request.user, form.filters())
    page_obj = paginate(request, clusters.values_list("pk", flat=True))
    context = {
        "form": form,
        "page_obj": page_obj,
        "clusters": selectors.cluster_rows(list(page_obj.object_list)),
    }
    return render_page(request, "media/newsroom.html", context, fragment="results")


def _cluster_or_404(request, pk: int) -> Cluster:
    _deny_unless_reader(request)
    cluster = selectors.cluster_for_page(request.user, pk)
    if cluster is None:
        raise Http404
    return cluster


def _cluster_page(request, cluster: Cluster, *, case_form=None, status=200, **extra):
    articles = selectors.appearances(cluster)
    user = request.user
    if case_form is None and can_open_case(user):
        case_form = StoryCaseForm(user=user, cluster=cluster)
    context = {
        "cluster": cluster,
        "articles": articles,
        "first": articles[0] if articles else None,
        "tags": selectors.tag_summary(cluster),
        "cases": selectors.cases_of(user, cluster),
        "case_form": case_form,
    }
    # Attach to a case, create a task (views_watch.py; imported here: it imports this module).
    from .views_watch import story_context

    context |= story_context(user, cluster, may_open_case=case_form is not None) | extra
    return render(request, "media/cluster_detail.html", context, status=status)


@login_required
@require_GET
def cluster_detail(request, pk: int):
    return _cluster_page(request, _cluster_or_404(request, pk))


@login_required
@require_POST
def cluster_case(request, pk: int):
    """One click from a story to a public-opinion case (its first item, channel "press")."""
    cluster = _cluster_or_404(request, pk)
    if not can_open_case(request.user):
        raise PermissionDenied
    form = StoryCaseForm(request.POST, user=request.user)
    if form.is_valid():
        case = call_service(
            form, services.open_case_from_story, cluster=cluster, by=request.user,
            **form.cleaned_data,
        )  # fmt: skip
        if case is not None:
            messages.success(
                request, _("Đã mở vụ việc %(number)s từ câu chuyện này.") % {"number": case.number}
            )
            return redirect(case.get_absolute_url())
    return _cluster_page(request, cluster, case_form=form, status=400)


@login_required
@require_GET
def source_list(request):
    _deny_unless_reader(request)
    page_obj = paginate(request, selectors.sources_for(request.user).order_by("name"))
    return render(request, "media/source_list.html", {"page_obj": page_obj, "sources": page_obj})


@login_required
@require_GET
def source_detail(request, pk: int):
    _deny_unless_reader(request)
    source = selectors.source_for_page(request.user, pk)
    if source is None:
        raise Http404
    context = {
        "source": source,
        "feeds": list(source.feeds.order_by("url")),
        "fields": list(source.fields.all()),
        "per_day": selectors.articles_per_day(source),
        "latest": list(source.articles.order_by("-published_at", "-pk")[:10]),
    }
    return render(request, "media/source_detail.html", context)
