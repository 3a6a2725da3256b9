import asyncio
import time

start = time.perf_counter()


async def fetch_data(id, sleep_time):
    await asyncio.sleep(sleep_time)
    return f"data {id}"


async def main():
    fetches = [fetch_data(1, 2), fetch_data(2, 1), fetch_data(3, 3)]
    # Each item is an awaitable for the next result to arrive, whichever
    # fetch it comes from.
    for next_result in asyncio.as_completed(fetches):
        data = await next_result
        print(f"got {data} at {time.perf_counter() - start:.1f}s")


asyncio.run(main())
