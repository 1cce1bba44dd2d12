"""The one editorial workflow on the tree root (site_pages/models/workflows.py): data, kept
when the schema migrations were squashed, because every site needs it from its first migrate."""

from django.db import migrations

WORKFLOW_NAME = "Editorial approval"
TASK_NAME = "Approval by the unit's secretary or chief editor"


def create_editorial_workflow(apps, schema_editor):
    """One workflow on the tree root: every unit, present or future, inherits it
    (see site_pages/models/workflows.py for why one workflow is enough)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    UnitRoleApprovalTask = apps.get_model("site_pages", "UnitRoleApprovalTask")

    content_type, _created = ContentType.objects.get_or_create(app_label="site_pages", model="unitroleapprovaltask")
    task = UnitRoleApprovalTask.objects.create(name=TASK_NAME, role="by_level", content_type=content_type)
    workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        # Replaces Wagtail's default "Moderators approval" on the root, if present.
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_editorial_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    UnitRoleApprovalTask = apps.get_model("site_pages", "UnitRoleApprovalTask")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    UnitRoleApprovalTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_editorial_workflow, remove_editorial_workflow),
    ]
