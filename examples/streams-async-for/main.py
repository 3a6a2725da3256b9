import asyncio
import time

start = time.perf_counter()


async def fetch_pages(count):
    # An async generator: it awaits, and yields each item in turn.
    for number in range(1, count + 1):
        await asyncio.sleep(1)  # one second per page
        yield f"page {number}"


async def main():
    async for page in fetch_pages(3):
        print(f"got {page} at {time.perf_counter() - start:.1f}s")
    print("no more pages")


asyncio.run(main())
