import asyncio
import time

start = time.perf_counter()


async def refresh_cache():
    # Stands in for work that takes 0.3 s.
    await asyncio.sleep(0.3)


async def main():
    for _ in range(4):
        print(f"refresh at {time.perf_counter() - start:.1f}s")
        await refresh_cache()
        # One second from *now*, after the work: the period is 1.3 s.
        await asyncio.sleep(1)


asyncio.run(main())
