"""Every write of the library: items, versions, access, collections, counts, extracted text."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, search, uploads
from phoihop.core.models import AuditEntry
from phoihop.core.services import Errors, deny_unless

from .extraction import Unreadable, extract_text
from .models import Audience, Collection, Item, LevelTally, Use, UseTally, Version
from .permissions import can_edit_collection, can_edit_item, can_keep_for

ITEM_FIELDS = (
    "organization_id",
    "kind",
    "title",
    "summary",
    "tags",
    "directive_id",
    "publisher",
    "edition",
    "published_on",
    "link",
    "access",
)
LINK_KINDS = (Item.Kind.AUDIO, Item.Kind.VIDEO)


def _clean_tags(tags: str) -> str:
    seen = dict.fromkeys(tag.strip() for tag in (tags or "").split(",") if tag.strip())
    return ", ".join(seen)[:400]


def _check_item(item: Item, *, has_file: bool, audience_organizations) -> None:
    errors = Errors()
    if not item.title.strip():
        errors.add("title", _("Hãy nhập tên tài liệu."))
    if item.kind in LINK_KINDS and not item.link and not has_file:
        errors.add("link", _("Âm thanh, video cần đường dẫn đến trang phát hoặc một tệp."))
    if item.kind not in LINK_KINDS and not has_file and not item.link:
        errors.add("file", _("Hãy chọn tệp tài liệu."))
    if item.access == Item.Access.RESTRICTED and not audience_organizations:
        errors.add(
            "audience_organizations",
            _("Tài liệu hạn chế cần ít nhất một tổ chức được xem."),
        )
    errors.raise_if_any()


def _set_audience(item: Item, organizations, roles) -> None:
    Audience.objects.filter(item=item).delete()
    if item.access != Item.Access.RESTRICTED:
        return
    Audience.objects.bulk_create(
        Audience(item=item, organization=organization, role=role)
        for organization in organizations
        for role in (sorted(set(roles)) or [""])
    )


def _audience_of(item: Item) -> dict:
    rows = list(item.audience.order_by("organization_id", "role"))
    return {
        "audience_organizations": sorted({row.organization_id for row in rows}),
        "audience_roles": sorted({row.role for row in rows if row.role}),
    }


@transaction.atomic
def create_item(
    *,
    organization,
    kind: str,
    title: str,
    published_on: datetime.date,
    access: str = Item.Access.SIGNED_IN,
    summary: str = "",
    fields=(),
    tags: str = "",
    directive=None,
    publisher: str = "",
    edition: str = "",
    link: str = "",
    audience_organizations=(),
    audience_roles=(),
    file=None,
    note: str = "",
    by,
) -> Item:
    deny_unless(can_keep_for(by, organization))
    item = Item(
        organization=organization,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        tags=_clean_tags(tags),
        directive=directive,
        publisher=publisher.strip(),
        edition=edition.strip(),
        published_on=published_on,
        link=link.strip(),
        access=access,
        created_by=by,
    )
    _check_item(item, has_file=bool(file), audience_organizations=audience_organizations)
    item.save()
    item.fields.set(fields)
    _set_audience(item, audience_organizations, audience_roles)
    if file:
        _store_version(item, file, note=note, by=by)
    search.index(item)
    audit.record(
        action=AuditEntry.Action.CREATE,
        obj=item,
        by=by,
        changes=audit.diff({}, {**audit.snapshot(item, ITEM_FIELDS), **_audience_of(item)}),
        organization=item.organization,
    )
    return item


@transaction.atomic
def update_item(
    *,
    item: Item,
    organization,
    kind: str,
    title: str,
    published_on: datetime.date,
    access: str,
    summary: str = "",
    fields=(),
    tags: str = "",
    directive=None,
    publisher: str = "",
    edition: str = "",
    link: str = "",
    audience_organizations=(),
    audience_roles=(),
    by,
) -> Item:
    """Change an item's description and who reads it (a level change applies at once, to the
    pages, the files and the search)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    deny_unless(can_edit_item(by, item) and can_keep_for(by, organization))
    before = {**audit.snapshot(item, ITEM_FIELDS), **_audience_of(item)}
    counted_as = {"organization_id": item.organization_id, "access": item.access}
    item.organization = organization
    item.kind = kind
    item.title = title.strip()
    item.summary = summary.strip()
    item.tags = _clean_tags(tags)
    item.directive = directive
    item.publisher = publisher.strip()
    item.edition = edition.strip()
    item.published_on = published_on
    item.link = link.strip()
    item.access = access
    _check_item(
        item,
        has_file=item.current_version_id is not None,
        audience_organizations=audience_organizations,
    )
    item.save()
    _move_tallies(item, **counted_as)
    item.fields.set(fields)
    _set_audience(item, audience_organizations, audience_roles)
    search.index(item)
    after = {**audit.snapshot(item, ITEM_FIELDS), **_audience_of(item)}
    audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=item,
        by=by,
        changes=audit.diff(before, after),
        organization=item.organization,
    )
    return item


