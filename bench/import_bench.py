"""Time `import_units` and `import_members` on the generated province against a fresh SQLite
database in a temporary directory, and report each command's wall time and peak memory.

    .venv/bin/python bench/generate_province.py && .venv/bin/python bench/import_bench.py

Each command runs in its own process (as an operator would run it), so the times include
Django's start-up and the peak memory is that process's own maximum resident set size.
The members file is imported twice: the second run shows what an unchanged re-import costs.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
TARGET_SECONDS, TARGET_MB = 60, 500


def run(command, env):
    """Run `manage.py command`; returns (wall seconds, CPU seconds, peak resident memory in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT)
    # wait4 gives this child's own resource usage (ru_maxrss is in KiB on Linux).
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"manage.py {' '.join(command)} failed")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    units, members = args.data / "units.csv", args.data / "members.csv"
    if not members.exists():
        sys.exit(f"{members} is missing: run bench/generate_province.py first")
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            # As in production: with DEBUG on, Django also formats every SQL statement for its log.
            "DJANGO_DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        run(["migrate", "--verbosity", "0"], env)
        results = [
            ("import_units", *run(["import_units", str(units), "--no-progress"], env)),
            ("import_members", *run(["import_members", str(members), "--no-progress"], env)),
            ("import_members (again)", *run(["import_members", str(members), "--no-progress"], env)),
        ]
    # CPU time is shown next to wall time: on a shared machine the wall time includes waiting.
    print(f"\n{'command':<24}{'seconds':>10}{'CPU s':>10}{'peak MB':>10}")
    for name, seconds, cpu, megabytes in results:
        print(f"{name:<24}{seconds:>10.1f}{cpu:>10.1f}{megabytes:>10.0f}")
    total = results[0][1] + results[1][1]
    peak = max(results[0][3], results[1][3])
    verdict = "within" if total < TARGET_SECONDS and peak < TARGET_MB else "OUTSIDE"
    print(f"first import: {total:.1f} s, peak {peak:.0f} MB ({verdict} the {TARGET_SECONDS} s / {TARGET_MB} MB target)")


if __name__ == "__main__":
    main()
