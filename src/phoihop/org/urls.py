from django.urls import path

from .views import areas, audit, organizations, people
from .views import imports as import_views

app_name = "org"

urlpatterns = [
    path("areas/", areas.area_list, name="area_list"),
    path("areas/<int:pk>/", areas.area_detail, name="area_detail"),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/tree/", organizations.organization_tree, name="organization_tree"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/import/", import_views.organization_import, name="organization_import"),
    path(
        "organizations/import/<uuid:run_id>/",
        import_views.organization_import_run,
        name="organization_import_run",
    ),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path(
        "organizations/<int:pk>/archive/",
        organizations.organization_archive,
        name="organization_archive",
    ),
    path(
        "organizations/<int:pk>/restore/",
        organizations.organization_restore,
        name="organization_restore",
    ),
    path("organizations/<int:pk>/audit/", audit.organization_audit, name="organization_audit"),
    path("organizations/<int:pk>/members/", people.member_list, name="member_list"),
    path(
        "organizations/<int:pk>/members/<int:membership_pk>/role/",
        people.member_change_role,
        name="member_change_role",
    ),
    path(
        "organizations/<int:pk>/members/<int:membership_pk>/remove/",
        people.member_remove,
        name="member_remove",
    ),
    path("people/", people.person_list, name="person_list"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("audit/", audit.audit_list, name="audit_list"),
]
