from django.utils.translation import gettext_lazy as _

from members.imports.command import ImportCommand
from members.imports.people import MemberImport


class Command(ImportCommand):
    help = _(
        "Create or update party members, their logins and cell roles from a file with the columns "
        "card_number,full_name,cell_code,role,phone,email,date_of_birth,joined_on,username,password."
    )
    importer_class = MemberImport
