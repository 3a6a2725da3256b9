import asyncio
import random
import time

MAX_ATTEMPTS = 5
FIRST_BACKOFF = 0.1
MAX_BACKOFF = 2.0

start = time.perf_counter()
# A fixed seed, so that every run waits the same. Real code uses the
# module's own generator, seeded differently in every process.
jitter = random.Random(7)


async def retry(operation):
    backoff = FIRST_BACKOFF
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return await operation()
        except ConnectionError as error:
            if attempt == MAX_ATTEMPTS:
                raise
            # Wait between half and all of the backoff, at random.
            wait = backoff * (0.5 + 0.5 * jitter.random())
            millis = f"{wait * 1000:.0f}ms"
            print(f"attempt {attempt} failed: {error}; next in {millis}")
            await asyncio.sleep(wait)
            backoff = min(backoff * 2, MAX_BACKOFF)


calls = 0


async def fetch_prices():
    # A service that fails three times, then answers.
    global calls
    calls += 1
    await asyncio.sleep(0.05)
    if calls <= 3:
        raise ConnectionError(f"503 on call {calls}")
    return [101, 99, 104]


async def main():
    try:
        prices = await retry(fetch_prices)
        print(f"prices {prices} after {time.perf_counter() - start:.2f}s")
    except ConnectionError as error:
        print(f"gave up: {error}")


asyncio.run(main())
