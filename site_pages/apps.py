from django.apps import AppConfig
from django.db import models
from django.utils.translation import gettext_lazy as _


class SitePagesConfig(AppConfig):
    name = "site_pages"
    verbose_name = _("Handbook pages")

    def ready(self):
        from wagtail.admin.forms.models import register_form_field_override

        from . import signals  # noqa: F401
        from .slugs import VietnameseSlugInput

        # Every slug field of the admin folds Vietnamese letters as the server does (site_pages.slugs);
        # here, before any admin form class is built (Wagtail's system checks build them).
        register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})
