import asyncio
import time

start = time.perf_counter()
# The fetches the group cancelled, and when. A TaskGroup keeps its tasks in
# a set, so the order in which it cancels them is not fixed from one run to
# the next: they are printed sorted, once the group is done.
cancelled = []


def now():
    return f"{time.perf_counter() - start:.1f}s"


async def fetch_data(id, sleep_time, fail=False):
    print(f"fetch {id} started")
    try:
        await asyncio.sleep(sleep_time)
    except asyncio.CancelledError:
        cancelled.append((id, now()))
        raise
    if fail:
        raise ConnectionError(f"fetch {id} lost its connection")
    print(f"fetch {id} finished at {now()}")
    return f"data {id}"


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            for id, sleep_time in [(1, 2), (2, 1), (3, 3)]:
                tg.create_task(fetch_data(id, sleep_time, fail=id == 2))
    except* ConnectionError as group:
        # The group cancels the other tasks, waits for them, then raises
        # every failure together in an ExceptionGroup.
        for id, at in sorted(cancelled):
            print(f"fetch {id} cancelled at {at}")
        for error in group.exceptions:
            print(f"TaskGroup raised at {now()}: {error}")
    await asyncio.sleep(3)
    print(f"main done at {now()}")


asyncio.run(main())
