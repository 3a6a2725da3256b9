import asyncio


async def readings():
    # Three readings; the third comes 2.8 seconds after the second.
    for number, gap in enumerate([1.0, 1.0, 2.8], start=1):
        await asyncio.sleep(gap)
        yield f"reading {number}"


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    sensor = readings()
    while True:
        try:
            reading = await asyncio.wait_for(anext(sensor), 1.5)
        except TimeoutError:
            # wait_for cancelled anext(), and the CancelledError went
            # through the generator's body, which ended it.
            print(f"silence at {loop.time() - start:.1f}s")
            continue
        except StopAsyncIteration:
            print(f"sensor ended at {loop.time() - start:.1f}s")
            break
        print(f"{reading} at {loop.time() - start:.1f}s")


asyncio.run(main())
