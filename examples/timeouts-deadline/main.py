import asyncio
import time

start = time.perf_counter()


async def step(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} done at {time.perf_counter() - start:.1f}s")


async def main():
    # One budget for the whole exchange, not one per step.
    try:
        async with asyncio.timeout(1):
            await step("connect", 0.4)
            await step("send request", 0.3)
            await step("read reply", 0.5)
    except TimeoutError:
        print(f"gave up at {time.perf_counter() - start:.1f}s")


asyncio.run(main())
