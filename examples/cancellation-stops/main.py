import asyncio
import time

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.1f}s"


async def save_report():
    try:
        print(f"writing part 1 at {now()}")
        await asyncio.sleep(1)
        print(f"writing part 2 at {now()}")
        await asyncio.sleep(1)  # the CancelledError is raised here
        print("report saved")
    except asyncio.CancelledError:
        print(f"CancelledError at {now()}")
        raise
    finally:
        # A finally block may await: the clean-up takes time of its own.
        await asyncio.sleep(0.5)
        print(f"clean-up done at {now()}")


async def main():
    task = asyncio.create_task(save_report())
    await asyncio.sleep(1.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"main saw the task end at {now()}")


asyncio.run(main())
