import asyncio
import time


async def fetch_data(id, sleep_time):
    print(f"Coroutine {id} starting to fetch data.")
    await asyncio.sleep(sleep_time)  # stands in for a network request
    return {"id": id, "data": f"Sample data from coroutine {id}"}


async def main():
    start = time.perf_counter()
    tasks = []
    # TaskGroup() with parentheses: the group is an instance, made fresh
    # for this block. Leaving the block waits for every task in it.
    async with asyncio.TaskGroup() as tg:
        for i, sleep_time in enumerate([2, 1, 3], start=1):
            task = tg.create_task(fetch_data(i, sleep_time))
            tasks.append(task)

    print(f"all done at {time.perf_counter() - start:.1f}s")
    results = [task.result() for task in tasks]
    for result in results:
        print(f"Received result: {result}")


asyncio.run(main())
