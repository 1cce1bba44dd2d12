from django import template

from members.offline import file_limit

register = template.Library()


@register.filter
def too_big_for_pack(document):
    """A file the phone keeps only when the member taps "save to read offline" (members.offline)."""
    return document.file_size is not None and document.file_size > file_limit()
