"""Each login's first name becomes its person's full name, as Person.save keeps it from now on:
Wagtail greets and lists users by it instead of their username."""

from django.conf import settings
from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_full_names(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Person = apps.get_model("members", "Person")
    User.objects.filter(pk__in=Person.objects.values("user_id")).update(
        first_name=Subquery(Person.objects.filter(user_id=OuterRef("pk")).values("full_name")[:1]), last_name=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_question_asked_notice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(copy_full_names, migrations.RunPython.noop)]
