import asyncio
import time


async def set_future_result(future, value):
    await asyncio.sleep(2)
    # Setting the result wakes whoever awaits the future.
    future.set_result(value)
    print(f"Set the future's result to: {value}")


async def main():
    start = time.perf_counter()
    # A bare future: an empty box that belongs to this event loop.
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    # Another task fills the box two seconds from now. Keep a reference to
    # it: the event loop only holds tasks weakly.
    setter = asyncio.create_task(
        set_future_result(future, "Future result is ready")
    )

    # Wait for the box to be filled.
    result = await future
    elapsed = time.perf_counter() - start
    print(f"Received the future's result: {result} after {elapsed:.1f}s")
    await setter


asyncio.run(main())
