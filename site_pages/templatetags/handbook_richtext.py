from django import template

from site_pages.rich_text import render_rich_text

register = template.Library()


@register.filter
def clean_richtext(source):
    """Wagtail's `richtext` filter, cleaned after expansion (site_pages.rich_text)."""
    return render_rich_text(source)
