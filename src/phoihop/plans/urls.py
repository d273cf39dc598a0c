from django.urls import path

from .views import archive, calendar, lists, plans, programmes, tasks

app_name = "plans"

urlpatterns = [
    # Plans
    path("", plans.plan_list, name="plan_list"),
    path("new/", plans.plan_create, name="plan_create"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/export.xlsx", plans.plan_export, name="plan_export"),
    path("<int:pk>/import/", plans.plan_import, name="plan_import"),
    path("<int:pk>/import/<uuid:run_id>/", plans.plan_import_run, name="plan_import_run"),
    path("<int:pk>/import/template.xlsx", plans.plan_import_template, name="plan_import_template"),
    path("<int:plan_pk>/tasks/new/", tasks.task_create, name="task_create"),
    path(
        "<int:plan_pk>/organizations/suggest/",
        tasks.organization_suggestions,
        name="organization_suggestions",
    ),
    # Programmes
    path("archive/", archive.archive, name="archive"),
    path("<int:pk>/archive/", archive.plan_archive, name="plan_archive"),
    path("<int:pk>/restore/", archive.plan_restore, name="plan_restore"),
    path("programmes/<int:pk>/archive/", archive.programme_archive, name="programme_archive"),
    path("programmes/<int:pk>/restore/", archive.programme_restore, name="programme_restore"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/document/", programmes.programme_document, name="programme_document"),
    path("programmes/<int:pk>/milestones/", programmes.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/complete/", programmes.milestone_complete, name="milestone_complete"),
    # Task lists
    path("tasks/", lists.task_list, name="task_list"),
    path("tasks/export.xlsx", lists.task_export, name="task_export"),
    path("tasks/timeline/", lists.task_timeline, name="task_timeline"),
    path("league/", lists.league, name="league"),
    # One task
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/report/", tasks.task_report, name="task_report"),
    path("tasks/<int:pk>/complete/", tasks.task_complete, name="task_complete"),
    path("tasks/<int:pk>/reopen/", tasks.task_reopen, name="task_reopen"),
    path("tasks/<int:pk>/extensions/", tasks.extension_request, name="extension_request"),
    path("extensions/<int:pk>/decide/", tasks.extension_decide, name="extension_decide"),
    path("participants/<int:pk>/focal/", tasks.participant_focal, name="participant_focal"),
    path("tasks/<int:pk>/comments/", tasks.task_comment, name="task_comment"),
    path("tasks/<int:pk>/attachments/", tasks.task_attachment, name="task_attachment"),
    path("attachments/<int:pk>/", tasks.attachment_download, name="attachment_download"),
    path("reports/<int:pk>/file/", tasks.report_attachment_download, name="report_attachment"),
    # Calendar
    path("calendar/", calendar.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path(
        "calendar/<str:token>/reviews.ics",
        calendar.review_calendar_feed,
        name="review_calendar_feed",
    ),
]
