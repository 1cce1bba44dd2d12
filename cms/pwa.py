"""The installable web app (issue 11): the manifest, the service worker and the offline page.

The worker is a template (cms/templates/sw.js) so that it knows the hashed static names and the
project's URLs; it is served at the site root so that its scope is the whole site, with
`Cache-Control: no-cache` so that browsers check for a new version on every navigation
(https://web.dev/articles/service-worker-lifecycle#updates). Service workers need a secure
context: HTTPS in production, or 127.0.0.1/localhost.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from members.offline import MAX_REPORTED
from members.reading import BACKGROUND_HEADER

THEME_COLOUR = "#a1161b"
BACKGROUND_COLOUR = "#f6f4f0"
MANIFEST_CONTENT_TYPE = "application/manifest+json"


@require_GET
@cache_control(max_age=24 * 60 * 60)
def manifest(request):
    data = {
        "name": _("Party-member handbook"),
        "short_name": _("Handbook"),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("members:me"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size in (192, 512)
        ]
        + [{"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"}],
    }
    return JsonResponse(data, content_type=MANIFEST_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    context = {
        "background_header": BACKGROUND_HEADER,
        "max_reported": MAX_REPORTED,
        "refresh_seconds": settings.OFFLINE_REFRESH_SECONDS,
    }
    return render(request, "sw.js", context, content_type="text/javascript; charset=utf-8")


@require_GET
@cache_control(max_age=24 * 60 * 60)
def favicon(request):
    """Browsers ask `/favicon.ico` on their own (beside a file, a feed, JSON): the handbook's icon."""
    return redirect(static("icons/favicon.ico"))


@require_GET
def offline(request):
    """Shown by the worker for a page that is not kept on the phone while there is no link."""
    return render(request, "offline.html")


class LogoutView(auth_views.LogoutView):
    """Logging out on a shared phone leaves nothing of the account in the browser: its caches, its
    storage (the offline pack, opinions waiting to be sent) and the service worker go too.
    https://www.w3.org/TR/clear-site-data/ (needs a secure context, as the worker does)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
