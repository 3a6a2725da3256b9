import asyncio
import time


async def fetch_data(id, delay):
    print(f"fetching {id}")
    await asyncio.sleep(delay)
    return f"data {id}"


start = time.perf_counter()
# One event loop for several top-level calls (Python 3.11 and newer).
with asyncio.Runner() as runner:
    first = runner.run(fetch_data(1, 1))
    print(f"{first} at {time.perf_counter() - start:.1f}s")
    second = runner.run(fetch_data(2, 2))
    print(f"{second} at {time.perf_counter() - start:.1f}s")
