from django.urls import path

from .views import documents, imports, numbering, reviews

app_name = "directives"

urlpatterns = [
    path("", documents.document_list, name="document_list"),
    path("new/", documents.document_create, name="document_create"),
    path("lookup/", documents.document_lookup, name="document_lookup"),
    path("import/", imports.document_import, name="document_import"),
    path("import/<uuid:run_id>/", imports.document_import_run, name="document_import_run"),
    path("<int:pk>/", documents.document_detail, name="document_detail"),
    path("<int:pk>/cited-by/", documents.document_cited_by, name="document_cited_by"),
    path("<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("<int:pk>/file/", documents.document_file, name="document_file"),
    path("<int:pk>/reviews/new/", reviews.review_create, name="review_create"),
    path("citations/<int:pk>/resolve/", documents.citation_resolve, name="citation_resolve"),
    path("reviews/", reviews.old_calendar),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/complete/", reviews.review_complete, name="review_complete"),
    path("reviews/<int:pk>/report/", reviews.old_report),
    path("numbering/", numbering.numbering_index, name="numbering_index"),
    path("numbering/<int:pk>/", numbering.numbering, name="numbering"),
]
