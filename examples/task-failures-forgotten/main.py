import asyncio


async def fetch_data():
    print("starting fetch")
    await asyncio.sleep(2)  # stands in for waiting on a server
    print("finished fetch")
    return {"data": 1}


async def print_numbers():
    try:
        for i in range(10):
            print(i)
            await asyncio.sleep(0.3)
    except asyncio.CancelledError:
        print("print_numbers was cancelled")
        raise


async def main():
    task1 = asyncio.create_task(fetch_data())
    task2 = asyncio.create_task(print_numbers())  # never awaited

    value = await task1
    print(value)
    # main returns here; asyncio.run then cancels every task still pending.


asyncio.run(main())
