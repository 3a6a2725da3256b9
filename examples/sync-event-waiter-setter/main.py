import asyncio
import time


async def waiter(event):
    print("waiting for the event to be set")
    await event.wait()
    print("event has been set, continuing execution")


async def setter(event):
    await asyncio.sleep(2)  # simulate doing some work
    event.set()
    print("event has been set!")


async def main():
    start = time.perf_counter()
    event = asyncio.Event()
    await asyncio.gather(waiter(event), setter(event))
    print(f"done after {time.perf_counter() - start:.1f}s")


asyncio.run(main())
