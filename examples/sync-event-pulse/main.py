import asyncio
import time


async def waiter(event, start):
    await event.wait()
    print(f"[{time.perf_counter() - start:.1f}s] waiter released")


async def main():
    start = time.perf_counter()
    event = asyncio.Event()
    task = asyncio.create_task(waiter(event, start))
    await asyncio.sleep(1)
    # A pulse: set() and clear() with no await in between.
    event.set()
    event.clear()
    print(f"[{time.perf_counter() - start:.1f}s] set() then clear()")
    try:
        async with asyncio.timeout(1):
            await task
    except TimeoutError:
        print("waiter still blocked")


asyncio.run(main())
