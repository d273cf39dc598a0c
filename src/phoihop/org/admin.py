"""Django admin for system administrators.

Organisations, memberships and tokens are read-only here: their writes keep tree paths, the
search index and the audit trail consistent, and live in services.py (use the app's pages).
People, groups and reference data can be edited; every save ends in
`services.record_admin_change` (core.admin.ServiceAdmin), which audits it and refreshes the
search rows.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from phoihop.core.admin import ReadOnlyAdmin, ServiceAdmin
from phoihop.core.forms import BoundaryValidationMixin

from . import services
from .models import ApiToken, Area, Field, Membership, Organization, User


class AuditedAdmin(ServiceAdmin):
    """People, groups and reference data: saved through services.record_admin_change, which
    audits the change and refreshes the search rows that show the object."""

    saved = staticmethod(services.record_admin_change)


class PersonCreationForm(BoundaryValidationMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")


class PersonChangeForm(BoundaryValidationMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    # Groups and permissions carry rights such as the central catalogue editor's.
    audited_fields = (
        *User.AUDITED_FIELDS,
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
    )
    list_display = ("username", "full_name", "email", "position", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "is_staff")
    search_fields = ("username", "full_name", "email")
    ordering = ("full_name", "username")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "position", "phone")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_two_factor"]

    def user_change_password(self, request, id, form_url=""):
        """A password set here is a reset: the person's API tokens do not survive it."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            person = User.objects.get(pk=id)
            services.revoke_api_tokens(
                user=person, by=request.user, reason=str(_("Thu hồi khi đặt lại mật khẩu"))
            )
        return response

    @admin.action(description=_("Đặt lại xác thực hai bước (mất điện thoại)"))
    def reset_two_factor(self, request, queryset):
        for person in queryset:
            services.reset_two_factor(user=person, by=request.user)
        self.message_user(
            request,
            _("Đã đặt lại xác thực hai bước của %(count)d người.") % {"count": len(queryset)},
            messages.SUCCESS,
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, DjangoGroupAdmin):
    """A group's permissions are rights of every member (e.g. editing the central catalogue)."""

    audited_fields = ("name", "permissions")


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    audited_fields = (
        "code",
        "name",
        "short_name",
        "type",
        "level",
        "parent",
        "valid_from",
        "valid_to",
    )
    list_display = ("code", "name", "type", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", "type")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    raw_id_fields = ("parent", "successors")


@admin.register(Field)
class FieldAdmin(AuditedAdmin):
    audited_fields = ("code", "name", "position")
    list_display = ("name", "code", "position")
    search_fields = ("name", "code")


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "abbreviation", "kind", "level", "parent", "archived_at")
    list_filter = ("kind", "level")
    search_fields = ("name", "abbreviation", "identifier")
    list_select_related = ("parent",)
    show_full_result_count = False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "organization__name")
    list_select_related = ("user", "organization")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "user",
        "hint",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "hint", "user__username", "user__full_name")
    list_select_related = ("user",)
    exclude = ("key_hash",)
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "key_hash"]

    @admin.action(description=_("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                services.revoke_api_token(token=token, by=request.user)
            except PermissionDenied:
                continue
            count += 1
        self.message_user(
            request, _("Đã thu hồi %(count)d mã.") % {"count": count}, messages.SUCCESS
        )


# django-otp's own device admins would let a device be edited or deleted without an audit entry
# (and show secrets); a lost phone is handled by the audited "reset" action on people instead.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
