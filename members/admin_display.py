"""How the admin's inspect views show values: a person by their full name (Wagtail's
`get_user_display_name`, which reads the name Person.save keeps on the login), never the login's
username, and an empty value as a dash rather than Python's "None"."""

from django.contrib.auth import get_user_model

from wagtail.admin.utils import get_user_display_name

EMPTY = "—"


class ReadableInspectMixin:
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return EMPTY
        if isinstance(value, get_user_model()):
            return get_user_display_name(value)
        return value
