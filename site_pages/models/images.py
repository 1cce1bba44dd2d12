"""The handbook's image model (WAGTAILIMAGES_IMAGE_MODEL): renditions are served through Django.

Wagtail's default rendition URL is the file's storage URL, reachable by anyone who has it.
Here a rendition's `url` points to `site_pages.documents.serve_image_rendition`, which applies
the documents' rule (`can_view_image`), so an image used on a members-only page never leaks.
Original files are never linked and MEDIA_URL is not served (cms/urls.py).
https://docs.wagtail.org/en/stable/advanced_topics/images/custom_image_model.html
"""

import os

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image

RENDITION_URL_NAME = "handbook_image_rendition"


class HandbookImage(AbstractImage):
    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class HandbookRendition(AbstractRendition):
    image = models.ForeignKey(HandbookImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        return reverse(RENDITION_URL_NAME, args=[self.pk, os.path.basename(self.file.name)])
