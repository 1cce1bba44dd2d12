from django.utils.translation import gettext_lazy as _

from members.imports.command import ImportCommand
from members.imports.units import UnitImport


class Command(ImportCommand):
    help = _("Create or rename organisation units from a file with the columns code,name,level,parent_code.")
    importer_class = UnitImport
