from django.http import Http404


def organization_import(request):
    raise Http404
