import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Comments on official documents too: `document` beside `meeting`, and the moderating `cell`,
    nullable here so that 0007 can fill it for existing meeting comments before 0008 requires it."""

    dependencies = [
        ("members", "0005_meeting_announcement"),
        ("site_pages", "0005_meeting_announcement_outside_the_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="cell",
            field=models.ForeignKey(
                editable=False,
                null=True,
                help_text="The unit whose secretaries moderate the comment and whose members read it.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="site_pages.unitpage",
                verbose_name="cell",
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="site_pages.officialdocumentpage",
                verbose_name="official document",
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="site_pages.meetingpage",
                verbose_name="meeting",
            ),
        ),
    ]
