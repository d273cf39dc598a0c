"""The case page's working-group card (a tag, so the case view stays as it is): a link to the
hot spot's group for those who see it, or the form that sets it up for the department."""

from django import template

from .. import permissions
from ..forms.groups import GroupForm
from ..models import WorkingGroup

register = template.Library()


@register.inclusion_tag("cases/_group_card.html", takes_context=True)
def working_group_card(context, case):
    user = context["request"].user
    group = WorkingGroup.objects.visible_to(user).filter(case=case).first()
    can_create = group is None and permissions.can_create_group(user, case)
    if can_create and WorkingGroup.objects.filter(case=case).exists():
        can_create = False
    return {
        "case": case,
        "group": group,
        "can_create": can_create,
        "form": GroupForm(initial={"name": f"Tổ công tác liên ngành: {case.title}"[:300]})
        if can_create
        else None,
        "csrf_token": context.get("csrf_token"),
    }
