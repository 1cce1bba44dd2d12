"""A second factor for staff accounts: a code from an authenticator app (TOTP, django-otp), or one of
ten recovery codes, after the password.

Secretaries, deputies, editors, chief editors, committee members and superusers publish to
thousands and read a cell's opinions; with HANDBOOK_STAFF_SECOND_FACTOR on (the default, off
under `make run`) such an account reaches nothing, on the member site as in the admin, until the
session has confirmed a code. The first time, the person enrols: a QR code drawn here (segno, as
a data URI: no outside service sees the secret), the secret in text for typing in by hand, and
ten recovery codes shown once. A staff member of a unit above resets a lost factor; the reset is
written to the audit log and ends the person's sessions.

A session is confirmed when django-otp's `login` has stored the device in it. That is read from
the session alone, with no query per request; a reset or a lost role ends the sessions
(members.sessions), so no confirmed session outlives its device.
"""

from base64 import b32encode

import segno
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as confirm_session
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.log_actions import log

from members.models import Person, Role
from members.sessions import end_sessions_of
from site_pages.visibility import Scope

RECOVERY_CODES = 10
# What an unconfirmed staff session may still reach: the second-factor pages themselves, logging in
# and out, the language switch, and the files every page needs.
OPEN_PATHS = (
    "/accounts/",
    "/admin/login/",
    "/admin/logout/",
    "/i18n/",
    "/static/",
    "/favicon.ico",
    "/sw.js",
    "/manifest.json",
    "/offline/",
)
LOG_ACTIONS = {
    "members.person.second_factor_reset": (
        gettext_lazy("Reset the second factor"),
        gettext_lazy("Second factor reset"),
    ),
}


def needs_second_factor(user):
    if not settings.HANDBOOK_STAFF_SECOND_FACTOR or not user.is_authenticated:
        return False
    scope = Scope.for_user(user)
    return scope.everything or scope.admin_access


def is_confirmed(request):
    return request.session.get(DEVICE_ID_SESSION_KEY) is not None


class StaffSecondFactorMiddleware:
    """Send a staff session that has not confirmed a code to the second-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_PATHS) and needs_second_factor(request.user) and not is_confirmed(request):
            return redirect(f"{reverse('second_factor')}?next={request.get_full_path()}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("members:me")


def _recovery_device_matching(user, code):
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):  # a recovery code works once: django-otp deletes it
            return device
    return None


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@login_required
def second_factor(request):
    """Confirm a code, or enrol the first time."""
    next_url = _next_url(request)
    if not needs_second_factor(request.user) or is_confirmed(request):
        return redirect(next_url)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    form = CodeForm(request.POST or None)
    if device is not None:
        if form.is_valid():
            code = form.cleaned_data["code"]
            matched = device if device.verify_token(code) else _recovery_device_matching(request.user, code)
            if matched is not None:
                confirm_session(request, matched)
                return redirect(next_url)
            form.add_error("code", _("This code is not right. Wait for the next one, or use a recovery code."))
        return render(request, "members/second_factor.html", {"form": form, "next": next_url})
    return _enrol(request, form, next_url)


def _enrol(request, form, next_url):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(request.user)
            confirm_session(request, device)
            return render(request, "members/second_factor_codes.html", {"codes": codes, "next": next_url})
        form.add_error("code", _("This code is not right. Check the time on your phone and try the next one."))
    return render(
        request,
        "members/second_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
            "secret": b32encode(device.bin_key).decode(),
        },
    )


def may_reset_second_factor(user, person):
    """A staff member who manages people of a unit strictly above every unit the person is staff of."""
    scope = Scope.for_user(user)
    if scope.everything:
        return True
    staff_paths = list(
        Role.objects.current().with_admin_rights().filter(person=person).values_list("unit__path", flat=True)
    )
    return bool(staff_paths) and all(
        any(path.startswith(above) and path != above for above in scope.people_paths) for path in staff_paths
    )


def reset_second_factor(person, user):
    """Remove the person's devices, end their sessions and write it to the audit log."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person.user).delete()
        StaticDevice.objects.filter(user=person.user).delete()
        end_sessions_of([person.pk])
        log(person, "members.person.second_factor_reset", user=user, data={"full_name": person.full_name})


@login_required
@require_POST
def reset_view(request, person_id):
    """The admin's reset button (on the person's edit view); 404 for anyone else."""
    person = get_object_or_404(Person.objects.select_related("user"), pk=person_id)
    if not may_reset_second_factor(request.user, person):
        raise Http404
    reset_second_factor(person, request.user)
    messages.success(
        request,
        _("The second factor of %(name)s is reset: they enrol again at their next login.") % {"name": person.full_name},
    )
    return redirect("wagtailsnippets_members_person:edit", person.pk)
