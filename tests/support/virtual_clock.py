"""Runs a Python asyncio program on a virtual clock: the Python side of
tokio's paused clock.

    python3 virtual_clock.py PROGRAM.py
    python3 virtual_clock.py --serve

With --serve, it runs programs on request instead (see `serve`).

Time stands still while the program computes and jumps ahead whenever the
event loop has nothing to do but wait for a timer. So `await
asyncio.sleep(2)` returns at once, yet the loop, `time.monotonic()`,
`time.perf_counter()` and `time.time()` all say that two seconds have
passed. A blocking `time.sleep(0.3)` on the thread that runs the loop (the
mistake of calling blocking code from a coroutine) holds the loop up for
0.3 seconds: there, too, it returns at once and the clock moves on by 0.3
seconds, so that the loop sees what it would see in real time (asyncio's
debug mode reports the slow step). On any other thread, `time.sleep`
sleeps for real. The program's meaning is unchanged (the order of events is the
order the real clock would give) and its output, elapsed times included,
is the same on every run.
"""

import asyncio
import os
import runpy
import select
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


_real_sleep = time.sleep


def _sleep(seconds):
    global _now
    if asyncio.events._get_running_loop() is not None:
        # This thread runs an event loop, which is stuck for that long.
        _now += seconds
    else:
        _real_sleep(seconds)


time.monotonic = _monotonic
time.perf_counter = _monotonic
time.time = _wall
time.sleep = _sleep
asyncio.set_event_loop_policy(_Policy())

class _Run(BaseException):
    """Raised in a child of the server to leave the server's loop and run
    `program` as this process's main program."""

    def __init__(self, program):
        super().__init__(program)
        self.program = program


def serve():
    """Runs programs on request, each in a child forked from this process.

    This process has started Python, imported asyncio and set up the clock
    once; a child starts with all of that done, so a program costs a fork
    instead of an interpreter's start. Requests come on standard input, a
    line each, tab-separated: ID, the folder to run in, the file for the
    program's output (standard output and standard error together, as a
    terminal shows them), and the program. Answers go to standard output:
    `started ID PID` once the child runs, and `exited ID STATUS` (the raw
    wait status) once it has ended. A child is the leader of its own
    process group, so the caller can stop it and anything it started.
    """
    running = {}
    pending = b""
    stdin_open = True
    while stdin_open or running:
        ready, _, _ = select.select([0] if stdin_open else [], [], [], 0.002)
        if ready:
            chunk = os.read(0, 65536)
            stdin_open = bool(chunk)
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                request_id, folder, output, program = line.decode().split("\t")
                pid = os.fork()
                if pid == 0:
                    _become(folder, output, program)
                running[pid] = request_id
                os.write(1, f"started {request_id} {pid}\n".encode())
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            request_id = running.pop(pid)
            os.write(1, f"exited {request_id} {status}\n".encode())


def _become(folder, output, program):
    """In a fresh child: set up its process group, its output and its folder,
    then leave the server's loop to run the program."""
    os.setpgid(0, 0)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(0, closefd=False)
    os.chdir(folder)
    raise _Run(program)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        try:
            serve()
            sys.exit(0)
        except _Run as run:
            program = run.program
    else:
        program = sys.argv[1]
    sys.argv = [program]
    runpy.run_path(program, run_name="__main__")
