from django.http import Http404


def area_list(request):
    raise Http404


def area_detail(request, pk):
    raise Http404
