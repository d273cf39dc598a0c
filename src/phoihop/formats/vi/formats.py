"""One way dates are shown and typed: dd/mm/yyyy (Django's Vietnamese default writes "Ngày 1
tháng 7 năm 2025"). The Party style "ngày 22-12-2024" belongs to document text only
(`directives.Document.date_label`); the API keeps ISO dates."""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "d/m"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
