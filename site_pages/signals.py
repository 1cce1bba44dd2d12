"""Keep `owning_unit` right when a subtree moves (create and copy go through save()), read a
stored file's text for search in the background, and start new generations of the page cache
(site_pages.page_cache) for what a change touches."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from site_pages.file_text import read_after_commit
from site_pages.models import HandbookPage, UnitPage
from site_pages.page_cache import SITES, TREE, bump, unit_generation


@receiver(post_page_move)
def reassign_owning_unit_after_move(sender, instance, **kwargs):
    if not issubclass(sender, HandbookPage) or issubclass(sender, UnitPage):
        # A moved unit keeps owning itself and its subtree.
        return
    new_owner_id = HandbookPage(path=instance.path).nearest_unit_id()
    subtree = HandbookPage.objects.filter(path__startswith=instance.path)
    units_inside = UnitPage.objects.filter(path__startswith=instance.path).values("pk")
    subtree.exclude(owning_unit_id__in=units_inside).update(owning_unit_id=new_owner_id)


@receiver(post_save, sender=get_document_model())
def read_text_of_saved_document(sender, instance, **kwargs):
    # The task does nothing when the file is the one already read (a title change, say).
    read_after_commit(instance)


def _changes_tree(page):
    """Whether a saved page shows beyond its unit's lists: units and pages with children give the
    titles and slugs of breadcrumbs, routes and the /me/ chain; a page outside any unit, the rest."""
    return isinstance(page, UnitPage) or page.numchild > 0 or getattr(page, "owning_unit_id", None) is None


@receiver(post_save)
def new_generation_after_save(sender, instance, **kwargs):
    # Every save: a publish, an unpublish, a page created live by code; a draft's save costs a miss.
    if not isinstance(instance, Page):
        return
    if _changes_tree(instance):
        bump(TREE)
    else:
        bump(unit_generation(instance.owning_unit_id))


@receiver(post_page_move)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=get_document_model())
@receiver(post_save, sender=get_document_model())
def new_tree_generation(sender, **kwargs):
    """A move changes paths, owners and Scopes; a restriction or a file changes what pages link to."""
    bump(TREE)


@receiver(post_delete)
def new_generation_after_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump(TREE)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def new_sites_generation(sender, **kwargs):
    bump(SITES)
