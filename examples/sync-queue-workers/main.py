import asyncio
import time

start = time.perf_counter()


def now():
    return f"[{time.perf_counter() - start:.1f}s]"


async def worker(name, queue):
    while True:
        job = await queue.get()
        print(f"{now()} {name} starts job {job}")
        await asyncio.sleep(1)  # one second of work per job
        queue.task_done()  # count the job as finished, for queue.join()


async def main():
    queue = asyncio.Queue()
    for job in range(1, 7):
        queue.put_nowait(job)
    workers = [
        asyncio.create_task(worker(f"worker {n}", queue)) for n in range(1, 4)
    ]
    # Returns once task_done() has been called for every item put.
    await queue.join()
    print(f"{now()} queue.join() returned: all 6 jobs done")
    # The workers are still blocked in get(): cancel them.
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)


asyncio.run(main())
