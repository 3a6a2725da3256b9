import asyncio
import time

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.1f}s"


async def save_order(order):
    await asyncio.sleep(2)
    print(f"order {order} saved at {now()}")


async def handle_request(order):
    # The save runs as a task of its own; shield keeps the cancellation
    # of this coroutine from reaching it.
    save = asyncio.create_task(save_order(order))
    await asyncio.shield(save)
    print("request answered")  # not reached: the request timed out


async def main():
    try:
        async with asyncio.timeout(1):
            await handle_request(1)
    except TimeoutError:
        print(f"request timed out at {now()}")
    await asyncio.sleep(2)
    print(f"main done at {now()}")


asyncio.run(main())
