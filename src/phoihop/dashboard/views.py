from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    memberships = request.user.memberships.select_related("organization", "organization__area")
    return render(request, "dashboard/home.html", {"memberships": memberships})
