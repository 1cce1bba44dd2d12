"""The shared shape of the import commands: check the whole file, then write it or nothing."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.imports.reading import ImportFileError
from members.management.base import TranslatedHelpCommand


class ImportCommand(TranslatedHelpCommand):
    """Several files are imported in turn in one process (a country's 63 province files would
    otherwise start Django 63 times); each is checked and written whole or not at all, and a file
    with bad rows stops the import there."""

    importer_class = None

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", metavar="file", help=_("one or more .csv (UTF-8) or .xlsx files with a header row")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("do not show a progress bar"))

    def handle(self, *args, **options):
        files = options["files"]
        for done, path in enumerate(files):
            try:
                self.import_file(path, show_progress=not options["no_progress"], named=len(files) > 1)
            except CommandError as error:
                if not done:
                    raise
                raise CommandError(
                    ngettext(
                        "%(error)s The %(count)d file before it was imported; this file and those after it were not.",
                        "%(error)s The %(count)d files before it were imported; this file and those after it were not.",
                        done,
                    )
                    % {"error": error, "count": done}
                ) from error

    def import_file(self, path, *, show_progress, named):
        prefix = f"{path}: " if named else ""
        try:
            importer = self.importer_class(path, show_progress=show_progress)
            errors = importer.check()
        except ImportFileError as error:
            raise CommandError(prefix + str(error)) from error
        if errors:
            for error in errors:
                self.stderr.write(prefix + str(error))
            raise CommandError(
                prefix
                + ngettext(
                    "%(count)d bad row; nothing was imported.",
                    "%(count)d bad rows; nothing was imported.",
                    len(errors),
                )
                % {"count": len(errors)}
            )
        summary = importer.write()
        self.stdout.write(self.style.SUCCESS(prefix + summary))
