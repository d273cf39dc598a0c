from django.urls import path

from . import pivot_views

app_name = "reporting"

urlpatterns = [
    path("analysis/", pivot_views.analysis, name="analysis"),
    path("analysis/export.xlsx", pivot_views.analysis_export, name="analysis_export"),
]
