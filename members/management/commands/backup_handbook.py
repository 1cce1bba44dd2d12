from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.management.base import TranslatedHelpCommand
from site_pages.backup import BackupError, backup


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Back up the database and the uploaded files into a new folder under the given one, readable by "
        "its owner only. The site keeps serving while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help=gettext_lazy("Folder to write the backup into."))

    def handle(self, *args, **options):
        try:
            folder = backup(options["destination"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Backup written to %(folder)s") % {"folder": folder})
