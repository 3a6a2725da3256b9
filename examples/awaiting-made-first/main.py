import asyncio
import time


async def fetch_data(delay, id):
    print(f"Fetching data... id {id}")
    await asyncio.sleep(delay)  # stands in for a network request
    print(f"Data fetched, id {id}")
    return f"data {id}"


async def main():
    start = time.perf_counter()
    # Two coroutine objects, not tasks: neither has started.
    coroutine_1 = fetch_data(2, 1)
    coroutine_2 = fetch_data(2, 2)

    result_1 = await coroutine_1  # runs fetch 1, start to end
    print(f"Received {result_1!r}")
    result_2 = await coroutine_2  # only now does fetch 2 start
    print(f"Received {result_2!r}")
    print(f"finished in {time.perf_counter() - start:.1f}s")


asyncio.run(main())
