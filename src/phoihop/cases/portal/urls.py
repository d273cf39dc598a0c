from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("send/", views.send, name="send"),
    path("sent/", views.sent, name="sent"),
    path("track/", views.track, name="track"),
    path("answers/", views.answers, name="answers"),
    path("answers/<int:pk>/", views.answer_detail, name="answer_detail"),
]
