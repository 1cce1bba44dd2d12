"""Moderation by roles: one task type, one workflow, every unit.

Design: a single workflow ("Duyệt biên tập") is assigned to the tree root by a data
migration, so every unit, including one created later, uses it without any set-up step.
Its one `UnitRoleApprovalTask` resolves the approvers of each page from roles at submission
time: with role "by level", a cell's pages go to the cell's secretary or deputy, the pages of a
ward, province or the central unit to that unit's chief editors. A unit without such a holder
falls back to the nearest unit above that has one (a cell without a secretary goes to its
ward's chief editor). A unit that wants another routing gets its own workflow assigned to its
page in the admin, with a task whose role is fixed.

Only the hooks documented for custom tasks are overridden
(https://docs.wagtail.org/en/stable/extending/custom_tasks.html).
"""

from collections import defaultdict

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.forms import TaskStateCommentForm
from wagtail.models import Page, Task, TaskState
from wagtail.signals import task_submitted

from members.models import ApproverRole, Level, Role, kinds_where
from site_pages.visibility import Scope, ancestor_paths, subtrees_q

from .base import HandbookPage

APPROVING_KINDS = kinds_where(lambda rules: rules.approves_as is not None)


def approver_kinds(role, level):
    """The role kinds that approve for a unit of `level` (members.models.ROLE_KINDS)."""
    if role == ApproverRole.BY_LEVEL:
        role = ApproverRole.SECRETARY if level == Level.CELL else ApproverRole.CHIEF_EDITOR
    return kinds_where(lambda rules: rules.approves_as == role)


def approvers_by_unit(role, unit_paths):
    """{unit path: set of approver user ids} for each unit path, in one query.

    The approvers of a unit are the current holders of its approver kinds; a unit without
    any inherits those of the nearest unit above that has some.
    """
    all_paths = {path for unit_path in unit_paths for path in ancestor_paths(unit_path)}
    holders = defaultdict(set)
    rows = (
        Role.objects.current()
        .filter(unit__path__in=all_paths, kind__in=APPROVING_KINDS)
        .values_list("unit__path", "unit__level", "kind", "person__user_id")
    )
    for path, level, kind, user_id in rows:
        if kind in approver_kinds(role, level):
            holders[path].add(user_id)
    result = {}
    for unit_path in unit_paths:
        nearest = next((holders[path] for path in reversed(ancestor_paths(unit_path)) if holders[path]), set())
        result[unit_path] = nearest
    return result


class ReviewCommentForm(TaskStateCommentForm):
    # Wagtail labels this field with `gettext` at import, so in the language the process started in.
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea({"rows": 2}))


class UnitRoleApprovalTask(Task):
    role = models.CharField(
        _("approved by"), max_length=20, choices=ApproverRole.choices, default=ApproverRole.BY_LEVEL
    )

    admin_form_fields = [*Task.admin_form_fields, "role"]

    class Meta:
        verbose_name = _("approval by unit role")
        verbose_name_plural = _("approvals by unit role")

    def approver_ids(self, obj):
        """Ids of the users who approve `obj` at this task; cached on `obj` for the request."""
        cache = obj.__dict__.setdefault("_unit_role_approvers", {})
        if self.pk not in cache:
            # Workflow states hand over a plain Page; the owning unit is read by primary key.
            unit_path = (
                HandbookPage.objects.filter(pk=obj.pk).values_list("owning_unit__path", flat=True).first()
                if isinstance(obj, Page)
                else None
            )
            cache[self.pk] = approvers_by_unit(self.role, [unit_path])[unit_path] if unit_path else set()
        return cache[self.pk]

    def _approves(self, obj, user):
        return user.is_superuser or user.pk in self.approver_ids(obj)

    def user_can_access_editor(self, obj, user):
        return self._approves(obj, user)

    def locked_for_user(self, obj, user):
        # While in review only the approvers change the page, as with Wagtail's group approval.
        return not self._approves(obj, user)

    def user_can_lock(self, obj, user):
        return self._approves(obj, user)

    def get_actions(self, obj, user):
        if not self._approves(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_form_for_action(self, action):
        return ReviewCommentForm

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        return in_progress.filter(pk__in=self._moderated_state_ids(user, in_progress))

    def _moderated_state_ids(self, user, in_progress):
        """In-progress states of pages whose resolved approvers include `user`, in three queries."""
        # Approvers only ever come from the page's unit or a unit above it, so only
        # pages under the units where `user` holds an approving kind are candidates.
        approving_paths = Scope.for_user(user).approving_paths
        if not approving_paths:
            return []
        state_page_ids = dict(in_progress.values_list("pk", "workflow_state__object_id"))
        page_unit_paths = dict(
            HandbookPage.objects.filter(pk__in=[int(pk) for pk in state_page_ids.values()])
            .filter(subtrees_q(approving_paths))
            .values_list("pk", "owning_unit__path")
        )
        approvers = approvers_by_unit(self.role, set(page_unit_paths.values()))
        return [
            state_pk
            for state_pk, page_pk in state_page_ids.items()
            if user.pk in approvers.get(page_unit_paths.get(int(page_pk)), ())
        ]

    @classmethod
    def get_description(cls):
        return _("Holders of a role on the page's unit approve, or those of the nearest unit above that has one")


class UnitRoleTaskSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """Emails the resolved approvers when a page reaches a UnitRoleApprovalTask.

    Wagtail's own task notifier only knows group approval tasks (wagtail/admin/mail.py).
    """

    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(instance.task.specific, UnitRoleApprovalTask)

    def get_recipient_users(self, task_state, **kwargs):
        approver_ids = task_state.task.specific.approver_ids(task_state.workflow_state.content_object)
        recipients = get_user_model().objects.filter(pk__in=approver_ids)
        triggering_user = kwargs.get("user")
        return recipients.exclude(pk=triggering_user.pk) if triggering_user else recipients


# Signals hold receivers weakly: the notifier lives at module level.
unit_role_task_submission_notifier = UnitRoleTaskSubmissionNotifier()
task_submitted.connect(
    unit_role_task_submission_notifier, sender=TaskState, dispatch_uid="unit_role_task_submitted_email_notification"
)
