import asyncio
import time


async def fetch_data(delay, id):
    print(f"Fetching {id}...")
    await asyncio.sleep(delay)  # stands in for a network request
    print(f"Data {id} fetched")
    return f"data {id}"


async def main():
    start = time.perf_counter()
    print("Start of main coroutine")
    # Each await waits until its fetch is done before the next line runs.
    data_1 = await fetch_data(0.5, 1)
    print(f"Received {data_1!r} at {time.perf_counter() - start:.1f}s")
    data_2 = await fetch_data(1, 2)
    print(f"Received {data_2!r} at {time.perf_counter() - start:.1f}s")
    elapsed = time.perf_counter() - start
    print(f"End of main coroutine after {elapsed:.1f}s")


asyncio.run(main())
