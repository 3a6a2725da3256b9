import asyncio
import threading


def lookup_blocking(name, all_in):
    """From a synchronous library: blocks its thread. It waits until all
    three lookups are in progress at once."""
    all_in.wait()
    return len(name), threading.get_ident()


async def main():
    names = ["alice", "bob", "carol"]
    all_in = threading.Barrier(len(names))
    results = await asyncio.gather(
        *(asyncio.to_thread(lookup_blocking, name, all_in) for name in names)
    )
    lengths = [length for length, _ in results]
    threads = {ident for _, ident in results}
    print(f"lengths: {lengths}")
    print(f"{len(names)} lookups ran at once on {len(threads)} threads")


asyncio.run(main())
