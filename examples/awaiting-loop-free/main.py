import asyncio
import time


async def fetch_data(delay, id):
    await asyncio.sleep(delay)  # stands in for a network request
    return f"data {id}"


async def tick(start):
    for _ in range(4):
        print(f"    tick at {time.perf_counter() - start:.1f}s")
        await asyncio.sleep(0.4)


async def main():
    start = time.perf_counter()
    # A task: the event loop runs it whenever main is waiting.
    ticker = asyncio.create_task(tick(start))
    data_1 = await fetch_data(0.5, 1)
    print(f"Received {data_1!r} at {time.perf_counter() - start:.1f}s")
    data_2 = await fetch_data(1, 2)
    print(f"Received {data_2!r} at {time.perf_counter() - start:.1f}s")
    await ticker


asyncio.run(main())
