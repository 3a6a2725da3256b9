import asyncio
import time


async def fetch_data(id, sleep_time):
    print(f"Coroutine {id} starting to fetch data.")
    await asyncio.sleep(sleep_time)
    return {"id": id, "data": f"Sample data from coroutine {id}"}


async def main():
    start = time.perf_counter()
    # Run the three concurrently and collect their return values, in the
    # order they were passed (not the order they finished).
    results = await asyncio.gather(
        fetch_data(1, 2), fetch_data(2, 1), fetch_data(3, 3)
    )
    for result in results:
        print(f"Received result: {result}")
    print(f"finished in {time.perf_counter() - start:.1f}s")


asyncio.run(main())
