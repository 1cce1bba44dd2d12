"""Names that migrations wrote in English and the admin shows as they are (the page status reads
"Đang chờ <task name>", the workflow emails quote both): Vietnamese, the handbook's language.
Names a site has already changed are left alone."""

from django.db import migrations

# (model, fields, rows, English, Vietnamese)
NAMES = [
    ("wagtailcore.Workflow", ["name"], {}, "Editorial approval", "Duyệt biên tập"),
    (
        "wagtailcore.Task",
        ["name"],
        {},
        "Approval by the unit's secretary or chief editor",
        "Bí thư hoặc trưởng ban biên tập của đơn vị duyệt",
    ),
    ("wagtailcore.Collection", ["name"], {"depth": 1}, "Root", "Tất cả thư mục"),
    ("wagtailcore.Page", ["title", "draft_title"], {"depth": 1}, "Root", "Gốc"),
]


def rename(apps, forward):
    for model, fields, rows, english, vietnamese in NAMES:
        old, new = (english, vietnamese) if forward else (vietnamese, english)
        for field in fields:
            apps.get_model(model).objects.filter(**rows, **{field: old}).update(**{field: new})


class Migration(migrations.Migration):
    dependencies = [
        ("site_pages", "0003_questions_search_text_clean_rich_text"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, _schema_editor: rename(apps, forward=True),
            lambda apps, _schema_editor: rename(apps, forward=False),
        ),
    ]
