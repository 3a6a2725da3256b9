import asyncio
import time

start = time.perf_counter()


def now():
    return f"[{time.perf_counter() - start:.1f}s]"


async def producer(name, delay, queue):
    for n in range(1, 3):
        await asyncio.sleep(delay)
        await queue.put(f"{name} #{n}")


async def consumer(queue):
    while (message := await queue.get()) is not None:
        print(f"{now()} got {message}")
    print(f"{now()} got the sentinel: all producers are done")


async def main():
    queue = asyncio.Queue(maxsize=10)
    consumer_task = asyncio.create_task(consumer(queue))
    await asyncio.gather(
        producer("sensor A", 2, queue),
        producer("sensor B", 3, queue),
        producer("sensor C", 5, queue),
    )
    # The consumer cannot know how many producers there were: tell it.
    await queue.put(None)
    await consumer_task


asyncio.run(main())
