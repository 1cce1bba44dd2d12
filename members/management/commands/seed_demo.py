from io import StringIO

from django.core.management import call_command
from django.test.utils import override_settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.signal_handlers import disable_reference_index_auto_update

from members import demo
from members.demo_activity import seed_activity_demo
from members.demo_meetings import seed_meetings_demo
from members.demo_questions import seed_questions_demo
from members.management.base import TranslatedHelpCommand
from site_pages.demo import seed_editorial_demo

NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(TranslatedHelpCommand):
    help = gettext_lazy(
        "Build the fictional demo organisation, people, roles and pages; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy("Do nothing when the database already holds units (make run)."),
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and demo.has_units():
            self.stdout.write(_("Units already exist: demo data not loaded."))
            return
        # The demo's own actions (pages submitted for review, approvals, answers) would mail the demo
        # people; with `make run`'s console backend that printed whole emails between the lines below.
        # Wagtail reindexes an object's references on every save, and the demo saves pages many times
        # over (drafts, revisions, publishing): one rebuild at the end, as Wagtail advises for bulk
        # loads, takes a third off the seed.
        with override_settings(EMAIL_BACKEND=NO_MAIL), disable_reference_index_auto_update():
            result = demo.seed_demo()
            documents = seed_editorial_demo()
            meetings = seed_meetings_demo()
            seed_activity_demo()
            questions = seed_questions_demo()
        call_command("rebuild_references_index", stdout=StringIO())
        self.stdout.write(
            _(
                "Created %(units)d units, %(people)d people, %(pages)d pages, %(meetings)d meetings "
                "and %(questions)d questions."
            )
            % {
                "units": result.created_units,
                "people": result.created_people,
                "pages": result.created_pages + len(documents),
                "meetings": len(meetings),
                "questions": len(questions),
            }
        )
        for username in result.skipped_usernames:
            self.stderr.write(_("Login %(username)s already exists and was left alone.") % {"username": username})
        titles = demo.unit_titles()
        self.stdout.write(_("Demo logins (password %(password)s):") % {"password": demo.DEMO_PASSWORD})
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account.username:<20} {account.describe(titles)}")
