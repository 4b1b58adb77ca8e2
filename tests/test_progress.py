"""Progress of long work: on standard error, only when it is a terminal (progress.py)."""

import os
import pty
import re
import subprocess
import sys
import threading

from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.progress import SILENT, terminal

from .conftest import ROOT


def test_not_a_terminal_is_silent():
    import io

    assert terminal(io.StringIO()) is SILENT


def _on_a_terminal(args: list[str], timeout: float = 600) -> tuple[int, str, str]:
    """Run the CLI with standard error on a pseudo-terminal (read while it runs); (code, stdout, stderr)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jingan_kg.cli", *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(follower)
    seen = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=timeout)
    reader.join(10)
    os.close(leader)
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    return proc.returncode, out.decode("utf-8"), plain


def test_a_build_on_a_terminal_shows_its_phases_and_counts(tmp_path):
    code, out, err = _on_a_terminal(["build", "--out", str(tmp_path / "o")])
    assert code == 0 and out.startswith(f"Built {tmp_path / 'o'}/ (")
    for phase in (
        "reading sources",
        "extracting",
        "resolving names",
        "assembling the graph",
        "checking the shapes (SHACL)",
        "writing the exports",
        "drawing the views",
        "indexing names",
        "writing the store",
    ):
        assert phase in err, phase
    assert "4 files" in err and "conforms" in err and "4/4" in err
    assert "reading sources" not in out  # standard output keeps the report only


def test_a_build_to_a_pipe_prints_no_progress(built, tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.output.startswith(f"Built {tmp_path / 'o'}/ ({built[0].triples} triples)")
