from django.urls import path

from .views import analysis

app_name = "reporting"

urlpatterns = [
    path("analysis/", analysis.analysis, name="analysis"),
    path("analysis/export.xlsx", analysis.analysis_export, name="analysis_export"),
]
