import asyncio
import time

start = time.perf_counter()


def now():
    return f"[{time.perf_counter() - start:.1f}s]"


async def downloader(cond, chunks):
    for n in range(1, 4):
        await asyncio.sleep(1)  # fetch one chunk
        async with cond:
            chunks.append(n)
            print(f"{now()} chunk {n} downloaded")
            # Wake every waiter; each one re-checks its own predicate.
            cond.notify_all()


async def viewer(name, needed, cond, chunks):
    async with cond:
        print(f"{now()} {name} waits for {needed} chunk(s)")
        # Sleeps (with the lock released) until the predicate holds.
        await cond.wait_for(lambda: len(chunks) >= needed)
        print(f"{now()} {name} starts with chunks {chunks}")


async def main():
    cond = asyncio.Condition()
    chunks = []
    await asyncio.gather(
        viewer("preview", 1, cond, chunks),
        viewer("player", 2, cond, chunks),
        viewer("saver", 3, cond, chunks),
        downloader(cond, chunks),
    )


asyncio.run(main())
