import asyncio


async def fetch_data(delay):
    await asyncio.sleep(delay)
    return {"data": "Some data"}


async def main():
    coroutine = fetch_data(1)
    print(await coroutine)
    try:
        await coroutine  # a coroutine object runs once
    except RuntimeError as error:
        print(f"RuntimeError: {error}")
    # A second run needs a second coroutine object.
    print(await fetch_data(1))


asyncio.run(main())
