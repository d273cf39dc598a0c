"""The newsroom pages: latest stories with filters, a story with its appearances and tags, the
sources with their feeds' health. Read-only; articles come in through pipeline.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate

from . import selectors
from .forms import NewsroomFilterForm
from .permissions import can_read_press


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


@login_required
@require_GET
def cluster_detail(request, pk: int):
    _deny_unless_reader(request)
    cluster = selectors.cluster_for_page(request.user, pk)
    if cluster is None:
        raise Http404
    articles = selectors.appearances(cluster)
    context = {
        "cluster": cluster,
        "articles": articles,
        "first": articles[0] if articles else None,
        "tags": selectors.tag_summary(cluster),
    }
    return render(request, "media/cluster_detail.html", context)


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
