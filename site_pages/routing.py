"""Wagtail's page serving with the page found by its `url_path` in one query, not one per segment.

Wagtail's `Page.route` walks the path from the site's root, two queries per segment (the child,
then its specific row): eleven for a cell's meeting. Here the path's page id, type and owning unit
come from the page cache (site_pages.page_cache, one `url_path` lookup on a miss), and so does the
page itself, kept under its unit's generation: every save of a page starts a new one (of its unit,
or of the tree; site_pages.signals), so what is served is always the page as last saved. A moved,
renamed or unpublished page no longer matches its old path and falls back to Wagtail's walk, which
answers as before. The visibility hooks then check the page served, and since the kept page is the
current one, no cached route or page lets anything be seen that the database would refuse.

Wagtail keeps the route it found on the request (`request._wagtail_route_for_request`, see
`Page.route_for_request`) and its serve view reads it from there; this view fills it in first.
tests/site_pages/test_page_cache.py pins the queries of a served page, so a Wagtail that stops
reading it fails there.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port

from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from site_pages.page_cache import SITES, TREE, cache_key, keep, read, unit_generation


def _site_root_path(request, site):
    # Held on the request where Wagtail looks for it (`Page._get_site_root_paths`), so that the
    # served page's URLs do not read it from the cache again.
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    return next((root.root_path for root in request._wagtail_cached_site_root_paths if root.site_id == site.pk), None)


def find_route(request, path):
    """Wagtail's RouteResult for `path`, or None to leave it to Wagtail's own walk."""
    site = Site.find_for_request(request)
    root_path = site and _site_root_path(request, site)
    if root_path is None:
        return None
    parts = [part for part in path.split("/") if part]
    url_path = root_path + "".join(f"{part}/" for part in parts)
    route_key = cache_key("route", [TREE], site.pk, url_path)
    route = read(route_key)  # (page id, content type id, owning unit id): a move changes the tree
    page = None
    if route is None:
        # Wagtail does not index `url_path`; the last slug (a SlugField, indexed) narrows it to a few rows.
        lookup = {"url_path": url_path, **({"slug": parts[-1]} if parts else {})}
        found = Page.objects.filter(**lookup).values_list("pk", "content_type_id").first()
        page = _current_page(*found, url_path) if found else None
        if page is None:
            return None  # not kept: made-up paths would fill the cache
        route = (*found, getattr(page, "owning_unit_id", None))
        keep(route_key, route)
    page_id, content_type_id, owner_id = route
    # A page outside any unit (or a unit itself) starts a new tree generation when saved.
    page_key = cache_key("page", [TREE, *([unit_generation(owner_id)] if owner_id else [])], page_id)
    if page is not None:
        keep(page_key, page)  # just read to find the route
    else:
        page = read(page_key)
        if page is None:
            page = _current_page(page_id, content_type_id, url_path)
            if page is None:
                return None
            keep(page_key, page)
    try:
        return page.route(request, [])
    except Http404:
        return None


def _current_page(page_id, content_type_id, url_path):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=page_id, url_path=url_path).first() if model else None


def site_key(request):
    """The page cache's key of the request's site: its host and port, under the `sites` generation."""
    hostname = split_domain_port(request._get_raw_host())[0]
    return cache_key("site", [TREE, SITES], hostname, request.get_port())


class CachedSiteMiddleware:
    """Hands Wagtail the request's site and the sites' root paths from the page cache: Wagtail asks the
    database for the site on every request (one query whose building costs more than a small page's
    rendering) and its own cache for the root paths whenever it builds a page's URL. Wagtail keeps
    both on the request (`request._wagtail_site`, see `Site.find_for_request`;
    `request._wagtail_cached_site_root_paths`, see `Page._get_site_root_paths`) and reads them from
    there. Both change only with a site or a root page's slug, so under the `sites` and `tree`
    generations; a site Wagtail had to look up is kept for the next requests, and a request that
    needs no site (a plain Django page) never asks for one. The query pins of the member pages and
    tests/site_pages/test_page_cache_round_trips.py fail if a Wagtail stops reading them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = site_key(request)
        held = read(key)  # (the site or None, the root paths)
        if held is not None:
            request._wagtail_site, request._wagtail_cached_site_root_paths = held
        response = self.get_response(request)
        if held is None and hasattr(request, "_wagtail_site"):
            keep(key, (request._wagtail_site, Site.get_site_root_paths()))
        return response


def serve(request, path):
    if not hasattr(request, "_wagtail_route_for_request"):
        route = find_route(request, path)
        if route is not None:
            request._wagtail_route_for_request = route
    return wagtail_serve(request, path)
