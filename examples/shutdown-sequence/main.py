import asyncio
import os
import signal
import time

start = time.perf_counter()

# How long each job works. Job n arrives n - 1 seconds after the start.
WORK_SECS = [1.5, 0.7, 4.5, 1.5, 1.0, 1.0]
DRAIN_DEADLINE = 2


def now():
    return f"[{time.perf_counter() - start:.1f}s]"


async def handle(job, work):
    print(f"{now()} job {job} started")
    try:
        await asyncio.sleep(work)
    except asyncio.CancelledError:
        print(f"{now()} job {job} interrupted")
        raise
    print(f"{now()} job {job} done")


async def accept(tg):
    try:
        for index, work in enumerate(WORK_SECS):
            await asyncio.sleep(start + index - time.perf_counter())
            tg.create_task(handle(index + 1, work))
    except asyncio.CancelledError:
        print(f"{now()} stopped accepting")
        raise


async def press_ctrl_c():
    # Does what the Ctrl+C key does in a terminal, at 3.2 s.
    await asyncio.sleep(3.2)
    os.kill(os.getpid(), signal.SIGINT)


async def main():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    presser = asyncio.create_task(press_ctrl_c())
    try:
        async with asyncio.timeout(None) as deadline:
            async with asyncio.TaskGroup() as tg:
                acceptor = tg.create_task(accept(tg))
                await stop.wait()
                print(f"{now()} shutdown: draining for {DRAIN_DEADLINE}s")
                acceptor.cancel()
                deadline.reschedule(loop.time() + DRAIN_DEADLINE)
                # Leaving the group waits for the jobs still running.
    except TimeoutError:
        print(f"{now()} deadline passed: the group cancelled the rest")
    await presser
    print(f"{now()} shut down")


asyncio.run(main())
