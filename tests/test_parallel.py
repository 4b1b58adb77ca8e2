"""A build's work handed to forked processes (pipeline/parallel.py): the same answers, errors
handed back whole, a dead worker named."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from jingan_kg.errors import SourceError
from jingan_kg.pipeline.parallel import Aside, WorkerFailed, spread, workers

from .conftest import SOURCES

forking = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a build forks only on Linux")


def _squares_with_pids(share: list[int]) -> list[tuple[int, int]]:
    return [(x * x, os.getpid()) for x in share]


@forking
def test_spread_keeps_the_order_of_the_items_and_uses_the_processes():
    answers = spread(_squares_with_pids, list(range(11)), 3)
    assert [a for a, _ in answers] == [x * x for x in range(11)]
    pids = {pid for _, pid in answers}
    assert len(pids) == 3 and os.getpid() in pids  # this process takes its share too


def test_spread_in_one_process_is_the_same():
    assert spread(_squares_with_pids, list(range(5)), 1) == [(x * x, os.getpid()) for x in range(5)]


def _bad_source():
    raise SourceError("a.txt", 3, "not a document", "fix it")


@forking
def test_an_error_in_a_worker_is_raised_whole_with_its_file_line_and_hint():
    with pytest.raises(SourceError) as caught:
        Aside(_bad_source).result()
    assert str(caught.value) == "a.txt:3: not a document"
    assert (caught.value.path, caught.value.line, caught.value.hint) == ("a.txt", 3, "fix it")


def test_an_error_run_in_place_is_the_same():
    with pytest.raises(SourceError, match=r"^a\.txt:3: not a document$"):
        Aside(_bad_source, forked=False).result()


@forking
def test_a_worker_that_dies_is_named_not_waited_for():
    with pytest.raises(WorkerFailed, match=r"ended without an answer \(exit code 7\)"):
        Aside(os._exit, 7).result()


@forking
def test_an_answer_that_cannot_be_handed_back_is_an_error():
    with pytest.raises(WorkerFailed, match="cannot be handed back"):
        Aside(lambda: lambda: None).result()


@forking
def test_a_build_in_two_processes_writes_the_same_bytes_as_in_one(tmp_path):
    from jingan_kg.pipeline.build import PROVENANCE, STORE, BuildConfig, build

    if threading.active_count() > 1:
        pytest.skip("other threads run in this test process: a build would not fork")
    assert workers(2) == 2

    one = build(BuildConfig(sources=SOURCES, out=tmp_path / "one", workers=1))
    two = build(BuildConfig(sources=SOURCES, out=tmp_path / "two", workers=2))
    assert one == two
    one_dir, two_dir = (tmp_path / "one" / "current").resolve(), (tmp_path / "two" / "current").resolve()
    files = sorted(p.relative_to(one_dir) for p in one_dir.rglob("*") if p.is_file() and STORE not in p.parts)
    assert len(files) > 20 and (two_dir / files[0]).is_file()
    differ = [str(f) for f in files if (one_dir / f).read_bytes() != (two_dir / f).read_bytes()]
    assert differ == [PROVENANCE]  # each build's own record holds its clock


@forking
def test_spread_by_weight_deals_the_heaviest_first_and_keeps_the_order():
    items = [1, 9, 1, 1, 8, 1]
    answers = spread(_squares_with_pids, items, 2, weight=lambda x: x)
    assert [a for a, _ in answers] == [x * x for x in items]
    by_pid: dict[int, list[int]] = {}
    for x, (_, pid) in zip(items, answers, strict=True):
        by_pid.setdefault(pid, []).append(x)
    assert sorted(sorted(v) for v in by_pid.values()) == [[1, 1, 8], [1, 1, 9]]  # 10 and 11


@forking
def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert workers(2) == 1
    finally:
        stop.set()
        thread.join()
    assert workers(2) == 2 or threading.active_count() > 1
