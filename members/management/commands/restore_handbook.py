from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.management.base import TranslatedHelpCommand
from site_pages.backup import BackupError, restore


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Replace the database and the uploaded files with those of a backup folder written by "
        "backup_handbook. Stop the site first; everything written since the backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help=gettext_lazy("A folder written by backup_handbook."))
        parser.add_argument(
            "--yes", action="store_true", help=gettext_lazy("Confirm that the current data is to be replaced.")
        )

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError(_("This replaces every page, person and file. Run again with --yes to go ahead."))
        try:
            restore(options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Restored from %(folder)s") % {"folder": options["folder"]})
