"""The engagement report in the Wagtail admin (`/admin/reports/engagement/`), with its exports.

Chief editors and committee members see their unit's subtree, a cell's secretary and deputies
their cell (what each kind sees is `sees_figures` in members.models.ROLE_KINDS). Units outside
that are a 404. Member-by-member rows are for the cell's own secretary and deputies only.
Exports go through Wagtail's report export (`?export=csv` or `?export=xlsx`) and are written
to the audit log.
"""

from django.http import Http404
from django.template.defaultfilters import yesno
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log

from members.engagement import default_unit, figures_below, member_rows
from site_pages.models import Level, UnitPage
from site_pages.visibility import Scope

EXPORT_ACTION = "members.engagement.export"
LOG_ACTIONS = {EXPORT_ACTION: (_("Export engagement report"), _("Engagement report exported"))}
CHART_BAR_HEIGHT = 22
# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Counts in a spreadsheet stay numbers, shown with the thousands mark of the reader's own spreadsheet.
XLSX_COUNT_FORMAT = "#,##0"


def neutralise_formula(value):
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def grouped(count):
    """A count in CSV text as the active language writes it: `60.000` in Vietnamese, `60,000` in English."""
    return number_format(count, force_grouping=True)


class EngagementReportView(ReportView):
    page_title = _("Engagement report")
    header_icon = "table"
    index_url_name = "engagement_report"
    index_results_url_name = "engagement_report_results"
    results_template_name = "members/reports/engagement_results.html"
    paginate_by = None
    export_filename = "engagement"
    # bool before int: a bool is an int too, and the first match wins.
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        str: {ReportView.FORMAT_CSV: neutralise_formula},
        bool: {ReportView.FORMAT_CSV: yesno, ReportView.FORMAT_XLSX: yesno},
        int: {ReportView.FORMAT_CSV: grouped},
    }

    def dispatch(self, request, *args, **kwargs):
        code = request.GET.get("unit", "").strip()
        unit = UnitPage.objects.filter(code=code).first() if code else default_unit(request.user)
        if unit is None or not Scope.for_user(request.user).sees_figures_of(unit):
            raise Http404
        self.unit = unit
        # Member-by-member rows only for the cell's own secretary and deputies.
        self.by_member = unit.level == Level.CELL and Scope.for_user(request.user).moderates(unit.pk)
        return super().dispatch(request, *args, **kwargs)

    @property
    def list_export(self):
        if self.by_member:
            return ["person.full_name", "person.card_number", "activated", "active", "opinions"]
        return ["unit.title", "unit.code", "members", "activated", "active", "read_last_meeting", "opinions"]

    export_headings = {
        "unit.title": _("Unit"),
        "unit.code": _("Code"),
        "person.full_name": _("Member"),
        "person.card_number": _("Party card number"),
        "members": _("Members"),
        "activated": _("Accounts activated"),
        "active": _("Active in the last 30 days"),
        "read_last_meeting": _("Read the last meeting's documents in time"),
        "opinions": _("Opinions in the last 30 days"),
    }

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format):
            if cell.data_type == "n":
                cell.number_format = XLSX_COUNT_FORMAT
            yield cell

    def get_queryset(self):
        if self.by_member:
            return member_rows(self.unit)
        self.total, rows = figures_below(self.unit)
        return rows

    def get_filename(self):
        return f"{self.export_filename}-{self.unit.code}"

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            log(self.unit, EXPORT_ACTION, user=self.request.user, data={"format": self.request.GET.get("export")})
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = context["object_list"]
        context.update(
            unit=self.unit,
            by_member=self.by_member,
            total=getattr(self, "total", None),
            # The units above, to go back up, as far as the person sees figures.
            parents=[
                parent
                for parent in UnitPage.objects.ancestor_of(self.unit).order_by("depth")
                if Scope.for_user(self.request.user).sees_figures_of(parent)
            ],
            chart_height=CHART_BAR_HEIGHT * len(rows),
            chart=[
                {"row": row, "y": index * CHART_BAR_HEIGHT, "percent": round(row.active_share * 100)}
                for index, row in enumerate(rows)
            ]
            if not self.by_member
            else [],
            drillable={row.unit.pk for row in rows if not self.by_member and self._drillable(row.unit)},
        )
        return context

    def _drillable(self, unit):
        return unit.level != Level.CELL or Scope.for_user(self.request.user).moderates(unit.pk)


class EngagementMenuItem(MenuItem):
    def is_shown(self, request):
        scope = Scope.for_user(request.user)
        return scope.everything or bool(scope.figures_paths)


def engagement_menu_item():
    return EngagementMenuItem(_("Engagement report"), reverse("engagement_report"), icon_name="table", order=50)
