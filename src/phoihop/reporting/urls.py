from django.urls import path

from .views import completeness

app_name = "reporting"

urlpatterns = [
    path("completeness/", completeness.index, name="completeness"),
    path("completeness/<int:pk>/", completeness.regime_page, name="completeness_regime"),
]
