import asyncio
import time

start = time.perf_counter()


def now():
    return f"at {time.perf_counter() - start:.1f}s"


async def worker(barrier, loaded, worker_id):
    await asyncio.sleep(worker_id + 1)  # load this worker's part of the data
    loaded.append(worker_id)
    print(f"worker {worker_id} loaded its part {now()}")
    # Wait here until all three workers have arrived.
    index = await barrier.wait()
    parts = f"{len(loaded)} of 3 parts"
    print(f"worker {worker_id} passes {now()}: {parts} (index {index})")


async def main():
    barrier = asyncio.Barrier(3)  # Python 3.11 and newer
    loaded = []
    await asyncio.gather(*(worker(barrier, loaded, i) for i in range(3)))


asyncio.run(main())
