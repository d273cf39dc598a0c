"""The newsroom pages: latest stories with filters, a story with its appearances and tags (and
the one write: open a public-opinion case from it), the sources with their feeds' health.
Articles come in through pipeline.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import import_runs
from phoihop.core.forms import call_service, submitted
from phoihop.core.htmx import render_page
from phoihop.core.models import ImportRun
from phoihop.core.pagination import paginate
from phoihop.core.services import deny_unless

from . import pipeline, selectors, services
from .forms import FeedForm, NewsroomFilterForm, PressImportForm, SourceForm, StoryCaseForm
from .models import Cluster, Feed
from .permissions import can_manage_sources, can_open_case, can_read_press


@login_required
@require_GET
def newsroom(request):
    deny_unless(can_read_press(request.user))
    form = NewsroomFilterForm(request.GET)
    clusters, count, capped = selectors.newsroom(request.user, form.filters())
    page_obj = paginate(
        request, clusters.values_list("pk", flat=True), count=count, at_least=capped
    )
    context = {
        "form": form,
        "page_obj": page_obj,
        "clusters": selectors.cluster_rows(list(page_obj.object_list)),
    }
    return render_page(request, "media/newsroom.html", context, fragment="results")


def _cluster_or_404(request, pk: int) -> Cluster:
    deny_unless(can_read_press(request.user))
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
    deny_unless(can_read_press(request.user))
    page_obj = paginate(request, selectors.sources_for(request.user).order_by("name"))
    context = {
        "page_obj": page_obj,
        "sources": page_obj,
        "can_manage": can_manage_sources(request.user),
    }
    return render(request, "media/source_list.html", context)


@login_required
@require_GET
def source_detail(request, pk: int):
    deny_unless(can_read_press(request.user))
    source = selectors.source_for_page(request.user, pk)
    if source is None:
        raise Http404
    context = {
        "source": source,
        "feeds": list(source.feeds.order_by("url")),
        "fields": list(source.fields.all()),
        "per_day": selectors.articles_per_day(source),
        "latest": list(source.articles.order_by("-published_at", "-pk")[:10]),
        "can_manage": can_manage_sources(request.user),
    }
    return render(request, "media/source_detail.html", context)


# Keeping sources and feeds (a propaganda department's staff) -----------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def source_create(request):
    deny_unless(can_manage_sources(request.user))
    return _source_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request, pk: int):
    deny_unless(can_manage_sources(request.user))
    source = selectors.source_for_page(request.user, pk)
    if source is None:
        raise Http404
    return _source_form(request, source)


def _source_form(request, source):
    initial = SourceForm.initial_of(source) if source else None
    form = SourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and submitted(
        request, form, services.save_source,
        arguments=lambda data: {"source": source, **data}, done=_("Đã lưu nguồn báo chí."),
    ):  # fmt: skip
        return redirect(source.get_absolute_url() if source else reverse("media:source_list"))
    status = 400 if form.errors else 200
    context = {"form": form, "source": source}
    return render(request, "media/source_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def feed_create(request, pk: int):
    deny_unless(can_manage_sources(request.user))
    source = selectors.source_for_page(request.user, pk)
    if source is None:
        raise Http404
    return _feed_form(request, source, None)


@login_required
@require_http_methods(["GET", "POST"])
def feed_edit(request, pk: int):
    deny_unless(can_manage_sources(request.user))
    feed = Feed.objects.filter(
        source__in=selectors.sources_for(request.user), pk=pk
    ).select_related("source").first()  # fmt: skip
    if feed is None:
        raise Http404
    return _feed_form(request, feed.source, feed)


def _feed_form(request, source, feed):
    initial = FeedForm.initial_of(feed) if feed else None
    form = FeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and submitted(
        request, form, services.save_feed,
        arguments=lambda data: {"feed": feed, "source": source, **data},
        done=_("Đã lưu kênh tin."),
    ):  # fmt: skip
        return redirect(source.get_absolute_url())
    status = 400 if form.errors else 200
    context = {"form": form, "source": source, "feed": feed}
    return render(request, "media/feed_form.html", context, status=status)


# Importing press files from the browser (run in the worker) ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def press_import(request):
    deny_unless(can_manage_sources(request.user))
    form = PressImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        try:
            files = len(pipeline.upload_files(upload.read(), read=False))
        except pipeline.UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            run = call_service(form, services.queue_press_import, upload=upload, files=files,
                               by=request.user)  # fmt: skip
            if run is not None:
                return redirect("media:press_import_run", run.pk)
    status = 400 if form.errors else 200
    return render(request, "media/press_import.html", {"form": form}, status=status)


@login_required
@require_GET
def press_import_run(request, run_id):
    """The progress, then the result, of an upload's import; only its uploader sees it."""
    deny_unless(can_manage_sources(request.user))
    run = get_object_or_404(
        ImportRun, pk=run_id, kind=pipeline.WORKER_KIND, created_by=request.user
    )
    done = ngettext("Đã nhập %(n)s bài báo mới.", "Đã nhập %(n)s bài báo mới.", run.created) % {
        "n": run.created
    }
    context = {"run": run, "errors": import_runs.row_errors(run), "done_message": done}
    return render_page(request, "media/press_import_run.html", context, fragment="progress")
