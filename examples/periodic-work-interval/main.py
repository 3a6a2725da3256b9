import asyncio
import time

start = time.perf_counter()


async def refresh_cache():
    # Stands in for work that takes 0.3 s.
    await asyncio.sleep(0.3)


async def main():
    loop = asyncio.get_running_loop()
    next_run = loop.time()
    for _ in range(4):
        # Sleep until the next deadline on the loop's clock, not for a
        # fixed time: the work's duration no longer adds up.
        await asyncio.sleep(max(0, next_run - loop.time()))
        print(f"refresh at {time.perf_counter() - start:.1f}s")
        await refresh_cache()
        next_run += 1


asyncio.run(main())
