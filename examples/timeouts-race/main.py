import asyncio
import time

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.1f}s"


async def fetch_from(mirror, seconds):
    await asyncio.sleep(seconds)
    print(f"{mirror}: finished at {now()}")
    return f"data from {mirror}"


async def main():
    tasks = [
        asyncio.create_task(fetch_from("mirror A", 2)),
        asyncio.create_task(fetch_from("mirror B", 1)),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        print(f"first: {task.result()} at {now()}")
    print(f"still pending: {len(pending)}")
    # Nothing cancelled the loser: it goes on running in the background.
    await asyncio.sleep(2)
    print(f"main done at {now()}")


asyncio.run(main())
