from django.urls import path

from . import views

app_name = "media"

urlpatterns = [
    path("", views.newsroom, name="newsroom"),
    path("stories/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("stories/<int:pk>/case/", views.cluster_case, name="cluster_case"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/feeds/new/", views.feed_create, name="feed_create"),
    path("feeds/<int:pk>/edit/", views.feed_edit, name="feed_edit"),
    path("import/", views.press_import, name="press_import"),
    path("import/<uuid:run_id>/", views.press_import_run, name="press_import_run"),
]
