"""Keep `owning_unit` right when a subtree moves (create and copy go through save())."""

from django.dispatch import receiver

from wagtail.signals import post_page_move

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
