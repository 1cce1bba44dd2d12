import time

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings
from django.utils.cache import patch_cache_control


class IgnoreBrowserLanguageMiddleware:
    """The handbook speaks Vietnamese unless the person picks another language with the switch.

    Many members' phones are set to English; Django's LocaleMiddleware would follow the
    browser's Accept-Language, so it is dropped before LocaleMiddleware reads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


SESSION_REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Slide a session's idle expiry forward at most once every SESSION_REFRESH_SECONDS.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) turned each page view into a
    database write, and a burst of members into a burst of writes (issue 7). The session still
    ends SESSION_COOKIE_AGE after its last refresh, so at most the refresh interval early.
    Listed below SessionMiddleware, which saves the session this marks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.session_key is None and not session.modified:
            return response  # a visitor without a session: never start one here
        now = int(time.time())
        # A short idle window set for trying things out must still be refreshed before it ends.
        interval = min(settings.SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2)
        refreshed_at = session.get(SESSION_REFRESHED_AT, 0)
        # Empty after logout or when the cookie named an expired session: nothing to keep.
        if not session.is_empty() and (session.modified or now - refreshed_at >= interval):
            session[SESSION_REFRESHED_AT] = now
        return response


class PrivateForMembersMiddleware:
    """What a logged-in person is shown is theirs: no shared cache (a proxy, a carrier's) may keep it.

    Responses that already say how to cache them (the worker, the manifest, static files) keep that.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response


class HandbookContentPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: the strict one (CONTENT_SECURITY_POLICY) for the member site,
    and ADMIN_CONTENT_SECURITY_POLICY for the Wagtail admin, which needs inline styles and frames
    its own previews. A view's own decorator still wins."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            admin_policy = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            return PolicyParts(admin_policy, parts.update, parts.replace, parts.nonce)
        return parts


def holding_a_dict_per_request(variable, doc):
    """A middleware class that gives the ContextVar `variable` a fresh dict for each request (what the
    request has read once and reads again), and takes it back after the response."""

    class Middleware:
        __doc__ = doc

        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            token = variable.set({})
            try:
                return self.get_response(request)
            finally:
                variable.reset(token)

    return Middleware
