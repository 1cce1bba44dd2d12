"""Dates as Vietnamese write them, DD/MM/YYYY, shown and typed (FORMAT_MODULE_PATH in cms.settings.base).

Only what differs from or is missing in Django's own Vietnamese formats, which are read after these: Django writes
short dates `d-m-Y` and, having no input formats of its own, would read typed dates with the
American `%m/%d/%Y` first, so `03/04/2026` would be the 4th of March.
"""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# The first is how a form shows a date back; ISO stays accepted for links and for the tests' data.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
# Django's vi has the separators (`60.000`, `2,5`) but no grouping, so no thousands were ever marked.
NUMBER_GROUPING = 3
