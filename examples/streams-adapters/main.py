import asyncio
import time

start = time.perf_counter()


async def readings():
    for celsius in [18.5, 21.0, 19.5, 23.5, 22.0, 24.5, 20.0]:
        await asyncio.sleep(1)  # a reading every second
        yield celsius


async def main():
    # An async comprehension: filter and map, then collect into a list.
    warm = [f"{celsius:.1f}" async for celsius in readings() if celsius > 20.0]
    print(f"{warm} at {time.perf_counter() - start:.1f}s")


asyncio.run(main())
