import csv

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.imports.activation import activation_link, members_awaiting_activation
from members.management.base import TranslatedHelpCommand
from site_pages.models import UnitPage


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Print card number, full name and a one-time set-password link for each member of the unit "
        "(and the units below it) who has not activated their login yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("unit_code", help=gettext_lazy("code of a unit, e.g. a cell or a ward"))

    def handle(self, *args, unit_code, **options):
        unit = UnitPage.objects.filter(code=unit_code).first()
        if unit is None:
            raise CommandError(_("Unknown unit code %(code)s.") % {"code": unit_code})
        # CSV so that names with commas stay in one column when pasted into a spreadsheet.
        writer = csv.writer(self.stdout, lineterminator="")
        for person in members_awaiting_activation(unit):
            writer.writerow([person.card_number, person.full_name, activation_link(person.user)])
