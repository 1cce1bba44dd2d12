"""Backing up and restoring the handbook: the database and the uploaded files, written into a folder
that only its owner may read (the backup holds every member's profile and every cell's opinions).

SQLite is copied with its online backup API, so the site keeps serving while it runs; PostgreSQL
with `pg_dump` in its custom format, restored with `pg_restore` in one transaction. Uploaded files
go into a gzipped tar that is unpacked with the `data` filter (no absolute paths, no links out).
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from site_pages.page_cache import TREE, bump

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    pass


def backup(destination):
    """Write a new backup folder under `destination` and return its path."""
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(_("Backups support SQLite and PostgreSQL only."))
    folder = Path(destination) / f"handbook-{timezone.now():%Y%m%d-%H%M%S-%f}"
    previous_umask = os.umask(0o077)
    try:
        folder.mkdir(parents=True, mode=0o700)
        database_file = folder / DATABASE_FILES[connection.vendor]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(database_file) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:
            _postgres("pg_dump", "--format=custom", "--no-owner", f"--file={database_file}")
        with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, arcname="media")
    finally:
        os.umask(previous_umask)
    return folder


def restore(folder):
    """Replace the database and the uploaded files with those of the backup `folder`."""
    folder = Path(folder)
    database_file = folder / DATABASE_FILES.get(connection.vendor, "")
    if connection.vendor not in DATABASE_FILES or not database_file.is_file():
        raise BackupError(_("%(folder)s holds no backup for this database.") % {"folder": folder})
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(database_file) as saved:
            saved.backup(connection.connection)
        saved.close()
    else:
        connection.close()  # pg_restore drops and recreates every table
        _postgres("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(database_file))
    bump(TREE)  # every entry of the page cache depends on the tree's generation: none outlives the old data
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as unpacked, tarfile.open(folder / MEDIA_FILE) as archive:
        archive.extractall(unpacked, filter="data")
        if media.exists():
            shutil.rmtree(media)
        if (Path(unpacked) / "media").exists():
            shutil.copytree(Path(unpacked) / "media", media)


def _postgres(program, *arguments):
    """Run a PostgreSQL client program against Django's database (password through the environment)."""
    database = connection.settings_dict
    command = [program, f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command.append(f"{option}={database[key]}")
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    finished = subprocess.run([*command, *arguments], env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode != 0:
        raise BackupError(_("%(program)s failed: %(error)s") % {"program": program, "error": finished.stderr.strip()})
