import asyncio
import queue


async def main():
    readings = queue.SimpleQueue()

    async def producer():
        readings.put("reading 1")

    task = asyncio.create_task(producer())
    # get() would block the loop's thread for ever: the producer needs this
    # very thread to run. With a time limit, the program can go on.
    try:
        print(f"received {readings.get(timeout=0.2)}")
    except queue.Empty:
        print("get: timed out; the producer never ran")

    # Awaiting lets the loop run the producer at last.
    await task
    print(f"after an await: {readings.get_nowait()!r}")


asyncio.run(main())
