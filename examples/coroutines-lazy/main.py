import asyncio


async def fetch_data(delay):
    print("Fetching data...")
    await asyncio.sleep(delay)  # stands in for a network request
    print("Data fetched")
    return {"data": "Some data"}


async def main():
    # Calling a coroutine function runs none of its body: it makes a
    # coroutine object.
    coroutine = fetch_data(2)
    print(f"made a {type(coroutine).__name__} object; nothing has run yet")
    # Awaiting it runs the body, and gives back what it returns.
    result = await coroutine
    print(f"Received result: {result}")


asyncio.run(main())
