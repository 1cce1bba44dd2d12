"""Requests per second under a real server, on SQLite and on PostgreSQL, side by side in one run.

    .venv/bin/python bench/server_bench.py [--seconds 10] [--rounds 3] [--postgres URL]

For each database, bench/pages_bench.py migrates and seeds it (seed_demo) and measures the queries and
in-process time of each page; gunicorn then serves it with production settings (2 sync workers on the
loopback, no HTTPS redirect), and `member.haininh` logs in with a real POST for a session cookie. A
hello-world WSGI app under the same gunicorn is the limit; whitenoise's static CSS and the plain
page `/accounts/login/` are the baselines. `wrk -t2 -c8` (apt-get install wrk) drives each target
for --seconds, all targets one after the other in each of --rounds interleaved rounds, so a busy
moment of the machine spreads over all of them; the table shows medians over the rounds. PostgreSQL
runs on a database it creates and drops (`handbook_server_bench` on the server --postgres names,
default the server of DATABASE_URL or the local one); if no server answers, SQLite alone.
"""

import argparse
import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import psycopg
import requests
from in_process import ROOT, bench_database  # bench/ is the script folder, first on sys.path

BENCH_DATABASE = "handbook_server_bench"
# The pages driven under load, by their names in bench/pages_bench.py.
PAGES = [
    "plain page",
    "anonymous home",
    "/me/",
    "meeting page",
    "official document",
    "inbox",
    "search",
    "search, found anew",
]
PLAIN = "plain page"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# For a path with `{n}` (bench/pages_bench.py): each request puts its own number there, per wrk thread
# and run (RUN: the next round must not find what this one left in the page cache).
NUMBERED_PATHS = """
local number = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function request()
  number = number + 1
  return wrk.format(nil, (string.gsub(PATH, "{n}", RUN .. "-" .. thread_number .. "-" .. number)))
end
"""


@contextlib.contextmanager
def gunicorn(app, env, log_path, *extra):
    """Serve `app` with 2 sync workers on a port the kernel picks; yield its base URL; always stop it."""
    with socket.create_server(("127.0.0.1", 0)) as listener, open(log_path, "w") as log:
        port = listener.getsockname()[1]
        # fmt: off
        command = [
            sys.executable, "-m", "gunicorn", app, "--bind", f"fd://{listener.fileno()}",
            "--workers", "2", "--worker-class", "sync", "--no-control-socket", *extra,
        ]
        # fmt: on
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, pass_fds=[listener.fileno()], stdout=log, stderr=log, start_new_session=True
        )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(url, seconds=300):
    """The first answer of a server still starting: its socket accepts before a worker has loaded Django."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return requests.get(url, timeout=seconds, allow_redirects=False)
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def log_in(base_url, username, password):
    """The Cookie header of a session opened by a real login POST (the cookies are Secure: sent by hand)."""
    form = wait_for(f"{base_url}/accounts/login/")
    csrf = form.cookies["csrftoken"]
    response = requests.post(
        f"{base_url}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": CSRF_INPUT.search(form.text)[1]},
        headers={"Cookie": f"csrftoken={csrf}"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302 or "sessionid" not in response.cookies:
        sys.exit(f"logging in as {username} failed: {response.status_code}")
    return f"sessionid={response.cookies['sessionid']}; csrftoken={csrf}"


def check(url, cookie):
    url = url.replace("{n}", "check")
    response = requests.get(url, headers={"Cookie": cookie} if cookie else {}, allow_redirects=False, timeout=60)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}, not 200")


def run_wrk(url, cookie, seconds):
    """requests/s, p50 ms, p99 ms and failures (non-2xx/3xx, socket errors) of one bounded wrk run."""
    headers = ["-H", "Accept-Encoding: gzip"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if "{n}" in url:
            path = "/" + url.split("/", 3)[3]
            script.write(f"PATH = {json.dumps(path)}\nRUN = {json.dumps(secrets.token_hex(4))}\n{NUMBERED_PATHS}")
            script.flush()
            headers += ["-s", script.name]
        output = subprocess.run(  # noqa: S603
            ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "--latency", *headers, url.replace("{n}", "0")],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)}
    failures = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    failures += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    if set(latency) != {"50", "99"} or not per_second:  # no request finished within the run
        print(f"{url}: no latencies in wrk's answer:\n{output}", file=sys.stderr)
        latency = {"50": math.nan, "99": math.nan}
    return per_second, latency["50"], latency["99"], failures


def postgres_url(url):
    """The bench's own PostgreSQL database, or None (with the reason printed) if no server answers."""
    try:
        database_url, drop = bench_database(url, BENCH_DATABASE)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL at {url} does not answer, SQLite only: {error}", file=sys.stderr)
        return None, lambda: None
    return database_url, drop


