"""Rendered parts of the member pages kept in the page cache (site_pages.page_cache), under keys
built in Python.

`fragment_key` names a part by what it shows and the generations it depends on, so that code and
tests build the same key; the `{% fragment key %}` tag (site_pages.templatetags.fragments) adds the
active language and the request's site, gives the kept HTML on a hit and renders and keeps it on a
miss. A part costs no query and no rendering once kept; what it needs is read lazily, on a miss.

A part holds what everyone given the same key sees. A part that depends on what the person may
read carries `Scope.reading_key()` (one value for all members of a cell); a part that depends on the
time carries its effect (the documents released or not). Never a CSRF token, the viewer's name or
per-person state (unread counts, own comments, read marks): those stay outside the parts, filled
in per request. `render_fragment` refuses to keep a part holding a CSRF field, and never keeps a
preview's (a draft is not what members read).
"""

from django.utils.translation import get_language

from wagtail.models import Site

from site_pages.page_cache import TREE, cache_key, keep, read

CSRF_FIELD = 'name="csrfmiddlewaretoken"'


class FragmentHoldsCsrfToken(Exception):
    """A template put a `{% csrf_token %}` inside a kept part; it would reach other people."""


def fragment_key(what, generations, *parts):
    """The key of the part `what` for `parts`, kept until the tree or one of `generations` changes."""
    return cache_key(f"fragment:{what}", [TREE, *generations], *parts)


def render_fragment(key, request, render):
    """The HTML of the part under `key`, from the page cache or from `render()` (then kept). A template
    tag's output goes into the page as it is (only variables are escaped), so no mark_safe is needed."""
    # No key (None, or a template variable that is not set) keeps nothing.
    if not key or request is None or getattr(request, "is_preview", False):
        return render()
    full_key = as_shown_in(key, request)
    html = read(full_key)
    if html is None:
        html = checked(render(), key)
        keep(full_key, html)
    return html


def as_shown_in(key, request):
    """`key` for the request's language and site: the same part differs in each."""
    site = Site.find_for_request(request)  # held on the request (site_pages.routing.CachedSiteMiddleware)
    return f"{key}:{get_language()}:{site.pk if site else '-'}"


def checked(html, key):
    """`html`, refused if it holds a CSRF field: a kept part reaches other people."""
    if CSRF_FIELD in html:
        raise FragmentHoldsCsrfToken(key)
    return str(html)
