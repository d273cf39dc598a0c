from django.urls import path

from .views import completeness, targets

app_name = "reporting"

urlpatterns = [
    path("completeness/", completeness.index, name="completeness"),
    path("completeness/<int:pk>/", completeness.regime_page, name="completeness_regime"),
    path("targets/", targets.target_list, name="target_list"),
    path("targets/import/", targets.target_import, name="target_import"),
    path("targets/import/template/", targets.target_import_template, name="target_template"),
]
