from django.urls import path, register_converter

from .views import (
    analysis,
    completeness,
    decisions,
    received,
    report,
    spreadsheet,
    targets,
    units,
)


class PeriodCodeConverter:
    """A period code as `core.periods` writes it: 2026-03, 2026-Q1, 2026-H1, 2026-9M, 2026."""

    regex = r"[0-9]{4}(?:-[0-9]{2}|-Q[1-4]|-H[12]|-9M)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodCodeConverter, "period")

app_name = "reporting"

urlpatterns = [
    path("", units.my_reports, name="my_reports"),
    path("received/", received.received, name="received"),
    path("analysis/", analysis.analysis, name="analysis"),
    path("analysis/export.xlsx", analysis.analysis_export, name="analysis_export"),
    path(
        "<int:regime>/<period:period>/<int:organization>/",
        report.report,
        name="report",
    ),
    path(
        "<int:regime>/<period:period>/<int:organization>/form.xlsx",
        spreadsheet.form_download,
        name="form_download",
    ),
    path(
        "<int:regime>/<period:period>/<int:organization>/upload/",
        spreadsheet.form_upload,
        name="form_upload",
    ),
    path("submissions/<int:pk>/accept/", decisions.accept, name="accept"),
    path("submissions/<int:pk>/return/", decisions.return_submission, name="return"),
    path("submissions/<int:pk>/reopen/", decisions.reopen, name="reopen"),
    path("submissions/<int:pk>/comments/", decisions.comment, name="comment"),
    path("submissions/<int:pk>/attachments/", decisions.attach, name="attach"),
    path(
        "attachments/<int:pk>/",
        decisions.attachment_download,
        name="attachment_download",
    ),
    path("compile/<int:regime>/<period:period>/", received.compile_page, name="compile"),
    path(
        "compile/<int:regime>/<period:period>/start/",
        received.compile_start,
        name="compile_start",
    ),
    path("completeness/", completeness.index, name="completeness"),
    path("completeness/<int:pk>/", completeness.regime_page, name="completeness_regime"),
    path("targets/", targets.target_list, name="target_list"),
    path("targets/import/", targets.target_import, name="target_import"),
    path("targets/import/template/", targets.target_import_template, name="target_template"),
]
