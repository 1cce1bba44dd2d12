from django.core.paginator import Paginator
from django.shortcuts import render

from site_pages.models import HandbookPage

RESULTS_PER_PAGE = 20


def search(request):
    """Search over what the person may read only: the visibility rule filters first."""
    query = request.GET.get("q", "").strip()
    results = Paginator([], RESULTS_PER_PAGE).page(1)
    if query:
        visible_ids = HandbookPage.objects.visible_to(request.user).values("pk")
        matches = HandbookPage.objects.filter(pk__in=visible_ids).search(query)
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "pages/search.html", {"query": query, "results": results})
