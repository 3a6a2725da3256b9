import asyncio
import time

CACHE = {"user:1": "Ada"}


async def set_future_result(future, key):
    await asyncio.sleep(2)
    value = CACHE.get(key)
    if value is None:
        # An early exit: the future is never set, and nothing tells the
        # task that awaits it.
        return
    future.set_result(value)


async def main():
    start = time.perf_counter()
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    setter = asyncio.create_task(set_future_result(future, "user:2"))

    # Without a timeout, this await would wait forever.
    try:
        result = await asyncio.wait_for(future, timeout=5)
        print(f"Received the future's result: {result}")
    except TimeoutError:
        elapsed = time.perf_counter() - start
        print(f"Gave up after {elapsed:.1f}s: nobody set the future")
    await setter


asyncio.run(main())
