import asyncio
import threading


def checksum(data):
    return sum(data) % 65521


def worker(loop, future, data):
    # This runs in another thread, outside the event loop.
    result = checksum(data)
    try:
        # Wrong: the loop's methods are not thread-safe. Debug mode checks
        # the calling thread and raises; without debug mode, nothing checks.
        loop.call_soon(future.set_result, result)
    except RuntimeError as error:
        print(f"worker thread: RuntimeError: {error}")
    # Right: hand the call to the loop's own thread, and wake the loop.
    loop.call_soon_threadsafe(future.set_result, result)


async def main():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    thread = threading.Thread(target=worker, args=(loop, future, bytes(range(256))))
    thread.start()
    print(f"checksum from the worker thread: {await future}")
    thread.join()


asyncio.run(main(), debug=True)
