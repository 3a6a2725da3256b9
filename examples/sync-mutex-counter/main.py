import asyncio
import time

# A shared variable, and the lock that guards it.
shared_resource = 0
lock = asyncio.Lock()


async def modify_shared_resource():
    global shared_resource
    # Only one task at a time gets past this line; the others wait here.
    async with lock:
        print(f"Resource before modification: {shared_resource}")
        shared_resource += 1
        await asyncio.sleep(1)  # simulate I/O while holding the lock
        print(f"Resource after modification: {shared_resource}")


async def main():
    start = time.perf_counter()
    await asyncio.gather(*(modify_shared_resource() for _ in range(5)))
    print(f"Total: {time.perf_counter() - start:.1f}s")


asyncio.run(main())
