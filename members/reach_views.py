"""The meeting page's doors for the cell's secretary and deputies: remind those not reached, and mark
a member as informed in person (or take the mark back). Anyone else gets the same 404 as for a missing meeting."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from members.reach import (
    can_follow_reach,
    cell_members,
    mark_informed_in_person,
    remind_not_reached,
    unmark_informed_in_person,
)
from site_pages.models import MeetingPage
from site_pages.visibility import can_view


def _followed_meeting_or_404(user, meeting_id):
    meeting = get_object_or_404(MeetingPage.objects.live().select_related("owning_unit"), pk=meeting_id)
    if not can_view(user, meeting) or not can_follow_reach(user, meeting):
        raise Http404
    return meeting


def _back(meeting):
    return redirect(f"{meeting.url}#reach")


@login_required
@require_POST
def remind(request, meeting_id):
    meeting = _followed_meeting_or_404(request.user, meeting_id)
    if timezone.now() < meeting.documents_release_at:
        messages.error(request, _("The documents are not released yet: members cannot read them."))
        return _back(meeting)
    reminded = remind_not_reached(meeting)
    if reminded:
        messages.success(
            request,
            ngettext("%(count)d member reminded.", "%(count)d members reminded.", len(reminded))
            % {"count": len(reminded)},
        )
    else:
        messages.info(request, _("Nobody to remind: everyone was reached or reminded in the last 12 hours."))
    return _back(meeting)


class InformedForm(forms.Form):
    def __init__(self, meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ModelChoiceField(queryset=cell_members(meeting.owning_unit_id))


@login_required
@require_POST
def mark_informed(request, meeting_id):
    meeting = _followed_meeting_or_404(request.user, meeting_id)
    form = InformedForm(meeting, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a member of this cell."))
        return _back(meeting)
    person = form.cleaned_data["person"]
    if request.POST.get("undo"):
        unmark_informed_in_person(meeting, person, request.user)
        messages.success(
            request, _("%(name)s is no longer counted as informed in person.") % {"name": person.full_name}
        )
    else:
        mark_informed_in_person(meeting, person, request.user)
        messages.success(request, _("%(name)s is counted as informed in person.") % {"name": person.full_name})
    return _back(meeting)
