import asyncio
import time

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.1f}s"


async def fetch_data():
    print("fetch started")
    try:
        await asyncio.sleep(2)  # stands in for a slow server
    except asyncio.CancelledError:
        print(f"fetch cancelled at {now()}")
        raise
    return "data"


async def main():
    # wait_for cancels the coroutine when the time is up. (Python 3.11 runs
    # it as a task of its own; 3.12 and later run it in this task.)
    try:
        data = await asyncio.wait_for(fetch_data(), timeout=1)
        print(f"got {data}")
    except TimeoutError:
        print(f"wait_for gave up at {now()}")

    # asyncio.timeout cancels the task that runs the block, here main
    # itself, and turns the cancellation into a TimeoutError on the way out.
    try:
        async with asyncio.timeout(1):
            data = await fetch_data()
            print(f"got {data}")
    except TimeoutError:
        print(f"timeout block gave up at {now()}")


asyncio.run(main())
