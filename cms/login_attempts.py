"""The username django-axes records for a failed login, cut to fit its column.

Axes stores the username as typed, and a longer one than `AccessAttempt.username` holds is a
500 on PostgreSQL (https://github.com/jazzband/django-axes/issues/1381). Its documented hook
for reading the username, AXES_USERNAME_CALLABLE, cuts it as the proposed upstream fix does;
no real username is that long, so the cut merges no real person's attempts.
"""

from axes.models import AccessAttempt

from django.conf import settings

USERNAME_MAX_LENGTH = AccessAttempt._meta.get_field("username").max_length


def attempted_username(request, credentials=None):
    """Axes' own rule (the credentials given to authenticate(), else the POSTed field), cut to fit."""
    username = (credentials or request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return None if username is None else username[:USERNAME_MAX_LENGTH]
