from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from search.folding import stream_text
from site_pages.rich_text import CleanRichTextBlock

from .base import HandbookPage
from .units import UNIT_PAGE_TYPES


class NewsArticlePage(HandbookPage):
    listed_on_member_page = True
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
            ("paragraph", CleanRichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph"))),
            ("quote", blocks.BlockQuoteBlock(label=_("Quote"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    is_creatable = True
    parent_page_types = [*UNIT_PAGE_TYPES, "site_pages.NewsIndexPage"]
    subpage_types = []
    content_panels = [*HandbookPage.content_panels, FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*HandbookPage.search_fields, index.SearchField("summary"), index.SearchField("body")]
    template = "pages/news_article_page.html"

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def text_to_fold(self):
        return [*super().text_to_fold(), self.summary, *stream_text(self.body)]
