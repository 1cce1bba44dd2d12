"""Queries per request and requests per second for the member-facing pages, on the demo data.

    .venv/bin/python bench/pages_bench.py [--requests 200]

Runs in-process against a fresh SQLite database in a temporary directory (migrate + seed_demo),
through Django's test client with DEBUG off, so the figures measure our code and Django, not a
web server; the bytes of each answer plain and gzipped (GZipMiddleware). Each page is requested once to
warm caches, then timed over --requests requests. The plain page (`/accounts/login/`, anonymous) is
timed first, and each page's time is also given as a multiple of it (issue 12: at most 4).
"""

import argparse
import os
import sys
import time

from in_process import fresh_django  # bench/ is the script folder, first on sys.path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with fresh_django("handbook-pages-bench-"):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        call_command("migrate", verbosity=0)
        # Pages link the hashed static files, as in production (STATIC_ROOT is git-ignored).
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

        from django.contrib.auth import get_user_model

        from site_pages.models import MeetingPage, OfficialDocumentPage

        member = Client(HTTP_HOST="127.0.0.1")
        member.force_login(get_user_model().objects.get(username="member.haininh"))
        meeting = MeetingPage.objects.live().filter(owning_unit__title="Chi bộ thôn Hải Ninh").first()
        document = OfficialDocumentPage.objects.live().first()
        anonymous = Client(HTTP_HOST="127.0.0.1")
        pages = [("plain page (login)", "/accounts/login/", anonymous), ("/me/", "/me/", member)]
        pages.append(("meeting page", meeting.url, member))
        pages.append(("official document", document.url, member))
        pages.append(("inbox", "/me/notifications/", member))
        pages.append(("search", "/search/?q=nghi+quyet", member))
        pages.append(("offline pack list", "/me/offline/pack.json", member))

        print(f"\n{'page':<20}{'queries':>9}{'req/s':>9}{'ms/req':>9}{'÷ plain':>9}{'bytes':>9}{'gzip':>7}")
        plain_ms = None
        for name, url, client in pages:
            if client.get(url).status_code != 200:
                sys.exit(f"{url} did not answer 200")
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # Read now: every request starts by clearing Django's query log.
            query_count = len(queries)
            plain = len(client.get(url).content)
            gzipped = len(client.get(url, headers={"Accept-Encoding": "gzip"}).content)
            started = time.perf_counter()
            for _ in range(args.requests):
                client.get(url)
            elapsed = time.perf_counter() - started
            per_second = args.requests / elapsed
            ms = 1000 / per_second
            plain_ms = plain_ms or ms
            print(f"{name:<20}{query_count:>9}{per_second:>9.0f}{ms:>9.1f}{ms / plain_ms:>9.1f}{plain:>9}{gzipped:>7}")


if __name__ == "__main__":
    main()
