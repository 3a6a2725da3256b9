import asyncio
import time

start = time.perf_counter()


async def fetch(url, limit):
    async with limit:  # at most three fetches hold the semaphore at once
        await asyncio.sleep(1)
        return f"{url}: 200"


async def main():
    limit = asyncio.Semaphore(3)
    urls = [f"/page/{number}" for number in range(1, 11)]
    pages = await asyncio.gather(*(fetch(url, limit) for url in urls))
    print(f"{len(pages)} pages in {time.perf_counter() - start:.1f}s")


asyncio.run(main())
