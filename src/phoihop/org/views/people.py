from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


member_list = member_change_role = member_remove = person_list = person_detail = _missing
