import asyncio
import time


async def wait_for_reply(id):
    # Stands in for a request whose answer takes one second to arrive.
    await asyncio.sleep(1)
    return id


async def main():
    start = time.perf_counter()
    # 10,000 coroutines, all waiting at the same time on one thread.
    replies = await asyncio.gather(*(wait_for_reply(id) for id in range(10_000)))
    elapsed = time.perf_counter() - start
    print(f"{len(replies)} replies in {elapsed:.1f}s")


asyncio.run(main())