def _store_version(item: Item, file, *, note: str, by) -> Version:
    latest = item.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = Version(item=item, number=latest + 1, note=note.strip()[:400], uploaded_by=by)
    uploads.attach(version, "file", file)
    version.size = file.size or 0
    version.save()
    item.current_version = version
    item.save(update_fields=["current_version", "updated_at"])
    transaction.on_commit(lambda: _enqueue_extraction(version.pk))
    return version


def _enqueue_extraction(version_id: int) -> None:
    from .tasks import extract_version_text

    extract_version_text.enqueue(version_id)


@transaction.atomic
def add_version(*, item: Item, file, note: str = "", by) -> Version:
    """A corrected file replaces the current one; the older versions stay readable."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    deny_unless(can_edit_item(by, item))
    if not file:
        raise ValidationError({"file": [_("Hãy chọn tệp tài liệu.")]})
    version = _store_version(item, file, note=note, by=by)
    search.index(item)
    audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=item,
        by=by,
        changes={"version": [version.number - 1 or None, version.number]},
        message=_("Phiên bản mới: %(name)s") % {"name": version.name},
        organization=item.organization,
    )
    return version


def extract_version_text(version_id: int) -> str:
    """The job's body: read the version's text (once: a version already read is skipped) and
    refresh its item's search row when it is the current version."""
    version = Version.objects.select_related("item").filter(pk=version_id).first()
    if version is None:
        return "missing"
    if version.text_status != Version.TextStatus.PENDING:
        return "skipped"
    status, text = Version.TextStatus.NONE, ""
    try:
        with version.file.open("rb") as handle:
            kind = uploads.detect(handle)
            data = handle.read()
        if kind is not None:
            text = extract_text(data, kind.key)
            status = Version.TextStatus.DONE
    except (OSError, Unreadable):
        status, text = Version.TextStatus.NONE, ""
    with transaction.atomic():
        updated = Version.objects.filter(
            pk=version.pk, text_status=Version.TextStatus.PENDING
        ).update(text=text, text_status=status)
        item = version.item
        if updated and item.current_version_id == version.pk:
            search.index(item)
    return status


def record_use(*, item: Item, user, kind: str, day: datetime.date | None = None) -> bool:
    """Count a view or a download of `item` by `user`, once per person per day (Vietnam's
    date); True when this one counted. Not audited: the uses are the record themselves."""
    if not user.is_authenticated:
        return False
    day = day or timezone.localdate()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Use.objects.create(item=item, user=user, day=day, kind=kind)
        except IntegrityError:  # already counted today (the unique row)
            return False
        column = "download_count" if kind == Use.Kind.DOWNLOAD else "view_count"
        # The update locks the item until the tally is added: a level or owner change
        # (update_item, which moves the item's tallies) waits, so the tally read here is
        # the item's current one.
        Item.objects.filter(pk=item.pk).update(**{column: F(column) + 1})
        organization_id, access = (
            Item.objects.filter(pk=item.pk).values_list("organization_id", "access").get()
        )
        _add_tallies(organization_id, access, {(day, kind): 1})
    return True


