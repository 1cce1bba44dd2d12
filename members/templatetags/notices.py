from django import template

from members.notices import unread_count

register = template.Library()


@register.simple_tag
def unread_notices(user):
    """The header's count: one query for a logged-in person, none for a visitor."""
    return unread_count(user) if user.is_authenticated else 0
