"""People (cán bộ) and the members of an organisation.

Every read goes through `User.objects.visible_to` and `Organization.objects.within_scope_of`
(people stay within the scope even where the organisation directory is wider), so a person or an
organisation's members outside the user's scope are a 404; actions on members need
`permissions.can_manage_members` (403 for a member without it).
"""

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import search
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate

from .. import permissions, selectors, services
from ..forms import ExistingMemberForm, MemberRoleForm, NewPersonForm, PersonFilterForm
from ..models import Membership, Organization, User
from . import suggestions

logger = logging.getLogger(__name__)


# People -----------------------------------------------------------------------------------------


@login_required
@require_GET
def person_list(request):
    user = request.user
    scope = Organization.objects.within_scope_of(user)
    if suggestions.asked_for(request) == "organization":
        return suggestions.organizations(request, "organization", scope)
    people = User.objects.visible_to(user)
    form = PersonFilterForm(request.GET or None, organizations=scope)
    if form.is_bound and not form.is_valid():
        people = people.none()
    elif form.is_bound:
        organization = form.cleaned_data["organization"]
        if organization is not None:
            members = selectors.members_within(organization)
            people = people.filter(pk__in=members.values("user_id"))
        people = search.filter_text(people, form.cleaned_data["q"], ranked=True)
    people = people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=selectors.visible_memberships(user),
            to_attr="visible_memberships",
        )
    )
    page = paginate(request, people)
    context = {
        "form": form,
        "page_obj": page,
        "people": page.object_list,
        "filtered": bool(request.GET.get("q") or request.GET.get("organization")),
    }
    return render_page(request, "org/person_list.html", context, fragment="results")


@login_required
@require_GET
def person_detail(request, pk):
    person = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    memberships = list(selectors.visible_memberships(request.user).filter(user=person))
    for membership in memberships:
        membership.can_manage = permissions.can_manage_members(
            request.user, membership.organization
        )
    context = {"person": person, "memberships": memberships}
    return render_page(request, "org/person_detail.html", context)


# Members of one organisation --------------------------------------------------------------------


def _send_account_created(request, person: User, membership: Membership) -> bool:
    """E-mail a new person the link to set their password. False when sending failed."""
    link = request.build_absolute_uri(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
                "token": default_token_generator.make_token(person),
            },
        )
    )
    context = {
        "person": person,
        "inviter": request.user,
        "organization": membership.organization,
        "role_label": membership.get_role_display(),
        "link": link,
        "login_url": request.build_absolute_uri(reverse("password_reset")),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = "".join(
        render_to_string("registration/account_created_subject.txt", context).splitlines()
    )
    body = render_to_string("registration/account_created_email.html", context)
    try:
        send_mail(subject, body, None, [person.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the account e-mail to user %s", person.pk)
        return False
    return True


def _add_member(request, organization, forms_by_action):
    """Handle one add-member form; returns a redirect on success, None to show the errors."""
    action = request.POST.get("action")
    if action not in forms_by_action:
        messages.error(request, _("Yêu cầu không hợp lệ."))
        return redirect("org:member_list", pk=organization.pk)
    form = forms_by_action[action]
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "existing":
        who = {"user": form.person}
    else:
        who = {name: data[name] for name in ("username", "full_name", "email", "position")}
    membership = call_service(
        form,
        services.add_member,
        organization=organization,
        by=request.user,
        role=data["role"],
        **who,
    )
    if membership is None:
        return None
    person = membership.user
    messages.success(
        request,
        _("Đã thêm %(person)s với vai trò %(role)s.")
        % {"person": person, "role": membership.get_role_display()},
    )
    if action == "new":
        if _send_account_created(request, person, membership):
            messages.info(
                request,
                _("Đã gửi thư đặt mật khẩu tới %(email)s.") % {"email": person.email},
            )
        else:
            messages.warning(
                request,
                _(
                    "Chưa gửi được thư tới %(email)s. Người này có thể dùng chức năng «Quên "
                    "mật khẩu» để tự đặt mật khẩu."
                )
                % {"email": person.email},
            )
    return redirect("org:member_list", pk=organization.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request, pk):
    organization = get_object_or_404(Organization.objects.within_scope_of(request.user), pk=pk)
    can_manage = permissions.can_manage_members(request.user, organization)
    can_add = can_manage and not organization.is_archived
    if request.method == "POST" and not can_add:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data else None
    forms_by_action = {
        "existing": ExistingMemberForm(
            data if action == "existing" else None, prefix="existing", by=request.user
        ),
        "new": NewPersonForm(data if action == "new" else None, prefix="new"),
    }
    if data is not None:
        response = _add_member(request, organization, forms_by_action)
        if response is not None:
            return response
    memberships = organization.memberships.select_related("user").order_by(
        "user__full_name", "user__username"
    )
    page = paginate(request, memberships)
    page.object_list = list(page.object_list)
    if can_manage:
        for membership in page.object_list:
            membership.role_form = MemberRoleForm.of(membership)
    context = {
        "organization": organization,
        "page_obj": page,
        "memberships": page.object_list,
        "can_manage": can_manage,
        "can_add": can_add,
        "existing_form": forms_by_action["existing"],
        "new_form": forms_by_action["new"],
        "open_form": action,
    }
    return render_page(request, "org/member_list.html", context, fragment="members")


def _membership_to_manage(request, pk, membership_pk) -> Membership:
    organization = get_object_or_404(Organization.objects.within_scope_of(request.user), pk=pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=membership_pk,
        organization=organization,
    )
    if not permissions.can_manage_members(request.user, organization):
        raise PermissionDenied
    return membership


@login_required
@require_POST
def member_change_role(request, pk, membership_pk):
    membership = _membership_to_manage(request, pk, membership_pk)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        membership = call_service(
            form,
            services.change_member_role,
            membership=membership,
            role=form.cleaned_data["role"],
            by=request.user,
        )
    if form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(
            request,
            _("Vai trò của %(person)s nay là %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display()},
        )
    return redirect("org:member_list", pk=pk)


@login_required
@require_POST
def member_remove(request, pk, membership_pk):
    membership = _membership_to_manage(request, pk, membership_pk)
    try:
        services.remove_member(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã gỡ %(person)s khỏi %(organization)s.")
            % {"person": membership.user, "organization": membership.organization},
        )
    return redirect("org:member_list", pk=pk)
