"""Findings of the new-user review (session 9), each reproduced through the real CLI in a
subprocess."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES


def test_a_pipe_closed_by_its_reader_is_not_a_silent_success():
    # `scrapekit extract many-pages | head -c 100`: the reader leaves after 100 bytes; the run
    # must say that the other records were not delivered and exit 1, not 0 with "done"
    proc = subprocess.Popen([sys.executable, "-m", "scrapekit", "extract",
                             str(FIXTURES / "links"), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(120)
    assert len(head) == 100
    assert code == 1, err
    assert "output closed by its reader after" in err
    assert "Traceback" not in err
