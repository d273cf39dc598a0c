"""The citizen's identity, kept apart from what they said (Law 91/2025/QH15 on personal data).

An item's text is read by everyone who works on its case; the `Citizen` row beside it (name,
phone, e-mail, address) only by the staff who handle the case (permissions.can_see_identity),
and every reading of it is audited. It exists only when the person agreed, explicitly, to a
version of the consent text that is kept word for word (`ConsentText`): silence is not
consent, and a person may speak anonymously (no row at all).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.org.models import Organization

from .cases import Case, Item


class ConsentTextQuerySet(models.QuerySet):
    def in_force(self, day=None) -> "ConsentTextQuerySet":
        return self.filter(valid_from__lte=day or timezone.localdate())


class ConsentText(models.Model):
    """One version of what a person agrees to when leaving their contact details. A version
    that someone accepted is never reworded: a new wording is a new version."""

    version = models.CharField(_("phiên bản"), max_length=20, unique=True)
    text = models.TextField(_("nội dung đồng ý"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentTextQuerySet.as_manager()

    AUDITED_FIELDS = ("version", "text", "valid_from")

    class Meta:
        verbose_name = _("văn bản đồng ý xử lý dữ liệu cá nhân")
        verbose_name_plural = _("văn bản đồng ý xử lý dữ liệu cá nhân")
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.version} ({self.valid_from:%d/%m/%Y})"

    @classmethod
    def current(cls) -> "ConsentText | None":
        return cls.objects.in_force().first()

    def clean(self) -> None:
        if self.pk and Citizen.objects.filter(consent_text_id=self.pk).exists():
            stored = ConsentText.objects.get(pk=self.pk)
            if (stored.text, stored.version) != (self.text, self.version):
                raise ValidationError(
                    _(
                        "Đã có người đồng ý với phiên bản này: không sửa lời văn, hãy tạo "
                        "phiên bản mới."
                    )
                )


class CitizenQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CitizenQuerySet":
        """Contact details of the cases whose receiving department or lead organisation the
        user works for (not as a collaborator), or leads from above."""
        from ..permissions import IDENTITY_ROLES

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        handled = Organization.objects.within_scope_of(user, IDENTITY_ROLES).values("pk")
        cases = Case.objects.filter(Q(department__in=handled) | Q(lead_organization__in=handled))
        return self.filter(item__case__in=cases.values("pk"))


class Citizen(models.Model):
    """Who said an item, with the consent they gave. Never shown in lists, the search index,
    exports or the API's case and item answers."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="citizen")
    name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    consent_text = models.ForeignKey(
        ConsentText,
        verbose_name=_("văn bản đã đồng ý"),
        on_delete=models.PROTECT,
        related_name="citizens",
    )
    consent_given_at = models.DateTimeField(_("thời điểm đồng ý"))
    consent_withdrawn_at = models.DateTimeField(
        _("thời điểm rút lại đồng ý"), null=True, blank=True
    )
    anonymised_at = models.DateTimeField(_("thời điểm xóa khi hết hạn lưu"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CitizenQuerySet.as_manager()

    PERSONAL_FIELDS = ("name", "phone", "email", "address")

    class Meta:
        verbose_name = _("người gửi ý kiến")
        verbose_name_plural = _("người gửi ý kiến")

    def __str__(self) -> str:
        # Audit entries and admin pages print this: never the person's name.
        return _("Người gửi ý kiến #%(id)s") % {"id": self.item_id}

    @property
    def is_withdrawn(self) -> bool:
        return self.consent_withdrawn_at is not None
