import asyncio
import io


class AuditLog:
    """The handle: callers put requests in the actor's mailbox, each with a
    future for its reply. The actor task is the only code that touches
    the log."""

    def __init__(self):
        self.mailbox = asyncio.Queue(maxsize=8)
        self.actor = asyncio.create_task(self._run())

    async def _run(self):
        out = io.StringIO()
        entries = 0
        # A queue does not know when its senders are gone: None says so.
        while (message := await self.mailbox.get()) is not None:
            request, argument, reply = message
            if request == "append":
                entries += 1
                out.write(f"{entries}: {argument}\n")
            if not reply.cancelled():
                reply.set_result(entries)
        return out.getvalue()

    async def _ask(self, request, argument=None):
        reply = asyncio.get_running_loop().create_future()
        await self.mailbox.put((request, argument, reply))
        return await reply

    async def append(self, entry):
        return await self._ask("append", entry)

    async def count(self):
        return await self._ask("count")

    async def close(self):
        await self.mailbox.put(None)
        return await self.actor


async def main():
    log = AuditLog()
    first, second = await asyncio.gather(
        log.append("alice logged in"),
        log.append("bob logged in"),
    )
    print(f"async tasks: entries {first} and {second}")

    # A plain thread reaches the actor through the loop.
    loop = asyncio.get_running_loop()

    def from_thread():
        append = log.append("nightly backup started")
        return asyncio.run_coroutine_threadsafe(append, loop).result()

    third = await asyncio.to_thread(from_thread)
    print(f"a plain thread: entry {third}")
    print(f"count: {await log.count()}")

    written = await log.close()
    print(f"the log:\n{written}", end="")


asyncio.run(main())
