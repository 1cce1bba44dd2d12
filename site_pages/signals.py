"""Keep `owning_unit` right when a subtree moves (create and copy go through save()), and read a
stored file's text for search in the background."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.signals import post_page_move

from site_pages.file_text import read_after_commit
from site_pages.models import HandbookPage, UnitPage


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
