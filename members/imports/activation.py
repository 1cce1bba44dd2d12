"""One-time set-password links for imported members who have not activated their login.

The link is Django's password-reset confirmation: its token is derived from the current
password hash, so it stops working once the member sets a password (and after
PASSWORD_RESET_TIMEOUT)."""

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from members.models import Person, RoleKind


def members_awaiting_activation(unit):
    """Current members of `unit`'s subtree whose login has no usable password yet."""
    return (
        Person.objects.filter(
            roles__kind=RoleKind.MEMBER,
            roles__ended_on__isnull=True,
            roles__unit__path__startswith=unit.path,
            user__is_active=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .select_related("user")
        .order_by("card_number")
    )


def activation_link(user):
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
