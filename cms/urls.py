from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import (
    converters,  # noqa: F401  registers <id:...>, used here and in members.urls
    pwa,
)
from members import second_factor
from search import views as search_views
from site_pages import admin_doors, routing
from site_pages.documents import serve_document, serve_image_rendition
from site_pages.models.images import RENDITION_URL_NAME

urlpatterns = [
    # Scope checks in front of the Wagtail admin views that load objects before any hook runs.
    path("admin/", include(admin_doors.urlpatterns)),
    path(
        "admin/people/<id:person_id>/reset-second-factor/",
        second_factor.reset_view,
        name="person_reset_second_factor",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document serve view, marked private to caches; listed first so that it wins, with
    # Wagtail's own pattern so that no URL falls through to the unmarked one.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # Image renditions are checked like documents; MEDIA_URL is never served, not even in DEBUG,
    # so no file is reachable by its storage path.
    path("images/<id:rendition_id>/<str:filename>", serve_image_rendition, name=RENDITION_URL_NAME),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", pwa.LogoutView.as_view(), name="logout"),
    path("accounts/second-factor/", second_factor.second_factor, name="second_factor"),
    # Only the set-password steps of activation links (manage.py activation_links); no reset by email.
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("search/", search_views.search, name="search"),
    # The installable web app (cms/pwa.py): the worker at the root so that its scope is the whole site.
    path("manifest.json", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    # By name: members.urls uses <id:...>, registered by importing `converters` above.
    path("", include("members.urls")),
]

# Wagtail's page serving, its route found in one query (site_pages.routing), ahead of Wagtail's own pattern.
urlpatterns.append(re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"))
urlpatterns.append(path("", include(wagtail_urls)))
