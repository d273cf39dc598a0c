"""The private calendar subscription of a user."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A private iCalendar subscription: whoever holds the token reads the user's deadlines,
    so it can be rotated at any time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("liên kết lịch cá nhân")

    def __str__(self) -> str:
        return f"{self.user} calendar"

    def get_absolute_url(self) -> str:
        return reverse("plans:calendar_feed", args=[self.token])

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
