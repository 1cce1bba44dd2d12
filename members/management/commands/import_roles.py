from django.utils.translation import gettext_lazy as _

from members.imports.command import ImportCommand
from members.imports.roles import RoleImport


class Command(ImportCommand):
    help = _("Give editor and chief editor roles from a file with the columns username,unit_code,role.")
    importer_class = RoleImport
