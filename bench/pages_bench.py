"""Queries per request and requests per second for the member-facing pages, on the demo data.

    .venv/bin/python bench/pages_bench.py [--requests 100] [--rounds 3] [--database-url URL --json PATH]

Runs in-process against a fresh SQLite database in a temporary directory (migrate + seed_demo),
through Django's test client with DEBUG off, so the figures measure our code and Django, not a
web server; the bytes of each answer plain and gzipped (GZipMiddleware). Each page is requested twice
to warm caches, then timed over --requests requests in each of --rounds interleaved rounds, in wall time
and in this process's CPU time (which a machine shared with other work inflates less), and the median
round is given; each page's time is also given as a multiple of the plain page's (`/accounts/login/`,
anonymous; issue 12: at most 4). "search" repeats one search, which is then kept for the member's cell;
"search, found anew" gives each request a query string of its own, so that nothing kept serves it. With
--database-url it prepares that empty database instead and leaves it seeded; --json writes each page's
path and figures for bench/server_bench.py, which then serves the same database with gunicorn.
"""

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

from in_process import fresh_django  # bench/ is the script folder, first on sys.path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per page in each round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; each figure is their median")
    parser.add_argument("--database-url", help="an empty database to seed and keep (default: a temporary SQLite file)")
    parser.add_argument("--json", type=Path, help="write the pages and their figures here")
    args = parser.parse_args()
    with fresh_django("handbook-pages-bench-", args.database_url):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        # Pages link the hashed static files, as in production (STATIC_ROOT is git-ignored).
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

        from django.contrib.auth import get_user_model

        from site_pages.models import MeetingPage, OfficialDocumentPage

        anonymous = Client(HTTP_HOST="127.0.0.1")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username="member.haininh"))
        hai_ninh = MeetingPage.objects.live().filter(owning_unit__title="Chi bộ thôn Hải Ninh")
        meeting = hai_ninh.filter(starts_at__gt=timezone.now()).order_by("starts_at").first() or hai_ninh.first()
        document = OfficialDocumentPage.objects.live().first()
        # (name, path, client): the plain page and the anonymous home first, as the baselines.
        pages = [
            ("plain page", "/accounts/login/", anonymous),
            ("anonymous home", "/", anonymous),
            ("/me/", "/me/", client),
            ("meeting page", meeting.url, client),
            ("official document", document.url, client),
            ("inbox", "/me/notifications/", client),
            ("search", "/search/?q=nghi+quyet", client),
            # A query string of its own each time ({n}: the request's number), as a member searching
            # words no one of their cell has searched: the results found anew, not kept.
            ("search, found anew", "/search/?q=nghi+quyet&anew={n}", client),
            ("offline pack list", "/me/offline/pack.json", client),
        ]

        numbers = itertools.count()

        def get(as_whom, url, **extra):
            return as_whom.get(url.replace("{n}", str(next(numbers))), **extra)

        measured = []
        for name, url, as_whom in pages:
            # Twice before counting: a first visit may change what the next shows (the inbox marks notices seen).
            if any(get(as_whom, url).status_code != 200 for _ in range(2)):
                sys.exit(f"{url} did not answer 200")
            with CaptureQueriesContext(connection) as queries:
                get(as_whom, url)
            # Read now: every request starts by clearing Django's query log.
            query_count = len(queries)
            plain = len(get(as_whom, url).content)
            gzipped = len(get(as_whom, url, headers={"Accept-Encoding": "gzip"}).content)
            measured.append((name, url, as_whom, query_count, plain, gzipped, [], []))
        # Interleaved rounds, medians: a passing disturbance (a checkpoint, autovacuum after the seeding)
        # then slows one round of every page instead of all of one page's requests.
        for _round in range(args.rounds):
            for _name, url, as_whom, _queries, _plain, _gzipped, walls, cpus in measured:
                started, cpu_started = time.perf_counter(), time.process_time()
                for _ in range(args.requests):
                    get(as_whom, url)
                walls.append(1000 * (time.perf_counter() - started) / args.requests)
                cpus.append(1000 * (time.process_time() - cpu_started) / args.requests)

        figures = []
        print(
            f"\n{'page':<20}{'queries':>9}{'req/s':>9}{'ms/req':>9}{'÷ plain':>9}{'cpu ms':>9}{'÷ plain':>9}"
            f"{'bytes':>9}{'gzip':>7}"
        )
        plain_ms = plain_cpu_ms = None
        for name, url, as_whom, query_count, plain, gzipped, walls, cpus in measured:
            ms, cpu_ms = statistics.median(walls), statistics.median(cpus)
            plain_ms, plain_cpu_ms = plain_ms or ms, plain_cpu_ms or cpu_ms
            print(
                f"{name:<20}{query_count:>9}{1000 / ms:>9.0f}{ms:>9.1f}{ms / plain_ms:>9.1f}"
                f"{cpu_ms:>9.1f}{cpu_ms / plain_cpu_ms:>9.1f}{plain:>9}{gzipped:>7}"
            )
            figures.append(
                {
                    "name": name,
                    "path": url,
                    "member": as_whom is not anonymous,
                    "queries": query_count,
                    "ms": ms,
                    "cpu_ms": cpu_ms,
                }
            )
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
