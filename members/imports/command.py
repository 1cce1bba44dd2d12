"""The shared shape of the import commands: check the whole file, then write it or nothing."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.imports.reading import ImportFileError
from members.management.base import TranslatedHelpCommand


class ImportCommand(TranslatedHelpCommand):
    importer_class = None

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("a .csv (UTF-8) or .xlsx file with a header row"))
        parser.add_argument("--no-progress", action="store_true", help=_("do not show a progress bar"))

    def handle(self, *args, **options):
        try:
            importer = self.importer_class(options["file"], show_progress=not options["no_progress"])
            errors = importer.check()
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                ngettext(
                    "%(count)d bad row; nothing was imported.",
                    "%(count)d bad rows; nothing was imported.",
                    len(errors),
                )
                % {"count": len(errors)}
            )
        summary = importer.write()
        self.stdout.write(self.style.SUCCESS(summary))
