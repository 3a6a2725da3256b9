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
    try:
        results = await asyncio.gather(
            fetch_data(1, 2), fetch_data(2, 1, fail=True), fetch_data(3, 3)
        )
        print(results)
    except ConnectionError as error:
        print(f"gather raised at {now()}: {error}")
    # gather did not cancel the other two: they are still running. Wait
    # long enough to see them finish.
    await asyncio.sleep(3)
    print(f"main done at {now()}")


asyncio.run(main())
