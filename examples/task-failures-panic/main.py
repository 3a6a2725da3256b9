import asyncio


async def fetch_data(id):
    await asyncio.sleep(1)
    if id == 2:
        raise ValueError(f"server {id} sent a malformed reply")
    return f"data {id}"


async def main():
    good = asyncio.create_task(fetch_data(1))
    bad = asyncio.create_task(fetch_data(2))
    # The exception is stored in the task and raised again where it is awaited.
    try:
        await bad
    except ValueError as error:
        print(f"task 2 failed: {error}")
    print(f"task 1 still finished: {await good}")


asyncio.run(main())
