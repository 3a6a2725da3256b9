import asyncio
import time

start = time.perf_counter()


def now():
    return f"[{time.perf_counter() - start:.1f}s]"


async def waiter(name, event):
    print(f"{now()} {name} waits")
    await event.wait()
    print(f"{now()} {name} passes")


async def main():
    event = asyncio.Event()
    early = asyncio.create_task(waiter("early waiter", event))
    await asyncio.sleep(1)
    event.set()
    print(f"{now()} set(), is_set() = {event.is_set()}")
    await early

    # The flag stays set: a waiter that comes after set() passes at once.
    await asyncio.sleep(1)
    await waiter("late waiter", event)

    # clear() lowers the flag again: the next waiter blocks.
    event.clear()
    print(f"{now()} clear(), is_set() = {event.is_set()}")
    try:
        async with asyncio.timeout(1):
            await waiter("waiter after clear", event)
    except TimeoutError:
        print(f"{now()} waiter after clear: still waiting, gave up")


asyncio.run(main())