def prepare(name, database_url, tmp):
    """Seed the database and measure in-process (bench/pages_bench.py); its pages by name."""
    out = f"{tmp}/pages-{name}.json"
    print(f"\n== {name}: migrate, seed_demo, in-process figures (bench/pages_bench.py)", flush=True)
    subprocess.run(  # noqa: S603
        [sys.executable, "bench/pages_bench.py", "--requests", "100", "--database-url", database_url, "--json", out],
        cwd=ROOT,
        check=True,
    )
    with open(out) as figures:
        return {page["name"]: page for page in json.load(figures)}


def table(name, results, pages, shared):
    plain_rps = statistics.median(r[0] for r in results[(name, PLAIN)])
    plain_ms = pages[PLAIN]["ms"]
    print(f"\n{name}: medians of {len(results[(name, PLAIN)])} rounds; in-process: Django's test client, DEBUG off\n")
    print("| page | requests/s | ÷ plain page | p50 ms | p99 ms | queries | in-process ms | × plain in-process |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    rows = [(label, key, None) for label, key in shared] + [(p, (name, p), pages[p]) for p in PAGES]
    for label, key, page in rows:
        rps, p50, p99 = (statistics.median(r[i] for r in results[key]) for i in range(3))
        failures = sum(r[3] for r in results[key])
        in_process = f"{page['queries']} | {page['ms']:.1f} | {page['ms'] / plain_ms:.1f}" if page else "– | – | –"
        note = f" ({failures} failed)" if failures else ""
        print(f"| {label}{note} | {rps:,.0f} | {rps / plain_rps:.3g} | {p50:.1f} | {p99:.1f} | {in_process} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of one wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    default_postgres = os.environ.get("DATABASE_URL", "")
    if not default_postgres.startswith(("postgres://", "postgresql://")):
        default_postgres = "postgres://postgres@127.0.0.1:5432/postgres"
    parser.add_argument("--postgres", default=default_postgres, help="a PostgreSQL server (its URL); '' to skip")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    with tempfile.TemporaryDirectory(prefix="handbook-server-bench-") as tmp, contextlib.ExitStack() as stack:
        databases = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3")]
        if args.postgres:
            url, drop = postgres_url(args.postgres)
            stack.callback(drop)
            if url:
                databases.append(("PostgreSQL", url))
        pages = {name: prepare(name, url, tmp) for name, url in databases}

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",  # wrk speaks plain HTTP on the loopback
            "MEDIA_ROOT": f"{tmp}/media",
        }
        targets = []  # (result key, url, cookie)
        hello = stack.enter_context(gunicorn("hello_wsgi:application", env, f"{tmp}/hello.log", "--chdir", "bench"))
        for name, url in databases:
            base = stack.enter_context(gunicorn("cms.wsgi", {**env, "DATABASE_URL": url}, f"{tmp}/{name}.log"))
            cookie = log_in(base, "member.haininh", "demo-2026")
            if not targets:
                manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
                css = f"{base}/static/{manifest['paths']['css/site.css']}"
                targets += [("hello", hello + "/", None), ("static", css, None)]
            for page in PAGES:
                member_cookie = cookie if pages[name][page]["member"] else None
                targets.append(((name, page), base + pages[name][page]["path"], member_cookie))
        for _, url, cookie in targets:
            check(url, cookie)

        results = {key: [] for key, _, _ in targets}
        estimate = len(targets) * args.rounds * args.seconds
        print(f"\n== wrk -t2 -c8: {len(targets)} targets, {args.rounds} rounds of {args.seconds} s (~{estimate} s)")
        for round_number in range(1, args.rounds + 1):
            for key, url, cookie in targets:
                results[key].append(run_wrk(url, cookie, args.seconds))
            print(f"round {round_number} done", flush=True)

    shared = [("hello-world WSGI app (the limit)", "hello"), ("static CSS through whitenoise", "static")]
    for name, _ in databases:
        table(name, results, pages[name], shared)


if __name__ == "__main__":
    main()
