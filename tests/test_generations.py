"""Atomic publication and one writer: builds killed at any moment, readers during builds, a
second build refused with a message (store/generations.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.errors import BuildRunning
from jingan_kg.pipeline.build import BuildConfig, build, outputs
from jingan_kg.store.generations import CURRENT, GENERATIONS, PREVIOUS, current_generation, exclusive

from .conftest import ROOT


def _answers(out: Path) -> str:
    """A question asked as a reader does: the published graph, its store and index together."""
    from jingan_kg.query.questions import who
    from jingan_kg.query.render import who_text
    from jingan_kg.store.opening import open_graph

    g = open_graph(out)
    return who_text(who(g.store, g.index, "区数据局", 3))


@pytest.fixture(scope="module")
def published(built, tmp_path_factory) -> Path:
    """An output folder holding a published build; the tests here build into it again and again."""
    out = tmp_path_factory.mktemp("generations") / "exports"
    build(BuildConfig(out=out))
    return out


def _generations(out: Path) -> list[str]:
    return sorted(p.name for p in (out / GENERATIONS).iterdir())


def test_a_build_publishes_a_generation_and_keeps_the_previous(published):
    first = current_generation(published)
    build(BuildConfig(out=published))
    second = current_generation(published)
    assert first != second and (published / PREVIOUS).resolve() == first.resolve()
    build(BuildConfig(out=published))
    assert _generations(published) == sorted([second.name, current_generation(published).name])
    for name in outputs():  # the fixed paths lead into the current generation
        assert (published / name).resolve() == (current_generation(published) / name).resolve()


_KILL_AT = """
import os, signal, sys
from pathlib import Path
from jingan_kg.store import generations as g

out, new, step = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
calls = [0]
for name in ("_relink", "_sweep"):
    orig = getattr(g, name)
    def hooked(*args, _orig=orig):
        calls[0] += 1
        if calls[0] == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return _orig(*args)
    setattr(g, name, hooked)
g.publish(out, new, sys.argv[4:])
"""


@pytest.mark.parametrize("step", [1, 2, 3])
def test_a_build_killed_inside_publication_leaves_a_graph_that_answers(published, step):
    """Killed before `current` moves (1), between `current` and `previous` (2), before the sweep
    (3): the graph answers after each, and the next build clears the debris."""
    expected = _answers(published)
    new = published / GENERATIONS / f"killed-{step}"
    shutil.copytree(current_generation(published), new)
    proc = subprocess.run(
        [sys.executable, "-c", _KILL_AT, str(published), str(new), str(step), *outputs()], capture_output=True
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert _answers(published) == expected
    assert (current_generation(published) == new) == (step > 1)
    from jingan_kg.store.generations import publish

    publish(published, current_generation(published), outputs())  # what the next build does after its own
    assert len(_generations(published)) <= 2 and not list(published.glob(".*.tmp"))
    assert _answers(published) == expected


def test_builds_killed_at_any_moment_leave_a_graph_that_answers(published):
    """`jingan-kg build` killed (SIGKILL) after 0.3 to 5 s, while reading, validating, writing the
    store or the views: every time the graph answers as before, and the next build cleans up."""
    expected = _answers(published)
    cli = Path(sys.executable).parent / "jingan-kg"
    for delay in (0.3, 1.5, 3.0, 5.0):
        proc = subprocess.Popen([cli, "build", "--out", published], cwd=ROOT, stdout=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _answers(published) == expected, f"killed after {delay} s"
    build(BuildConfig(out=published))
    assert len(_generations(published)) == 2
    assert _answers(published) == expected


def test_readers_never_fail_while_builds_publish(published, tmp_path):
    """Questions in a loop in another process across two builds: every one answered the same."""
    stop = tmp_path / "stop"
    loop = (
        "import sys\nfrom tests.test_generations import _answers\nfrom pathlib import Path\n"
        "out, stop, n, fails = Path(sys.argv[1]), Path(sys.argv[2]), 0, 0\nexpected = _answers(out)\n"
        "while not stop.exists():\n"
        "    try:\n        assert _answers(out) == expected\n        n += 1\n"
        "    except Exception as e:\n        fails += 1; print(repr(e)[:200], file=sys.stderr)\n"
        "print(n, fails)\n"
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", loop, str(published), str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1)
    for _ in range(2):
        build(BuildConfig(out=published))
    stop.touch()
    out, err = reader.communicate(timeout=120)
    asked, failed = map(int, out.split())
    assert failed == 0, err.decode()[-2000:]
    assert asked > 20


def test_a_second_build_is_refused_with_the_first_ones_pid(published):
    with exclusive(published):
        result = CliRunner().invoke(main, ["build", "--out", str(published)])
        assert result.exit_code == 1
        assert result.output == (
            f"Error: another build is running into {published} (pid {os.getpid()})\n"
            "Hint: Wait for it to finish (or run build with --wait SECONDS); the current graph keeps answering.\n"
        )
        with pytest.raises(BuildRunning):
            build(BuildConfig(out=published))
    assert not (published / ".build.pid").exists()


def test_a_build_that_waits_runs_when_the_other_one_ends(published):
    before = current_generation(published)
    held = threading.Event()

    def hold():
        with exclusive(published):
            held.set()
            time.sleep(1.5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait()
    build(BuildConfig(out=published, wait=30))
    t.join()
    assert current_generation(published) != before


def test_a_folder_of_the_older_layout_is_taken_over(built, tmp_path):
    """Real files at the top of --out (builds before generations): kept as the previous generation."""
    out = tmp_path / "old"
    out.mkdir()
    for name in outputs():
        src = current_generation(built[1]) / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, out / name)
    (out / ".staging").mkdir()
    expected = _answers(out)
    build(BuildConfig(out=out))
    assert (out / CURRENT).is_symlink() and (out / PREVIOUS).is_symlink()
    assert sorted(p.name for p in (out / PREVIOUS).resolve().iterdir()) == sorted(outputs())
    assert not (out / ".staging").exists()
    assert _answers(out) == expected
