import asyncio
import time

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.1f}s"


async def fetch_data(id, sleep_time, fail=False):
    print(f"fetch {id} started")
    await asyncio.sleep(sleep_time)
    if fail:
        raise ConnectionError(f"fetch {id} lost its connection")
    print(f"fetch {id} finished at {now()}")
    return f"data {id}"


async def main():
    # return_exceptions=True: an exception becomes one of the results,
    # and gather waits for every awaitable.
    results = await asyncio.gather(
        fetch_data(1, 2),
        fetch_data(2, 1, fail=True),
        fetch_data(3, 3),
        return_exceptions=True,
    )
    print(f"gather returned at {now()}")
    for result in results:
        if isinstance(result, Exception):
            print(f"failed: {result!r}")
        else:
            print(f"succeeded: {result}")


asyncio.run(main())
