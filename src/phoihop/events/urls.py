from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "<int:pk>/attendance/<int:participant_pk>/",
        views.check_in,
        name="check_in",
    ),
    path(
        "<int:pk>/attendance/<int:participant_pk>/training/",
        views.training_record,
        name="training_record",
    ),
    path(
        "<int:pk>/attendance/<int:participant_pk>/certificate/",
        views.certificate,
        name="certificate",
    ),
    path("<int:pk>/door/", views.door, name="door"),
    path("<int:pk>/door/<str:code>/", views.door_check_in, name="door_check_in"),
    path("<int:pk>/pass/", views.my_pass, name="my_pass"),
    path("<int:pk>/pass/<str:code>/", views.pass_check_in, name="pass_check_in"),
    path("<int:pk>/conclusions/", views.conclusion_add, name="conclusion_add"),
    path(
        "<int:pk>/conclusions/<int:conclusion_pk>/task/",
        views.conclusion_task,
        name="conclusion_task",
    ),
    path("<int:pk>/files/", views.file_add, name="file_add"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file_download"),
    path("<int:pk>/materials/", views.material_add, name="material_add"),
    path(
        "<int:pk>/materials/<int:item_pk>/remove/",
        views.material_remove,
        name="material_remove",
    ),
    path("training/", views.my_training, name="my_training"),
    path("training/<int:person_pk>/", views.training, name="training"),
]
