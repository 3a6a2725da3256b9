import asyncio
import time

start = time.perf_counter()


def now():
    return f"at {time.perf_counter() - start:.1f}s"


async def access_resource(semaphore, resource_id):
    # At most two tasks are inside this block at any moment.
    async with semaphore:
        print(f"Accessing resource {resource_id} {now()}")
        await asyncio.sleep(1)  # simulate work with the resource
        print(f"Releasing resource {resource_id} {now()}")


async def main():
    semaphore = asyncio.Semaphore(2)  # allow two concurrent accesses
    await asyncio.gather(*(access_resource(semaphore, i) for i in range(5)))
    print(f"All done {now()}")


asyncio.run(main())
