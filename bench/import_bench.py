"""Time `import_units` and `import_members` on the generated province against a fresh SQLite
database in a temporary directory, and report each command's wall time and peak memory.

    .venv/bin/python bench/generate_province.py && .venv/bin/python bench/import_bench.py

Each command runs in its own process (as an operator would run it), so the times include
Django's start-up and the peak memory is that process's own maximum resident set size.
The members file is imported twice: the second run shows what an unchanged re-import costs.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from in_process import ROOT, run_command  # bench/ is the script folder, first on sys.path

DATA = ROOT / "bench" / "data"
TARGET_SECONDS, TARGET_MB = 60, 500


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
        run_command(["migrate", "--verbosity", "0"], env)
        results = [
            ("import_units", *run_command(["import_units", str(units), "--no-progress"], env)),
            ("import_members", *run_command(["import_members", str(members), "--no-progress"], env)),
            ("import_members (again)", *run_command(["import_members", str(members), "--no-progress"], env)),
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
