from django.urls import path

from . import views

app_name = "media"

urlpatterns = [
    path("", views.newsroom, name="newsroom"),
    path("stories/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("stories/<int:pk>/case/", views.cluster_case, name="cluster_case"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
]
