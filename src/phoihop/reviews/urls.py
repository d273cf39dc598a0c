from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:pk>/report/", views.report, name="report"),
]
