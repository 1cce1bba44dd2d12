from django.db import migrations
from django.db.models import OuterRef, Subquery


def meeting_comments_belong_to_the_meetings_unit(apps, schema_editor):
    Comment = apps.get_model("members", "Comment")
    MeetingPage = apps.get_model("site_pages", "MeetingPage")
    owning_unit = MeetingPage.objects.filter(pk=OuterRef("meeting_id")).values("owning_unit_id")[:1]
    Comment.objects.filter(cell__isnull=True, meeting__isnull=False).update(cell_id=Subquery(owning_unit))


class Migration(migrations.Migration):
    """Its own migration (own transaction): PostgreSQL refuses to alter a table with pending
    deferred foreign-key checks from rows updated in the same transaction."""

    dependencies = [
        ("members", "0006_comment_document_and_cell"),
    ]

    operations = [
        migrations.RunPython(meeting_comments_belong_to_the_meetings_unit, migrations.RunPython.noop),
    ]
