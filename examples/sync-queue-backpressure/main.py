import asyncio
import time

start = time.perf_counter()


def now():
    return f"[{time.perf_counter() - start:.1f}s]"


async def producer(queue):
    for job in range(1, 6):
        # put() waits while the queue holds maxsize items.
        await queue.put(job)
        print(f"{now()} queued job {job}")
    await queue.put(None)  # a sentinel: "no more jobs"


async def consumer(queue):
    while (job := await queue.get()) is not None:
        await asyncio.sleep(1)  # one second of work per job
        print(f"{now()} finished job {job}")
    print(f"{now()} got the sentinel: no more jobs")


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))


asyncio.run(main())
