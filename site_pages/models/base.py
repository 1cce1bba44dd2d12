"""The concrete base of every handbook page: owning unit and public flag.

A concrete (multi-table) base rather than an abstract one, so that one table holds
`owning_unit` and `is_public` for every page type and the visibility rule is a
single indexed filter over all of them (DESIGN.md, "The organisation is the page tree").
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction
from wagtail.search import index

from search.folding import normalized
from site_pages.fragments import fragment_key
from site_pages.models.files import DocumentText, TextStatus
from site_pages.page_cache import PUBLIC_PAGES, bump, cached, unit_generation
from site_pages.slugs import HandbookCopyForm, HandbookPageForm, free_slug
from site_pages.visibility import Scope, ancestor_paths

PAGE_CONTEXT_HOOK = "handbook_page_context"


class HandbookPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Live pages `user` may read. The one rule, see site_pages.visibility."""
        return self.live().filter(Scope.for_user(user).q())


HandbookPageManager = PageManager.from_queryset(HandbookPageQuerySet)


class HandbookPage(Page):
    owning_unit = models.ForeignKey(
        "site_pages.UnitPage",
        verbose_name=_("owning unit"),
        null=True,
        editable=False,
        # Owned pages sit in the unit's subtree and are deleted with it; SET_NULL is what
        # Wagtail's tree storage requires of page foreign keys (check wagtailcore.W001).
        on_delete=models.SET_NULL,
        related_name="owned_pages",
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public pages can be read by anyone, without logging in."),
    )

    objects = HandbookPageManager()
    base_form_class = HandbookPageForm
    copy_form_class = HandbookCopyForm

    is_creatable = False
    # Shown among the newest pages of its level on /me/ (news and official documents).
    listed_on_member_page = False
    exclude_fields_in_copy = ["owning_unit"]
    settings_panels = [FieldPanel("is_public"), *Page.settings_panels]
    # An accent-free copy of the text, so that `nghi quyet` finds `Nghị quyết` (search/folding.py).
    search_fields = [*Page.search_fields, index.SearchField("folded_text")]

    class Meta:
        verbose_name = _("handbook page")
        indexes = [models.Index(fields=["owning_unit", "is_public"])]

    def save(self, *args, **kwargs):
        if self._state.adding or self.owning_unit_id is None:
            self.owning_unit_id = self.nearest_unit_id()
        # A draft revision saves only some columns (update_fields) and leaves the live page as it is;
        # a full save (create, publish, unpublish, import) changes what members read and find.
        full_save = kwargs.get("update_fields") is None
        # Kept search results of every unit's readers hold the public pages; one that stops being
        # public must leave them too.
        was_public = (
            full_save
            and not self.is_public
            and not self._state.adding
            and HandbookPage.objects.filter(pk=self.pk, is_public=True).exists()
        )
        super().save(*args, **kwargs)
        if full_save:
            PageText.store(self)
            if self.is_public or was_public:
                bump(PUBLIC_PAGES)

    def full_clean(self, *args, **kwargs):
        self.derive_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self.derive_slug()
        super().minimal_clean()

    def derive_slug(self):
        """A page saved in the tree without a slug gets the Vietnamese one (site_pages.slugs), before
        Wagtail would derive its own with Django's slugify, which drops `đ`."""
        if not self.slug and self.title and self.path:
            parent = self.get_parent()
            if parent is not None:
                self.slug = free_slug(parent, self.title, page=self)

    def nearest_unit_id(self):
        """The unit page closest above this page (itself excluded), by path, in one query."""
        return (
            HandbookPage.objects.filter(path__in=ancestor_paths(self.path)[:-1], unitpage__isnull=False)
            .order_by("-depth")
            .values_list("pk", flat=True)
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        """Member features add what they show on a page through the `handbook_page_context`
        hook (a function of page and request returning a dict), so pages never call up into them."""
        context = super().get_context(request, *args, **kwargs)
        ancestors = self.handbook_ancestors()
        scope = Scope.for_user(request.user)
        # The pages above this one that the person may read (`visible_to`, checked in memory), drawn as
        # a kept part: their titles change with the tree, this page's title with its unit's generation.
        context["breadcrumbs"] = [page for page in ancestors if page.live and scope.allows(page)]
        context["breadcrumbs_fragment"] = fragment_key(
            "breadcrumbs", [unit_generation(self.owning_unit_id)], self.pk, scope.reading_key()
        )
        owner = next((page.unitpage for page in ancestors if page.pk == self.owning_unit_id), None)
        if owner is not None:
            HandbookPage.owning_unit.field.set_cached_value(self, owner)
        for add_context in hooks.get_hooks(PAGE_CONTEXT_HOOK):
            context.update(add_context(self, request))
        return context

    def handbook_ancestors(self):
        """The handbook pages above this one, top first, each with its unit row if it is one; kept in
        the page cache until the tree changes (their titles, slugs, flags and places)."""
        return cached(
            "ancestors",
            [],
            [self.pk, self.path],
            lambda: list(HandbookPage.objects.ancestor_of(self).select_related("unitpage").order_by("depth")),
        )

    def get_view_restrictions(self):
        # Wagtail's privacy check costs two queries per page view; the handbook's own rule is
        # `visible_to`, and while no page carries a Wagtail restriction none can apply.
        if not cached("restricted", [], [], lambda: PageViewRestriction.objects.exists()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def with_content_json(self, content):
        # A revision saved before a move must not bring back the old owning unit.
        obj = super().with_content_json(content)
        obj.owning_unit_id = self.owning_unit_id
        return obj

    def text_to_fold(self):
        """The texts indexed without accents: the title first, then what page types add."""
        return [self.title]

    def document_number(self):
        """The number/symbol an official document is known by (35-NQ/TW); other pages have none."""
        return ""

    def files_to_fold(self):
        """(ids of files found with the page, ids of files found only where the person sees them).

        An official document's attachments follow their page; a meeting's study files count from the
        meeting's release (MeetingPage.documents_visible_q). Other pages have none."""
        return [], []

    def folded_text(self):
        """Folded words split at punctuation (search.folding.normalized), as search splits the query."""
        return normalized(" ".join(text for text in self.text_to_fold() if text))


# What `PageText.for_page` derives from a page (all but the key).
STORED_FIELDS = ("number", "printed_number", "title", "body", "words", "study_words")


class PageText(models.Model):
    """What search ranks a page by and quotes from: its number and title as folded words, its other
    text as written (with accents, for the snippet). One row per page, written by `HandbookPage.save`.

    A table of its own rather than columns on `HandbookPage`, whose narrow rows every visibility
    filter reads. Ranking on these columns (search/query.py) is plain SQL, identical on SQLite and
    PostgreSQL, and does not depend on how a search backend scores.
    """

    page = models.OneToOneField(
        HandbookPage, primary_key=True, on_delete=models.CASCADE, related_name="search_text", editable=False
    )
    # Folded words joined by spaces: `35 nq tw`; an exact number is an indexed equality.
    number = models.CharField(max_length=100, blank=True, db_index=True)
    printed_number = models.CharField(max_length=100, blank=True)
    # Folded words with a space on either side, so that ` nghi quyet ` matches whole words only.
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # What the page is found by, as folded words: its own text and its attachments' text; and, apart,
    # a meeting's study files. Matched through the full-text index keyed by page id (search/fulltext.py),
    # so that a search never goes through Wagtail's index entries nor the attachment tables.
    words = models.TextField(blank=True)
    study_words = models.TextField(blank=True)

    class Meta:
        verbose_name = _("searchable text of a page")

    def __str__(self):
        return self.title.strip()

    @classmethod
    def for_page(cls, page):
        """The row for `page` (its specific instance), unsaved."""
        number = page.document_number()
        texts = [text for text in page.text_to_fold() if text and text != number]
        files, study = page.files_to_fold()
        file_texts = {}
        if files or study:
            indexed = DocumentText.objects.filter(document_id__in=[*files, *study], status=TextStatus.INDEXED)
            file_texts = dict(indexed.values_list("document_id", "text"))
        return cls(
            page_id=page.pk,
            number=normalized(number)[:100],
            printed_number=number[:100],
            title=f" {normalized(page.title)} ",
            body="\n".join(texts[1:]),
            words="\n".join([page.folded_text(), *(normalized(file_texts[pk]) for pk in files if pk in file_texts)]),
            study_words="\n".join(normalized(file_texts[pk]) for pk in study if pk in file_texts),
        )

    @classmethod
    def store(cls, page):
        row = cls.for_page(page)
        cls.objects.update_or_create(page_id=page.pk, defaults={field: getattr(row, field) for field in STORED_FIELDS})

    @classmethod
    def store_for_files(cls, document_ids):
        """Store again the rows of the pages that attach or give to study these files (their text was read anew)."""
        linked = Q(officialdocumentpage__attachments__document_id__in=document_ids) | Q(
            meetingpage__study_documents__document_id__in=document_ids
        )
        pages = list(HandbookPage.objects.filter(linked).distinct().specific())
        for page in pages:
            cls.store(page)
        # What these pages are found by changed without a save of theirs: kept search results go.
        changed = {unit_generation(page.owning_unit_id) for page in pages if page.owning_unit_id}
        if any(page.is_public for page in pages):
            changed.add(PUBLIC_PAGES)
        bump(*changed)


class PageTextVector(models.Model):
    """PostgreSQL only: the full-text vectors of a `PageText` row, in a narrow table of their own that
    triggers keep in step with `site_pages_pagetext` (migration 0006, which creates it; search/fulltext.py).

    Unmanaged, as the table and its triggers exist on PostgreSQL only; never written from Python. No
    relation to the page either, so that nothing else (deletion, serialisation) ever reads it.
    """

    page_id = models.IntegerField(primary_key=True)
    title = SearchVectorField()
    words = SearchVectorField()
    study_words = SearchVectorField()

    class Meta:
        managed = False
        db_table = "site_pages_pagetext_tsv"

    def __str__(self):
        return str(self.page_id)
