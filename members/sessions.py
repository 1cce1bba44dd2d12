"""A person's sessions end when they lose a role, as Django ends them when the password changes.

A role carries power (a secretary reads a cell's opinions, an editor publishes to thousands);
losing it must not leave a phone somewhere still logged in with whatever it had open. Each person
has a counter, `Person.session_generation`, bumped when one of their roles is ended or deleted, or
a staff role is given (a member's long session must not carry staff rights, members.signals); a
session remembers the counter it started with and ends when they differ. The person comes with
the user in the one query that authentication makes anyway (`HandbookBackend`), so the check
costs nothing and never scans the session table.
"""

from django.contrib.auth import get_user_model, logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from members.models import ROLE_KINDS, Person

SESSION_GENERATION = "handbook_session_generation"


class HandbookBackend(ModelBackend):
    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("person").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def person_of(user):
    """The user's profile if loaded with them or existing, else None (a superuser may have none)."""
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


@receiver(user_logged_in)
def remember_session_generation(sender, request, user, **kwargs):
    # Read from the table: the user object at hand may carry a person loaded before a role changed.
    if request is not None and hasattr(request, "session"):
        generation = Person.objects.filter(user_id=user.pk).values_list("session_generation", flat=True).first()
        request.session[SESSION_GENERATION] = generation or 0


class EndSessionsOfLostRolesMiddleware:
    """Log out a session started before its person lost a role (listed after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            person = person_of(user)
            if person is not None and request.session.get(SESSION_GENERATION, 0) != person.session_generation:
                logout(request)
        return self.get_response(request)


def end_sessions_of(person_ids):
    Person.objects.filter(pk__in=person_ids).update(session_generation=F("session_generation") + 1)


def ends_sessions(role, *, created, deleted):
    """Whether this save or delete of `role` ends its person's sessions: a role taken away, or one
    given that opens the admin (the next session gets the staff's shorter life and second factor)."""
    if deleted or (role.ended_on is not None and role.ended_on <= timezone.localdate()):
        return True
    return created and ROLE_KINDS[role.kind].admin_access
