import asyncio
import time


async def fetch_data(id, sleep_time):
    await asyncio.sleep(sleep_time)
    print(f"fetch {id} done")
    return f"data {id}"


async def main():
    start = time.perf_counter()
    # A list built at run time; `*` spreads it into separate arguments.
    coroutines = [fetch_data(id, 6 - id) for id in range(1, 6)]
    results = await asyncio.gather(*coroutines)
    print(results)
    print(f"finished in {time.perf_counter() - start:.1f}s")


asyncio.run(main())
