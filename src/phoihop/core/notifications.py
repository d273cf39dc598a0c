"""In-app notifications (and optional e-mail), sent at most once per recipient and key.

The `key` names the event ("task:12:overdue:2026-11-20"), so a job that runs twice, or two
workers racing, never send the same thing twice: the database's unique (recipient, key) decides.
E-mail leaves only after the surrounding transaction commits.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification
from .queries import plain_rows, table

logger = logging.getLogger(__name__)

KEY_LENGTH = Notification._meta.get_field("key").max_length
TITLE_LENGTH = Notification._meta.get_field("title").max_length


def notify(
    recipient, *, key: str, title: str, body: str = "", url: str = "", email: bool = False
) -> Notification | None:
    """Create the notification unless `recipient` already has one with `key`.

    Returns the new notification, or None when it had already been sent.
    """
    if recipient is None or not getattr(recipient, "is_active", True):
        return None
    key = key[:KEY_LENGTH]
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                recipient=recipient,
                key=key,
                defaults={"title": title[:TITLE_LENGTH], "body": body, "url": url[:500]},
            )
    except IntegrityError:  # a concurrent sender won the race
        return None
    if not created:
        return None
    if email and recipient.email:
        transaction.on_commit(lambda: _send_email(recipient.email, title, body, url))
    return notification


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def _send_email(address: str, title: str, body: str, url: str) -> None:
    text = "\n\n".join(part for part in (body, _absolute(url)) if part)
    try:
        send_mail(title[:200], text, None, [address])
    except Exception:  # a mail outage must never undo or break the in-app notification
        logger.exception("Could not e-mail notification %r to %s", title, address)


def unread_count(user) -> int:
    """The number shown on the bell of every page (plain SQL: see core.queries.plain_rows)."""
    sql = f"SELECT COUNT(*) FROM {table(Notification)} WHERE recipient_id = %s AND read_at IS NULL"
    return plain_rows(sql, [user.pk])[0][0]
