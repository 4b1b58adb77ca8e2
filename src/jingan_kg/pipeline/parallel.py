"""Work a build hands to forked copies of itself, so both cores of a machine work (decision 0025).

A forked child shares what the build holds (sources, kinds, the N-Triples) without copying or
pickling it; only its answer comes back, pickled. Children do pure-Python work and in-memory
stores only: the on-disk store (RocksDB, whose thread pools a fork does not copy) is written here. Where fork is not the safe way to start a
process (macOS, Windows) or one worker is asked for, the same work runs here, in order, and the
output is the same either way (tests/test_parallel.py).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import JinganKgError


class WorkerFailed(JinganKgError):
    """A build's worker process ended without an answer (killed, out of memory) or with an error
    that cannot be handed back."""

    hint = "Run the build again; if it fails the same way, build with workers=1 to see the error in place."


def workers(asked: int = 0) -> int:
    """How many processes a build uses: `asked`, else one per core; 1 where fork is unsafe: not
    on Linux, or while other threads run here (a server, a notebook's), since a fork copies the
    locks they hold but not the threads that would release them."""
    if not _can_fork() or threading.active_count() > 1:
        return 1
    return max(1, asked or len(os.sched_getaffinity(0)))


def _can_fork() -> bool:
    return sys.platform.startswith("linux")


class Aside:
    """`fn(*args)` run in a forked child while this process goes on; `result()` waits for it.
    With `forked=False` it runs at once, here."""

    def __init__(self, fn: Callable[..., Any], *args: Any, forked: bool = True) -> None:
        self._proc = None
        if not (forked and _can_fork()):
            self._answer = _call(fn, args)
            return
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
        self._proc.start()
        send.close()

    def result(self) -> Any:
        if self._proc is not None:
            try:
                self._answer = self._recv.recv()
            except EOFError:
                self._proc.join()
                raise WorkerFailed(
                    f"a build worker ended without an answer (exit code {self._proc.exitcode})"
                ) from None
            finally:
                self._recv.close()
            self._proc.join()
            self._proc = None
        ok, value = self._answer
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere): nothing it writes is kept."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
            self._proc = None


def spread(
    fn: Callable[[Sequence[Any]], list[Any]],
    items: Sequence[Any],
    n: int,
    weight: Callable[[Any], float] | None = None,
) -> list[Any]:
    """`fn` over `items` in `n` processes (this one among them); the answers in the order of
    `items`. `fn` takes a list of items and returns one answer per item. With `weight` (an item's
    expected cost), the heaviest items are dealt first, each to the lightest share."""
    if n <= 1 or len(items) < 2:
        return fn(list(items))
    n = min(n, len(items))
    shares: list[list[int]] = [[] for _ in range(n)]
    if weight is None:
        for i in range(len(items)):
            shares[i % n].append(i)
    else:
        loads = [0.0] * n
        for i in sorted(range(len(items)), key=lambda i: -weight(items[i])):
            k = loads.index(min(loads))
            shares[k].append(i)
            loads[k] += weight(items[i])
        shares = [sorted(share) for share in shares]
    asides = [Aside(fn, [items[i] for i in share]) for share in shares[1:]]
    try:
        answers = [fn([items[i] for i in shares[0]]), *(aside.result() for aside in asides)]
    except BaseException:
        for aside in asides:
            aside.cancel()
        raise
    out: list[Any] = [None] * len(items)
    for share, answer in zip(shares, answers, strict=True):
        for i, a in zip(share, answer, strict=True):
            out[i] = a
    return out


def _call(fn: Callable[..., Any], args: tuple) -> tuple[bool, Any]:
    try:
        return True, fn(*args)
    except Exception as exc:  # handed to result(), raised there as if it were raised here
        return False, exc


def _child(send, fn: Callable[..., Any], args: tuple) -> None:
    _die_with_parent()
    import gc

    gc.disable()  # never finalise what the parent holds (an open store's handles) in the copy
    answer = _call(fn, args)
    try:
        send.send(answer)
    except Exception as exc:  # an answer or error that does not pickle
        import traceback

        text = "".join(traceback.format_exception(answer[1])) if not answer[0] else repr(exc)
        send.send((False, WorkerFailed(f"a build worker's answer cannot be handed back: {exc}\n{text}")))
    finally:
        send.close()


def _die_with_parent() -> None:
    """The child is killed with the build (Linux's PR_SET_PDEATHSIG): a killed build leaves no
    worker writing into a folder that is being discarded."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
