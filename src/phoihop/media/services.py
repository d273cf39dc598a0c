"""Writes by people: the Django admin's saves of sources, feeds and tagging rules (system
administrators), and a case opened from a story. Articles are written by the import pipeline
(pipeline.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.cases.models import Case, Channel, Item
from phoihop.cases.permissions import can_add_item, can_record_item
from phoihop.cases.services import NewCase, record_item, record_topic_orientation
from phoihop.core import audit
from phoihop.org.models import Field, Organization
from phoihop.plans import services as plans
from phoihop.plans.models import TaskParticipant

from .models import Article, Cluster, StoryCase, StoryOrientation, StoryTask
from .permissions import can_change_press_rules, can_read_press

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
    if not (can_read_press(by) and can_record_item(by, department)):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
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
    if not (can_read_press(by) and can_add_item(by, case)):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
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
    if not can_read_press(by):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
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
    if not can_read_press(by):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
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
