import asyncio


async def waiter(name, future):
    result = await future
    print(f"{name} waiter got: {result}")


async def main():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    # Any number of tasks may await the same future.
    waiters = [
        asyncio.create_task(waiter(name, future)) for name in ("first", "second")
    ]

    await asyncio.sleep(2)
    future.set_result("Future result is ready")
    await asyncio.gather(*waiters)

    # A done future keeps its result: awaiting it again returns it at once.
    print(f"main, awaiting it once more: {await future}")


asyncio.run(main())
