from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.model_list, name="model_list"),
    path("new/", views.model_create, name="model_create"),
    path("<int:pk>/", views.model_detail, name="model_detail"),
    path("<int:pk>/edit/", views.model_edit, name="model_edit"),
    path("<int:pk>/delete/", views.model_delete, name="model_delete"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/commendations/", views.commendation_add, name="commendation_add"),
    path("<int:pk>/replications/", views.replication_add, name="replication_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
