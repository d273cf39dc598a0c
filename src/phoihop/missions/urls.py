from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.mission_list, name="mission_list"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("new/", views.mission_create, name="mission_create"),
    path("<int:pk>/", views.mission_detail, name="mission_detail"),
    path("<int:pk>/edit/", views.mission_edit, name="mission_edit"),
    path("<int:pk>/delete/", views.mission_delete, name="mission_delete"),
    path("<int:pk>/visits/", views.visit_add, name="visit_add"),
    path("<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("<int:pk>/recommendations/", views.recommendation_add, name="recommendation_add"),
    path("<int:pk>/report/", views.report_upload, name="report_upload"),
    path("<int:pk>/report/download/", views.report_download, name="report_download"),
    path("findings/<int:pk>/answer/", views.finding_answer, name="finding_answer"),
]
