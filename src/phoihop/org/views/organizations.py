from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


organization_list = organization_tree = organization_create = organization_detail = _missing
organization_edit = organization_archive = organization_restore = _missing
