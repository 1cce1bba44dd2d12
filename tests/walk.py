"""Walking the site as a person does: from a few start pages, every link they are shown, once per screen."""

import fnmatch
import re
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

from wagtail.models import Page

from tests.english_ui import read_html

# Admin screens not walked: leaving, and previews (their own walk is the page's).
SKIPPED_ADMIN_SCREENS = ("wagtailadmin_logout", "*preview*", "wagtailadmin_pages:view_draft")
# Screens whose words change with the person's rights (what they may do here): walked for each person.
PERSONAL_SCREENS = ("wagtailadmin_home", "wagtailadmin_explore", "wagtailadmin_pages:edit", "wagtailadmin_pages:add")
# Member-site paths not walked: files and feeds (not HTML), leaving, switching the language.
# The admin's menu is drawn by JavaScript from JSON; its links are followed too.
MENU_LINK = re.compile(r'"url": "(/admin/[^"]*)"')
SKIPPED_SITE_PATHS = ("/admin/*", "/accounts/logout/*", "/i18n/*", "/documents/*", "/images/*", "*.ics", "*.json")


def walk(client, starts, screen, seen):
    """Open `starts`, then each link whose `screen(path)` is a screen not in `seen` yet (a set,
    shared between walks that should not repeat each other). Return {url: English strings} of
    every HTML page answered with 200."""
    queue = list(starts)
    found = {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        content = response.content.decode()
        english, links = read_html(content)
        found[url] = english
        for link in links + MENU_LINK.findall(content):
            parts = urlsplit(urljoin(url, link))
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            key = screen(parts.path)
            if key is not None and key not in seen:
                seen.add(key)
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def admin_screens(username):
    """The screen of an admin path: its URL name, and the page type for the page editor; personal
    screens carry the username."""
    page_types = dict(Page.objects.values_list("pk", "content_type__model"))

    def screen(path):
        if not path.startswith("/admin/"):
            return None
        try:
            match = resolve(path)
        except Resolver404:
            return None
        view = match.view_name
        if any(fnmatch.fnmatchcase(view, pattern) for pattern in SKIPPED_ADMIN_SCREENS):
            return None
        name = view
        if view == "wagtailadmin_pages:add":
            name = f"{view}:{match.kwargs['content_type_model_name']}"
        elif view == "wagtailadmin_pages:edit":
            name = f"{view}:{page_types.get(int(match.kwargs['page_id']))}"
        return (name, username) if view in PERSONAL_SCREENS else name

    return screen


def site_screen(path):
    """Each member-site page once, by its path."""
    if any(fnmatch.fnmatchcase(path, pattern) for pattern in SKIPPED_SITE_PATHS):
        return None
    return path
