import asyncio


async def fetch_data(delay):
    print("Fetching data...")
    await asyncio.sleep(delay)
    return {"data": "Some data"}


async def main():
    fetch_data(2)  # the await is missing: the body never runs
    print("End of main")


asyncio.run(main())
