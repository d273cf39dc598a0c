from django.urls import path

from .views import cases, intake, publication

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("new/", intake.item_new, name="item_new"),
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
]