def _add_tallies(organization_id: int, access: str, counts: dict[tuple, int]) -> None:
    """Add `counts` ({(day, kind): n}, n may be negative) to the tallies of one organisation's
    items of one access level and to those of the level (ADR 0037, 0040)."""
    _add_to(UseTally, {"organization_id": organization_id, "access": access}, counts)
    _add_to(LevelTally, {"access": access}, counts)


def _add_to(model, group: dict, counts: dict[tuple, int]) -> None:
    """Add `counts` to the day tallies (`model`) of one `group` (the key's other fields): the
    existing rows updated (one statement for a single use; locked, then written in bulk for a
    move), the missing ones created in a savepoint (a concurrent first use of the day may
    create one first: then they are added to it)."""
    for attempt in (1, 2):
        if not counts:
            return
        if len(counts) == 1:
            ((day, kind), n), *_none = counts.items()
            key = {**group, "day": day, "kind": kind}
            added = model.objects.filter(**key).update(count=F("count") + n)
            missing = [] if added else [model(**key, count=n)]
        else:
            rows = {
                (row.day, row.kind): row
                for row in model.objects.select_for_update().filter(
                    **group, day__in={day for day, _kind in counts}
                )
                if (row.day, row.kind) in counts
            }
            for key, row in rows.items():
                row.count += counts[key]
            model.objects.bulk_update(rows.values(), ["count"], batch_size=500)
            missing = [
                model(**group, day=day, kind=kind, count=n)
                for (day, kind), n in counts.items()
                if (day, kind) not in rows
            ]
        if not missing:
            return
        try:
            with transaction.atomic():
                model.objects.bulk_create(missing, batch_size=500)
            return
        except IntegrityError:
            if attempt == 2:
                raise
            counts = {(row.day, row.kind): row.count for row in missing}


def _move_tallies(item: Item, *, organization_id: int, access: str) -> None:
    """An item changed owner or access level: its uses leave the tallies it was counted in
    for those of its new (organisation, access)."""
    if (organization_id, access) == (item.organization_id, item.access):
        return
    counts = {
        (row["day"], row["kind"]): row["n"]
        for row in Use.objects.filter(item=item)
        .values("day", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    removed = {key: -n for key, n in counts.items()}
    # The organisations' rows first, then the levels', in the order `record_use` locks them.
    _add_to(UseTally, {"organization_id": organization_id, "access": access}, removed)
    _add_to(UseTally, {"organization_id": item.organization_id, "access": item.access}, counts)
    if access != item.access:
        _add_to(LevelTally, {"access": access}, removed)
        _add_to(LevelTally, {"access": item.access}, counts)


@transaction.atomic
def save_collection(
    *, collection: Collection | None, organization, title: str, description: str = "", items=(), by
) -> Collection:
    """Create or change a collection; only items the keeper may read can be put in it."""
    deny_unless(can_keep_for(by, organization))
    if collection is not None:
        collection = Collection.objects.select_for_update().get(pk=collection.pk)
        deny_unless(can_edit_collection(by, collection))
    if not title.strip():
        raise ValidationError({"title": [_("Hãy nhập tên bộ sưu tập.")]})
    before = (
        {**audit.snapshot(collection, ("organization_id", "title", "description")),
         "items": sorted(collection.items.values_list("pk", flat=True))}
        if collection
        else {}
    )  # fmt: skip
    collection = collection or Collection(created_by=by)
    collection.organization = organization
    collection.title = title.strip()
    collection.description = description.strip()
    collection.save()
    allowed = Item.objects.visible_to(by).filter(pk__in=[item.pk for item in items])
    collection.items.set(allowed)
    after = {
        **audit.snapshot(collection, ("organization_id", "title", "description")),
        "items": sorted(collection.items.values_list("pk", flat=True)),
    }
    audit.record(
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=collection,
        by=by,
        changes=audit.diff(before, after),
        organization=organization,
    )
    return collection
