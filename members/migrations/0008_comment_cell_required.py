import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_fill_comment_cell"),
    ]

    operations = [
        migrations.AlterField(
            model_name="comment",
            name="cell",
            field=models.ForeignKey(
                editable=False,
                help_text="The unit whose secretaries moderate the comment and whose members read it.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="site_pages.unitpage",
                verbose_name="cell",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["document", "cell", "status"], name="members_com_documen_be964a_idx"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["cell", "status", "created_at"], name="members_com_cell_id_20785b_idx"),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("document__isnull", True), ("meeting__isnull", False)),
                    models.Q(("document__isnull", False), ("meeting__isnull", True)),
                    _connector="OR",
                ),
                name="comment_on_one_meeting_or_document",
            ),
        ),
    ]
