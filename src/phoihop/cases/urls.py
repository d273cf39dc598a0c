from django.urls import path

from .views import cases

app_name = "cases"

urlpatterns = [
    path("<int:pk>/", cases.case_detail, name="case_detail"),
]
