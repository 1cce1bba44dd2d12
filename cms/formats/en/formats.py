"""English keeps its words but reads dates as the handbook writes them everywhere, DD/MM/YYYY: the admin's
date pickers (WAGTAIL_DATE_FORMAT) are the same in both languages, and `03/04/2026` must not become
the 4th of March for someone who switched to English."""

from cms.formats.vi.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_INPUT_FORMATS,
)
