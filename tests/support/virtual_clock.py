"""Runs a Python asyncio program on a virtual clock: the Python side of
tokio's paused clock.

    python3 virtual_clock.py PROGRAM.py

Time stands still while the program computes and jumps ahead whenever the
event loop has nothing to do but wait for a timer. So `await
asyncio.sleep(2)` returns at once, yet the loop, `time.monotonic()`,
`time.perf_counter()` and `time.time()` all say that two seconds have
passed. The program's meaning is unchanged (the order of events is the
order the real clock would give) and its output, elapsed times included,
is the same on every run.
"""

import asyncio
import runpy
import selectors
import sys
import time

_START_OF_EPOCH = 1_700_000_000.0
_now = 0.0


def _monotonic():
    return _now


def _wall():
    return _START_OF_EPOCH + _now


class _VirtualTimeSelector(selectors.DefaultSelector):
    """Never sleeps: a wait for a timer moves the virtual clock instead."""

    def select(self, timeout=None):
        global _now
        ready = super().select(0)
        if ready:
            return ready
        if timeout is None:
            # No timer at all: a real loop would block until I/O arrives, and
            # so does this one (a program that waits forever hangs, and the
            # test's time limit reports it).
            return super().select(None)
        _now += timeout
        return ready


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return asyncio.SelectorEventLoop(_VirtualTimeSelector())


time.monotonic = _monotonic
time.perf_counter = _monotonic
time.time = _wall
asyncio.set_event_loop_policy(_Policy())

if __name__ == "__main__":
    program = sys.argv[1]
    sys.argv = sys.argv[1:]
    runpy.run_path(program, run_name="__main__")
