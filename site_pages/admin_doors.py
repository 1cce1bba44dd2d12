"""Views in front of Wagtail admin views, at the same addresses: gates for those that would otherwise
name objects outside a person's scope, and a report that would name people by their login name.

Wagtail loads some objects before asking any hook: the page chooser's browse view loads the
browsed parent with a plain lookup, and the bulk-action confirmation (GET) lists every object
named in the URL by title, even those the person may not act on (its `before_bulk_action`
hook runs only on the POST). These views are mounted in front of Wagtail's own, at the same
addresses (cms/urls.py), check the scope (site_pages.admin_scope), then hand over to Wagtail's
view unchanged. This module is imported by the URL configuration only: it loads Wagtail's admin
URLs, which load every app's wagtail_hooks.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, re_path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from site_pages.admin_scope import parse_ids, require_in_scope


def browse_pages(request, parent_page_id):
    """The page chooser's browse view, for parents within the person's admin scope only."""
    (parent_page_id,) = parse_ids([parent_page_id])
    require_in_scope(request.user, Page, [parent_page_id])
    return chooser.BrowseView.as_view()(request, parent_page_id=parent_page_id)


def bulk_action(request, app_label, model_name, action):
    """One gate for every registered bulk action, GET and POST: each object named by `id`, or
    every object `id=all` stands for, must be within scope before Wagtail loads any of them."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    values = request.GET.getlist("id")
    if "all" in values:
        parent_id = request.GET.get("childOf")
        if parent_id is not None:
            (parent_id,) = parse_ids([parent_id])
            # Wagtail's page listing query fails on a parent that does not exist.
            if not Page.objects.filter(pk=parent_id).exists():
                raise Http404
            require_in_scope(request.user, Page, [parent_id])
        ids = list(action_class(request, model).get_all_objects_in_listing_query(parent_id))
    else:
        ids = parse_ids(values)
    require_in_scope(request.user, model, ids)
    return wagtail_bulk_action(request, app_label, model_name, action)


class PageTypesUsageForSuperusersView(PageTypesUsageReportView):
    """Wagtail's page types report names the last edited page of each type across the whole
    site, drafts included, whoever asks; it describes the site's structure, so only
    superusers see it (its menu item is hidden from others in site_pages.wagtail_hooks)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AgingPagesByNameView(AgingPagesView):
    """Wagtail's aging pages report, with each page's last publisher named as the rest of the admin
    names people (`get_user_display_name`: their full name), not by `get_username()`."""

    def decorate_paginated_queryset(self, queryset):
        publisher_ids = {page.last_published_by for page in queryset} - {None}
        names = {user.pk: get_user_display_name(user) for user in self.user_model.objects.filter(pk__in=publisher_ids)}
        for page in queryset:
            self.add_last_publisher_name_to_page(names, page)
        return queryset


# Decorated as Wagtail decorates its own admin URLs (wagtail/admin/urls/__init__.py).
urlpatterns = decorate_urlpatterns(
    [
        # Named as Wagtail names them: reverse() gives the same addresses either way.
        re_path(r"^choose-page/(?P<parent_page_id>[0-9]+)/$", browse_pages, name="wagtailadmin_choose_page_child"),
        path("bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_action, name="wagtail_bulk_action"),
        path("reports/page-types-usage/", PageTypesUsageForSuperusersView.as_view()),
        path("reports/page-types-usage/results/", PageTypesUsageForSuperusersView.as_view(results_only=True)),
        path("reports/aging-pages/", AgingPagesByNameView.as_view()),
        path("reports/aging-pages/results/", AgingPagesByNameView.as_view(results_only=True)),
    ],
    require_admin_access,
)
urlpatterns = decorate_urlpatterns(urlpatterns, display_custom_404)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
