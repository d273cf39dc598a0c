from django.urls import path

from .views import analytics, cases, groups, intake, notes, publication, requests

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("new/", intake.item_new, name="item_new"),
    path("analytics/", analytics.case_analytics_page, name="case_analytics"),
    path("export/", analytics.case_export, name="case_export"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("<int:pk>/verify/", cases.case_verify, name="case_verify"),
    path("<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("<int:pk>/answer/", cases.case_answer, name="case_answer"),
    path("<int:pk>/close/", cases.case_close, name="case_close"),
    path("<int:pk>/reopen/", cases.case_reopen, name="case_reopen"),
    path("<int:pk>/merge/", cases.case_merge, name="case_merge"),
    path("<int:pk>/extension/", cases.extension_request, name="extension_request"),
    path("extensions/<int:pk>/decide/", cases.extension_decide, name="extension_decide"),
    path("items/<int:pk>/split/", cases.item_split, name="item_split"),
    path("items/<int:pk>/contact/", cases.item_contact, name="item_contact"),
    path("items/<int:pk>/withdraw-consent/", cases.withdraw_consent, name="withdraw_consent"),
    path("attachments/<int:pk>/", cases.attachment_download, name="attachment_download"),
    path("<int:pk>/publish/", publication.case_publish, name="case_publish"),
    path("<int:pk>/unpublish/", publication.case_unpublish, name="case_unpublish"),
    path("open311-keys/", publication.open311_keys, name="open311_keys"),
    path(
        "open311-keys/<int:pk>/revoke/", publication.open311_key_revoke, name="open311_key_revoke"
    ),
    # Hot-spot working groups
    path("<int:pk>/group/new/", groups.group_new, name="group_new"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/members/", groups.group_member, name="group_member"),
    path("groups/<int:pk>/log/", groups.group_log, name="group_log"),
    path("groups/<int:pk>/press/", groups.group_press, name="group_press"),
    path("groups/<int:pk>/task/", groups.group_task, name="group_task"),
    # Collaborators' monthly opinion notes
    path("notes/", notes.note_list, name="note_list"),
    path("notes/new/", notes.note_new, name="note_new"),
    path("notes/<int:pk>/", notes.note_detail, name="note_detail"),
    path("notes/<int:pk>/topics/", notes.topic_add, name="topic_add"),
    path("notes/<int:pk>/submit/", notes.note_submit, name="note_submit"),
    path("notes/topics/", notes.topic_summary, name="topic_summary"),
    path("notes/topics/<int:pk>/take-up/", notes.topic_take_up, name="topic_take_up"),
    # A person's requests about their data (72 hours)
    path("data-requests/", requests.data_request_list, name="data_request_list"),
    path("data-requests/<int:pk>/", requests.data_request_detail, name="data_request_detail"),
    path(
        "data-requests/<int:pk>/fulfil/", requests.data_request_fulfil, name="data_request_fulfil"
    ),
    path(
        "data-requests/<int:pk>/refuse/", requests.data_request_refuse, name="data_request_refuse"
    ),
    path("items/<int:pk>/data-request/", requests.data_request_new, name="data_request_new"),
]
