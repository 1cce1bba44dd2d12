"""Import commands show a progress bar on a terminal and nothing when output is not one."""

import fcntl
import os
import select
import struct
import sys
import termios
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import translation

from members.models import Person
from tests.members.test_imports import member_file

ROWS = [f"P{number:04d},Nguyễn Văn {number},C1,member,,,,,," for number in range(50)]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def import_members(path):
    # Without --no-progress: what an operator types.
    call_command("import_members", str(path), stdout=StringIO())


class TestImportProgress:
    def test_no_progress_bar_when_output_is_not_a_terminal(self, tmp_path, units, capfd):
        assert not sys.stderr.isatty()
        import_members(member_file(tmp_path, ROWS))
        assert Person.objects.filter(card_number__startswith="P").count() == len(ROWS)
        assert capfd.readouterr().err == ""

    def test_progress_bar_on_a_terminal(self, tmp_path, units, monkeypatch):
        controller, terminal_fd = os.openpty()
        # A new pseudo-terminal is 0 columns wide, where tqdm's bar would be empty.
        fcntl.ioctl(terminal_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        with os.fdopen(terminal_fd, "w", encoding="utf-8") as terminal:
            monkeypatch.setattr(sys, "stderr", terminal)
            import_members(member_file(tmp_path, ROWS))
            # A line end lets the terminal pass on what the bar wrote without one.
            terminal.write("\n")
            terminal.flush()
            readable, _, _ = select.select([controller], [], [], 5)
            shown = os.read(controller, 65536).decode() if readable else ""
        os.close(controller)
        # Rows done, the total, the rate and the time left, as tqdm shows them.
        assert "Writing" in shown
        assert f"/{len(ROWS)} [" in shown
        assert "rows/s" in shown
        assert "<" in shown
