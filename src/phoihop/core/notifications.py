"""In-app notifications (and optional e-mail), sent once per recipient and key.

The `key` names the event ("task:12:overdue:2026-11-20"), so a job that runs twice, or two
workers racing, never create the same notification twice: the database's unique (recipient, key)
decides. E-mail leaves only after the surrounding transaction commits, and its state lives on the
notification row, so a job re-run after its worker died sends the e-mails it had not sent yet.

E-mail is "once, except for one narrow window". A sender first claims the row (a committed
`email_claimed_at`), then talks to the mail server, then records `emailed_at`. SMTP cannot take
part in a database transaction, so a process killed after the server accepted the message but
before `emailed_at` was written leaves a claim that expires after TASKS_STALE_AFTER_SECONDS, and
the mail is sent again: at-least-once for that window of a few milliseconds, exactly-once
otherwise. The other order (mark first, send after) would lose the mail instead; a duplicate
reminder is the lesser harm. A failed send keeps its claim, so it is retried after the same
delay (by a re-run or by `send_pending_emails`), not in a tight loop against a broken server.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

KEY_LENGTH = Notification._meta.get_field("key").max_length
TITLE_LENGTH = Notification._meta.get_field("title").max_length


def notify(
    recipient,
    *,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = False,
    needs_action: bool = False,
) -> Notification | None:
    """Create the notification unless `recipient` already has one with `key`.

    `needs_action` files it under "Cần xử lý" until the service that takes the action calls
    `mark_done(key)`. Returns the new notification, or None when it had already been sent.
    """
    if recipient is None or not getattr(recipient, "is_active", True):
        return None
    key = key[:KEY_LENGTH]
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                recipient=recipient,
                key=key,
                defaults={
                    "title": title[:TITLE_LENGTH],
                    "body": body,
                    "url": url[:500],
                    "email_requested": bool(email and recipient.email),
                    "needs_action": needs_action,
                },
            )
    except IntegrityError:  # a concurrent sender won the race
        return None
    if notification.email_requested and notification.emailed_at is None:
        # New, or left unsent by a run that died: deliver_email sends it once either way.
        transaction.on_commit(lambda: deliver_email(notification.pk))
    return notification if created else None


def mark_done(key: str) -> int:
    """The action a notification asked for was taken (by its recipient or by anyone else who
    could): every open notification with `key` leaves "Cần xử lý" for everyone."""
    return Notification.objects.filter(
        key=key[:KEY_LENGTH], needs_action=True, done_at=None
    ).update(done_at=timezone.now())


@dataclass(frozen=True)
class Message:
    """One notification a reminder run wants to send; `kind` is what the run counts it as."""

    person: object  # a User
    key: str
    kind: str
    title: str
    body: str
    url: str


def deliver(messages: list[Message], *, email: bool) -> Counter:
    """Send the messages not sent before and count the new ones by kind. Every app's reminder
    run ends here. Existing (recipient, key) pairs are looked up in bulk, so a daily run over
    thousands of overdue items stays cheap."""
    sent: Counter = Counter()
    for start in range(0, len(messages), 1000):
        chunk = messages[start : start + 1000]
        existing = set(
            Notification.objects.filter(
                recipient_id__in={m.person.pk for m in chunk}, key__in={m.key for m in chunk}
            )
            # a run killed before e-mailing left these: notify() sends their e-mail once
            .exclude(email_requested=True, emailed_at__isnull=True)
            .values_list("recipient_id", "key")
        )
        for m in chunk:
            if (m.person.pk, m.key) in existing:
                continue
            if notify(m.person, key=m.key, title=m.title, body=m.body, url=m.url, email=email):
                sent[m.kind] += 1
    return sent


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def _claim_expiry() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)


def _unsent(notification_id: int):
    return Notification.objects.filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=_claim_expiry()),
        pk=notification_id,
        email_requested=True,
        emailed_at__isnull=True,
    )


def deliver_email(notification_id: int) -> bool:
    """E-mail a notification unless it was sent or another sender holds a live claim on it.

    The claim is a conditional UPDATE committed before the mail server is contacted, so two
    senders (a re-run job and a sweep, or two workers) never both send. Call outside a
    transaction (notify does, through on_commit). Returns True when this call sent it.
    """
    if not _unsent(notification_id).update(email_claimed_at=timezone.now()):
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if not (recipient.is_active and recipient.email):
        Notification.objects.filter(pk=notification_id).update(email_requested=False)
        return False
    text = "\n\n".join(part for part in (notification.body, _absolute(notification.url)) if part)
    try:
        send_mail(notification.title[:200], text, None, [recipient.email])
    except Exception:  # a mail outage must never undo or break the in-app notification
        logger.exception("Could not e-mail notification %s to %s", notification_id, recipient.pk)
        return False
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


# Mail not sent within this long is given up: the in-app notification stays, and a reminder
# days late by e-mail would mislead more than it helps.
EMAIL_GIVE_UP_AFTER = datetime.timedelta(days=2)


def send_pending_emails() -> int:
    """Send the e-mails a dead process left behind (claimed long ago or never). Run by every
    worker's heartbeat and by `phoihop recover_stale_jobs`; returns how many were sent."""
    pending = (
        Notification.objects.filter(
            email_requested=True,
            emailed_at__isnull=True,
            created_at__gte=timezone.now() - EMAIL_GIVE_UP_AFTER,
        )
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=_claim_expiry()))
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    return sum(deliver_email(pk) for pk in list(pending[:1000]))


def unread_count(user) -> int:
    """The number shown on the bell of every page."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
