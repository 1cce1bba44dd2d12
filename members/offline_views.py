"""The two doors of the offline web app: the member's pack list and the reads reported afterwards."""

import json

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from members.offline import parse_reports, record_reported_opens, sea_pack


def _refused():
    # JSON clients (the worker) get a plain 403, not the login page: a redirect would be cached as a page.
    return JsonResponse({"error": "login required"}, status=403)


@require_GET
@cache_control(private=True, no_store=True)
def pack(request):
    if not request.user.is_authenticated:
        return _refused()
    return JsonResponse(sea_pack(request.user, request))


@require_POST
@cache_control(private=True, no_store=True)
def report_reads(request):
    """Body: {"reads": [{"item": "page:12", "at": <phone time, ms since 1970>}, ...]}. CSRF-checked."""
    if not request.user.is_authenticated:
        return _refused()
    try:
        reports = json.loads(request.body or b"{}").get("reads", [])
    except (ValueError, AttributeError):
        return JsonResponse({"error": "bad request"}, status=400)
    return JsonResponse({"recorded": record_reported_opens(request.user, parse_reports(reports))})
