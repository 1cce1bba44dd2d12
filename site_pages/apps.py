from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitePagesConfig(AppConfig):
    name = "site_pages"
    verbose_name = _("Handbook pages")

    def ready(self):
        from . import signals  # noqa: F401
