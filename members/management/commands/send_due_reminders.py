from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.management.base import TranslatedHelpCommand
from members.reminders import announce_released_documents, remind_before_meetings


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Send the notices that fall due with time: meeting documents released, and reminders to members "
        "who have not read them before the meeting. Safe to run as often as wanted, even twice at once."
    )

    def handle(self, *args, **options):
        announced = announce_released_documents()
        reminded = remind_before_meetings()
        self.stdout.write(
            _("%(meetings)d meetings announced, %(members)d reminders sent.")
            % {"meetings": len(announced), "members": reminded}
        )
