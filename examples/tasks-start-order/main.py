import asyncio
import time


async def fetch_data(delay, id):
    print(f"Coroutine {id} starting to fetch data.")
    await asyncio.sleep(delay)
    return {"data": "010110", "id": id}


async def main():
    start = time.perf_counter()
    print("Start of main coroutine")
    task_1 = asyncio.create_task(fetch_data(0.5, 0))
    task_2 = asyncio.create_task(fetch_data(1, 1))
    # The tasks are scheduled, but main still holds the thread: they start
    # only when main reaches an await that has to wait.
    print("Tasks created")
    data_1 = await task_1
    print(f"Received data = {data_1}")
    data_2 = await task_2
    print(f"Received data = {data_2}")
    print("End of main coroutine")
    print(f"Time elapsed = {time.perf_counter() - start:.1f}s")


asyncio.run(main())
