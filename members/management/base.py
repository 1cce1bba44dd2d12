"""Management commands whose help text is translated."""

from django.core.management.base import BaseCommand


class TranslatedHelpCommand(BaseCommand):
    """Takes `help = gettext_lazy(...)`: argparse needs a real str, made here in the active language."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
