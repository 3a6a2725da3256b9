import asyncio
import time


async def download(start):
    try:
        print("download started")
        await asyncio.sleep(10)
        print("download finished")  # never printed
    except asyncio.CancelledError:
        # Cancellation is an exception raised at the await: the task may
        # clean up here (or even refuse, by not re-raising).
        print(f"download cancelled at {time.perf_counter() - start:.1f}s")
        raise


async def main():
    start = time.perf_counter()
    task = asyncio.create_task(download(start))
    await asyncio.sleep(1)
    task.cancel()
    print("cancel requested")
    try:
        await task
    except asyncio.CancelledError:
        print(f"task.cancelled() is {task.cancelled()}")


asyncio.run(main())
