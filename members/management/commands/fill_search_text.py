from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.imports.reading import progress
from members.management.base import TranslatedHelpCommand
from site_pages.search_text import files_never_read, fill_file_texts, fill_page_texts, pages_without_text


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Make searchable the pages and files stored before search kept their text (a database upgraded "
        "from an earlier version): writes only the missing rows, in batches. Safe to run again."
    )

    def handle(self, *args, **options):
        # A progress bar and a summary for a person at a terminal; nothing at all from cron or a deploy script.
        on_terminal = self.stdout.isatty()
        done = {}
        for name, missing, fill in (
            (_("Pages"), pages_without_text(), fill_page_texts),
            (_("Files"), files_never_read(), fill_file_texts),
        ):
            bar = progress(None, enabled=on_terminal, description=name, total=missing.count())
            done[name] = 0
            for count in fill():
                bar.update(count)
                done[name] += count
            bar.close()
        if on_terminal:
            self.stdout.write(
                _("%(pages)d pages and %(files)d files made searchable.")
                % {"pages": done[_("Pages")], "files": done[_("Files")]}
            )
