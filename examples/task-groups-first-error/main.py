import asyncio
import time

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.1f}s"


async def fetch_data(id, sleep_time, fail=False):
    print(f"fetch {id} started")
    try:
        await asyncio.sleep(sleep_time)
    except asyncio.CancelledError:
        print(f"fetch {id} cancelled at {now()}")
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
        for error in group.exceptions:
            print(f"TaskGroup raised at {now()}: {error}")
    await asyncio.sleep(3)
    print(f"main done at {now()}")


asyncio.run(main())
