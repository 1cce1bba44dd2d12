"""What the Wagtail admin may name to a person: the admin form of the visibility rule for pages
(`Scope.admin_q`), and for any other model what its registered permission policy lets the person
act on (https://docs.wagtail.org/en/stable/extending/permission_policies.html).

Wagtail's generic chooser views and the admin API's document and image endpoints read their
models whole; the scoped versions here narrow them to that scope.
"""

from django.http import Http404

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser

from site_pages.admin_labels import TranslatedSnippetChooserViewSet
from site_pages.visibility import pages_in_admin_scope

# Every action a permission policy may grant on a non-page model.
ANY_ACTION = ["add", "change", "delete", "choose", "view", "publish", "unlock"]
# The largest primary key a bigint column holds; a larger id can name nothing.
MAX_ID = 2**63 - 1


def parse_ids(values):
    try:
        ids = {int(value) for value in values}
    except ValueError as error:
        raise Http404 from error
    if any(not 0 < pk <= MAX_ID for pk in ids):
        raise Http404
    return ids


def objects_in_admin_scope(user, model):
    """The instances of `model` that admin screens may name to `user`."""
    if issubclass(model, Page):
        return pages_in_admin_scope(user)
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ANY_ACTION)


def limit_to_admin_scope(objects, user):
    """`objects` narrowed to the admin scope by primary key, which every search backend can filter on."""
    if user.is_superuser:
        return objects
    return objects.filter(pk__in=objects_in_admin_scope(user, objects.model).values("pk"))


def require_in_scope(user, model, ids):
    if user.is_superuser:
        return
    named = model._default_manager.filter(pk__in=ids)
    if named.exclude(pk__in=objects_in_admin_scope(user, model).values("pk")).exists():
        raise Http404


class ScopedObjectListMixin:
    def get_object_list(self):
        return limit_to_admin_scope(super().get_object_list(), self.request.user)


class ScopedChooseView(ScopedObjectListMixin, snippet_chooser.ChooseView):
    pass


class ScopedChooseResultsView(ScopedObjectListMixin, snippet_chooser.ChooseResultsView):
    pass


class ScopedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        (pk,) = parse_ids([pk])
        return limit_to_admin_scope(self.model_class.objects.all(), self.request.user).get(pk=pk)


class ScopedChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return limit_to_admin_scope(self.model_class.objects.filter(pk__in=parse_ids(pks)), self.request.user)


class ScopedSnippetChooserViewSet(TranslatedSnippetChooserViewSet):
    """A snippet's chooser lists and returns only what the person's permission policy covers;
    Wagtail's generic chooser views read `model.objects` whole."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class ScopedQuerysetMixin:
    def get_queryset(self):
        return limit_to_admin_scope(super().get_queryset(), self.request.user)


class ScopedDocumentsAPIViewSet(ScopedQuerysetMixin, DocumentsAdminAPIViewSet):
    pass


class ScopedImagesAPIViewSet(ScopedQuerysetMixin, ImagesAdminAPIViewSet):
    pass
