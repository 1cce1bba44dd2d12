"""Reading import files: CSV (UTF-8, with or without BOM) and .xlsx, one header row.

Rows are streamed, never loaded whole, so that a province-size file stays small in memory.
Line numbers count the header as line 1, as a spreadsheet shows them.
"""

import csv
import datetime
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from tqdm import tqdm

from django.utils.translation import gettext as _

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DAY_FIRST_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# Large enough for a round trip per batch to be negligible, small enough for SQLite's variable limit.
QUERY_CHUNK = 900


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, missing columns...)."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class Table:
    """The rows of an import file as dicts keyed by column name, with their line numbers."""

    def __init__(self, path, *, required, optional=()):
        self.path = Path(path)
        if not self.path.is_file():
            raise ImportFileError(_("%(path)s: no such file") % {"path": path})
        suffix = self.path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise ImportFileError(_("%(path)s: use a .csv or .xlsx file") % {"path": path})
        self._is_xlsx = suffix == ".xlsx"
        header = next(self._raw_rows(), None)
        if header is None:
            raise ImportFileError(_("%(path)s is empty; it needs a header row") % {"path": path})
        self.columns = [cell_text(value).lower() for value in header]
        self._check_header(required, optional)

    def _check_header(self, required, optional):
        missing = [name for name in required if name not in self.columns]
        unknown = [name for name in self.columns if name and name not in required and name not in optional]
        repeated = sorted({name for name in self.columns if name and self.columns.count(name) > 1})
        problems = []
        if missing:
            problems.append(_("missing column(s): %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown column(s): %(names)s") % {"names": ", ".join(unknown)})
        if repeated:
            problems.append(_("repeated column(s): %(names)s") % {"names": ", ".join(repeated)})
        if problems:
            expected = ", ".join([*required, *optional])
            raise ImportFileError(
                _("line 1 (header): %(problems)s. Expected columns: %(expected)s")
                % {"problems": "; ".join(problems), "expected": expected}
            )

    def has(self, column):
        return column in self.columns

    def __iter__(self):
        """(line, {column: value}) for every non-blank row; values are text, or dates from .xlsx."""
        rows = self._raw_rows()
        next(rows)
        # CSV gives text already; only spreadsheet cells need converting.
        convert = cell_value if self._is_xlsx else str.strip
        for line, raw in enumerate(rows, start=2):
            values = [convert(value) for value in raw]
            if not any(values):
                continue
            values += [""] * (len(self.columns) - len(values))
            yield line, dict(zip(self.columns, values, strict=False))

    def _raw_rows(self):
        return self._xlsx_rows() if self._is_xlsx else self._csv_rows()

    def _csv_rows(self):
        # utf-8-sig drops the byte-order mark Excel writes, and reads plain UTF-8 too.
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            try:
                yield from csv.reader(handle)
            except UnicodeDecodeError as error:
                raise ImportFileError(_("%(path)s is not UTF-8 text") % {"path": self.path}) from error

    def _xlsx_rows(self):
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises several unrelated types for a broken file
            raise ImportFileError(_("%(path)s is not a readable .xlsx file") % {"path": self.path}) from error
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()


def cell_value(value):
    """Spreadsheet cells come typed: keep dates, turn everything else into stripped text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return cell_text(value)


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # A card number typed into a number cell comes back as 12345.0.
        return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value):
    """A date from `YYYY-MM-DD`, `DD/MM/YYYY` or a spreadsheet date cell; None if empty.

    Raises ValueError with a readable message for anything else."""
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    # A regular expression then date(): strptime is several times slower, which shows at 60,000 rows.
    match = ISO_DATE.fullmatch(value)
    if match:
        year, month, day = match.groups()
    else:
        match = DAY_FIRST_DATE.fullmatch(value)
        if match:
            day, month, year = match.groups()
    if match:
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise ValueError(_("malformed date %(value)r (use YYYY-MM-DD or DD/MM/YYYY)") % {"value": value})


def chunks(items, size=QUERY_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def progress(iterable, *, enabled, description, total=None):
    """A progress bar on the terminal's stderr; invisible when output is not a terminal."""
    return tqdm(
        iterable,
        total=total,
        desc=description,
        unit=_("rows"),
        file=sys.stderr,
        disable=not enabled or not sys.stderr.isatty(),
        leave=False,
    )
