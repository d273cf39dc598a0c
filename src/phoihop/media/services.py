"""Writes by people: sources and feeds kept by a propaganda department's staff (the pages
and the Django admin), the tagging rules (system administrators, the admin), a press file
import queued for the worker, and a case opened from a story. Articles are written by the
import pipeline (pipeline.py)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.cases.models import Case, Channel, Item
from phoihop.cases.permissions import can_add_item, can_record_item
from phoihop.cases.services import NewCase, record_item, record_topic_orientation
from phoihop.core import audit, import_runs
from phoihop.core.models import AuditEntry, ImportRun
from phoihop.core.services import deny_unless
from phoihop.org.models import Field, Organization
from phoihop.plans import services as plans
from phoihop.plans.models import TaskParticipant

from .models import Article, Cluster, Feed, Source, StoryCase, StoryOrientation, StoryTask
from .permissions import can_change_press_rules, can_manage_sources, can_read_press
from .pipeline import WORKER_KIND

# The appearances listed in the case's first item (a story reprinted by 40 papers lists 20).
STORY_LINKS = 20


def record_press_reference_change(*, obj, changes: dict, created: bool, by) -> None:
    """A system administrator saved a source, a feed or a tagging rule in the Django admin:
    audit it. Articles already tagged keep their tags; new ones follow the rule."""
    if not can_change_press_rules(by):
        raise PermissionDenied
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)


def record_press_reference_deletion(*, obj, by) -> None:
    """A negative term removed in the Django admin (it decided tags that stay as they are)."""
    if not can_change_press_rules(by):
        raise PermissionDenied
    audit.record_admin_delete(obj=obj, fields=type(obj).AUDITED_FIELDS, by=by)
    obj.delete()


def _story_text(cluster: Cluster, articles: list[Article]) -> str:
    first = articles[0] if articles else None
    lines = [cluster.headline]
    if first is not None and first.lead:
        lines.append(first.lead)
    lines.append(_("Các bài đăng:"))
    for article in articles[:STORY_LINKS]:
        outlet = article.source.name if article.source_id else ""
        day = article.published_at.strftime("%d/%m/%Y") if article.published_at else ""
        lines.append(" — ".join(part for part in (outlet, day, article.url) if part))
    return "\n".join(lines)


@transaction.atomic
def open_case_from_story(
    *, cluster: Cluster, department: Organization, kind: str, field: Field | None, by
) -> Case:
    """A new public-opinion case whose first item is the story (channel "press"), through the
    cases' intake service (its permission check, due dates, audit and search)."""
    deny_unless(can_read_press(by) and can_record_item(by, department))
    articles = list(cluster.articles.select_related("source").order_by("published_at", "pk"))
    sources = ", ".join(dict.fromkeys(a.source.name for a in articles if a.source_id))
    item = record_item(
        by=by,
        department=department,
        channel=Channel.PRESS,
        received_at=timezone.now(),
        text=_story_text(cluster, articles),
        source=sources[: Item._meta.get_field("source").max_length],
        new_case=NewCase(
            title=cluster.headline[: Case._meta.get_field("title").max_length],
            kind=kind,
            field=field,
        ),
    )
    StoryCase.objects.create(cluster=cluster, case=item.case)
    return item.case


@transaction.atomic
def attach_story_to_case(*, cluster: Cluster, case: Case, by) -> Item:
    """The story as one more item (channel "press") of an open case, through the cases' intake
    service (its permission check: the receiving department's staff, the case not closed)."""
    deny_unless(can_read_press(by) and can_add_item(by, case))
    if StoryCase.objects.filter(cluster=cluster, case=case).exists():
        raise ValidationError(
            {"case": _("Câu chuyện này đã có trong vụ việc %(n)s.") % {"n": case.number}}
        )
    articles = list(cluster.articles.select_related("source").order_by("published_at", "pk"))
    sources = ", ".join(dict.fromkeys(a.source.name for a in articles if a.source_id))
    item = record_item(
        by=by,
        department=case.department,
        channel=Channel.PRESS,
        received_at=timezone.now(),
        text=_story_text(cluster, articles),
        source=sources[: Item._meta.get_field("source").max_length],
        case=case,
    )
    StoryCase.objects.create(cluster=cluster, case=case)
    return item


