import asyncio
import time

# The event loop keeps only weak references to tasks: a task that nothing
# else refers to may be garbage-collected before it finishes.
background_tasks = set()


async def upload(file_name, start):
    await asyncio.sleep(1)
    print(f"{time.monotonic() - start:.1f}s: upload of {file_name} finished")


async def start_upload(file_name, start):
    task = asyncio.create_task(upload(file_name, start))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    print(f"{time.monotonic() - start:.1f}s: start_upload returns")


async def main():
    start = time.monotonic()
    await start_upload("report.pdf", start)
    print(f"{time.monotonic() - start:.1f}s: main goes on")
    await asyncio.sleep(2)
    print(f"{time.monotonic() - start:.1f}s: main ends")


asyncio.run(main())
