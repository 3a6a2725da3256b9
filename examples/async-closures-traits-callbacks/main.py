import asyncio
import time


async def fetch_size(url):
    await asyncio.sleep(0.5)  # stands in for a download
    return len(url) * 100


async def for_each_page(paths, handler):
    for path in paths:
        url = f"https://example.com{path}"
        await handler(url)


async def main():
    start = time.monotonic()
    total = 0

    # Python has no async lambda: an async callback is an `async def`.
    async def add_size(url):
        nonlocal total
        size = await fetch_size(url)
        total += size
        print(f"{url}: {size} bytes")

    await for_each_page(["/index.html", "/contact.html"], add_size)
    print(f"total {total} bytes in {time.monotonic() - start:.1f}s")


asyncio.run(main())
