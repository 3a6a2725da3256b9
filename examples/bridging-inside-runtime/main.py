import asyncio


async def fetch_price(item):
    await asyncio.sleep(0.01)
    return len(item) * 10


class PriceClient:
    """A blocking client for callers that are not async."""

    def __init__(self, loop):
        self.loop = loop

    def price(self, item, timeout=None):
        future = asyncio.run_coroutine_threadsafe(fetch_price(item), self.loop)
        return future.result(timeout)


async def main():
    client = PriceClient(asyncio.get_running_loop())
    # From a thread of the default executor: fine.
    apples = await asyncio.to_thread(client.price, "apples")
    print(f"from a thread: apples cost {apples}")

    print("from async code: asking for pears")
    try:
        # Blocks the loop's own thread, the one that would run fetch_price:
        # without a timeout, this would wait forever.
        client.price("pears", timeout=0.2)
    except TimeoutError:
        print("no answer after 0.2s: the loop was blocked, waiting for itself")


asyncio.run(main())