@transaction.atomic
def create_task_from_story(
    *, cluster: Cluster, plan, lead: Organization, title: str, deadline, description: str = "",
    by,
):  # fmt: skip
    """A task in `plan` led by `lead`, its description carrying the story's appearances,
    created by the plans app's one task path (plan owner's right, lead, deadline checked
    there); the story keeps a link to it."""
    deny_unless(can_read_press(by))
    articles = list(cluster.articles.select_related("source").order_by("published_at", "pk"))
    story = _story_text(cluster, articles)
    text = f"{description.strip()}\n\n{story}" if (description or "").strip() else story
    task = plans.create_task(
        plan=plan,
        by=by,
        participants=[plans.ParticipantSpec(lead, TaskParticipant.Role.LEAD)],
        title=title,
        deadline=deadline,
        description=text,
    )
    StoryTask.objects.create(cluster=cluster, task=task)
    return task


@transaction.atomic
def record_story_orientation(
    *, cluster: Cluster, department: Organization, topic: str, text: str, given_on,
    approved_by, recipients, by,
):  # fmt: skip
    """A press orientation (định hướng thông tin) about the story's topic, sent to press
    agencies, through the cases app's one orientation model and service; the story keeps a
    link to it."""
    deny_unless(can_read_press(by))
    note = record_topic_orientation(
        department=department,
        topic=topic,
        text=text,
        given_on=given_on,
        approved_by=approved_by,
        recipients=recipients,
        by=by,
    )
    StoryOrientation.objects.create(cluster=cluster, orientation=note)
    return note


# Sources and feeds ------------------------------------------------------------------------------


def _record_save(obj, *, by, before: dict | None, extra: dict | None = None) -> None:
    changes = audit.diff(before or {}, audit.snapshot(obj, type(obj).AUDITED_FIELDS))
    changes.update(extra or {})
    if before is None or changes:
        audit.record(
            action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
            obj=obj,
            by=by,
            changes=changes,
        )


@transaction.atomic
def save_source(*, source: Source | None = None, fields=(), by, **values: Any) -> Source:
    """Create a source (`source` None) or change one: name, press agency, level, home
    province, the fields it covers, enabled."""
    deny_unless(can_manage_sources(by))
    before = None if source is None else audit.snapshot(source, Source.AUDITED_FIELDS)
    old_fields = set() if source is None else {f.code for f in source.fields.all()}
    source = source or Source()
    for name, value in values.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    source.fields.set(fields)
    new_fields = {f.code for f in fields}
    extra = {"fields": [sorted(old_fields), sorted(new_fields)]} if old_fields != new_fields else {}
    _record_save(source, by=by, before=before, extra=extra)
    return source


@transaction.atomic
def save_feed(*, feed: Feed | None = None, source: Source | None = None, by, **values) -> Feed:
    """Add a feed to `source` (`feed` None) or change one: kind, address, polling interval,
    enabled. A feed whose address changes forgets what the old server said (validators,
    back-off) and is fetched at the next run."""
    deny_unless(can_manage_sources(by))
    before = None if feed is None else audit.snapshot(feed, Feed.AUDITED_FIELDS)
    feed = feed or Feed(source=source)
    if before is not None and values.get("url", feed.url) != feed.url:
        feed.etag = feed.last_modified = ""
        feed.consecutive_failures = 0
        feed.backoff_until = feed.next_fetch_at = None
    if values.get("enabled") and not feed.enabled:
        feed.next_fetch_at = None  # switched back on: fetched at the next run
    for name, value in values.items():
        setattr(feed, name, value)
    feed.full_clean()
    feed.save()
    _record_save(feed, by=by, before=before)
    return feed


# Press files ------------------------------------------------------------------------------------


@transaction.atomic
def queue_press_import(*, upload, files: int, by) -> ImportRun:
    """Keep an uploaded feed, sitemap, saved page or .zip of them and queue its import in the
    worker (core.import_runs); the result page follows it."""
    deny_unless(can_manage_sources(by))
    if files < 1:
        raise ValidationError({"file": _("Tệp không có bài báo nào để nhập.")})
    run = import_runs.start_upload(
        kind=WORKER_KIND, upload=upload, by=by, total=files, dry_run=False
    )
    audit.record(
        action=AuditEntry.Action.IMPORT,
        obj=run,
        by=by,
        message=_("Nhập tin báo chí từ tệp %(name)s") % {"name": run.file_name},
    )
    return run
