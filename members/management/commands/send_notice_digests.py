from django.core.management.base import BaseCommand

from members.notices import send_digests


class Command(BaseCommand):
    help = "Email each member who chose a daily summary how many notices yesterday brought; once a day."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()} summaries sent")
