from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.contrib.auth import get_user_model

        from wagtail.admin.utils import get_user_display_name

        from . import signals  # noqa: F401

        # People are named by their full name, never their login name (issue 14). Wagtail does so
        # itself in most places (`get_user_display_name`, reading the name Person.save keeps on the
        # login), but its report filters, exports and "Locked by" notes print the user as text, which
        # Django's User gives as the username; the same name everywhere, from the one function.
        get_user_model().__str__ = get_user_display_name
