from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail import hooks

from site_pages.admin_scope import ScopedDocumentsAPIViewSet, ScopedImagesAPIViewSet, limit_to_admin_scope
from site_pages.documents import can_view_document, refuse_unseen
from site_pages.models import HandbookPage, UnitPage
from site_pages.visibility import can_view


@hooks.register("before_serve_page")
def enforce_visibility(page, request, serve_args, serve_kwargs):
    """The page door of the visibility rule: visitors log in, others get a 404 that
    does not reveal whether the page exists."""
    if not isinstance(page, HandbookPage) or can_view(request.user, page):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


@hooks.register("before_copy_page")
def refuse_copying_units(request, page):
    # Unit codes are unique and stable; a copied unit would be a second unit with no code.
    if isinstance(page.specific_deferred, UnitPage):
        messages.error(request, _("Organisation units cannot be copied; create a new unit instead."))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_serve_document")
def enforce_document_visibility(document, request):
    """The file door of the visibility rule (site_pages.documents.can_view_document)."""
    return None if can_view_document(request.user, document) else refuse_unseen(request)


@hooks.register("before_move_page")
def refuse_moves_without_rights(request, page_to_move, destination):
    """Wagtail's move confirmation checks rights only when the move is posted
    (MovePageAction); refuse the confirmation page too, so it reveals nothing."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser(pages, request):
    """The page chooser (browse, search, move and copy destinations) names only pages in the
    person's admin scope; the browsed parent itself is checked in site_pages.admin_doors."""
    return limit_to_admin_scope(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def limit_explorer(parent_page, pages, request):
    return limit_to_admin_scope(pages, request.user)


@hooks.register("construct_reports_menu")
def hide_superuser_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# After Wagtail's own hooks (order 0), which register the unscoped endpoints under the same names.
@hooks.register("construct_admin_api", order=1)
def scope_admin_api(router):
    router.register_endpoint("documents", ScopedDocumentsAPIViewSet)
    router.register_endpoint("images", ScopedImagesAPIViewSet)


# Wagtail's "What's new" and "Editor Guide" point to wagtail.org, in English, and nothing here links
# outside the site. They are also the help items whose labels Wagtail turns into text once per process,
# in whatever language was active then (the menu is built once), so they would ignore the reader's.
WAGTAIL_ORG_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def keep_help_on_the_site(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_ORG_HELP_ITEMS)]
