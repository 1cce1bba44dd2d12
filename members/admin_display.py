"""How the admin's inspect views show values: a person by their full name (Wagtail's
`get_user_display_name`, which reads the name Person.save keeps on the login), never the login's
username, and an empty value as a dash rather than Python's "None"."""

from django.contrib.auth import get_user_model

from wagtail.admin.utils import get_user_display_name

EMPTY = "—"


def user_name(instance, field_name):
    """For a listing column: the user in `field_name` by name, without the avatar (and its query) of
    Wagtail's UserColumn."""
    user = getattr(instance, field_name)
    return get_user_display_name(user) if user else ""


class ReadableInspectMixin:
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return EMPTY
        if isinstance(value, get_user_model()):
            return get_user_display_name(value)
        return value
