from django.urls import path

from . import views, views_watch

app_name = "media"

urlpatterns = [
    path("", views.newsroom, name="newsroom"),
    path("stories/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("stories/<int:pk>/case/", views.cluster_case, name="cluster_case"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    # Watchlists, alerts, attention, export, actions from a story (views_watch.py).
    path("export.xlsx", views_watch.newsroom_export, name="export"),
    path("attention/", views_watch.attention_page, name="attention"),
    path("watchlists/", views_watch.watchlists, name="watchlists"),
    path("watchlists/<int:pk>/delete/", views_watch.watchlist_delete, name="watchlist_delete"),
    path("alerts/", views_watch.alert_list, name="alert_list"),
    path("alerts/<int:pk>/", views_watch.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/acknowledge/", views_watch.alert_acknowledge, name="alert_acknowledge"),
    path("stories/<int:pk>/attach/", views_watch.story_attach, name="story_attach"),
    path("stories/<int:pk>/task/", views_watch.story_task, name="story_task"),
    path("stories/<int:pk>/orientation/", views_watch.story_orientation, name="story_orientation"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/feeds/new/", views.feed_create, name="feed_create"),
    path("feeds/<int:pk>/edit/", views.feed_edit, name="feed_edit"),
    path("import/", views.press_import, name="press_import"),
    path("import/<uuid:run_id>/", views.press_import_run, name="press_import_run"),
]
