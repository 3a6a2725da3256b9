import asyncio

# More than the kernel buffers for one connection (typically a few MiB).
PAYLOAD = 64 * 1024 * 1024


async def slow_reader(reader, go):
    await go.wait()
    print("reader: reading now")
    total = 0
    while chunk := await reader.read(64 * 1024):  # b"" once the writer closes
        total += len(chunk)
    return total


async def main():
    accepted = asyncio.get_running_loop().create_future()

    async def on_connect(reader, writer):
        accepted.set_result((reader, writer))

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    reading_end, _ = await accepted
    go = asyncio.Event()
    reader = asyncio.create_task(slow_reader(reading_end, go))
    # From here on, the reader may start whenever this task waits.
    go.set()

    writer.write(b"x" * 1024)
    await writer.drain()
    print("writer: write and drain of 1 KiB returned")

    # write() never waits: what the kernel does not take stays in the
    # transport's buffer, in this process's memory.
    writer.write(b"x" * PAYLOAD)
    print(f"writer: write of {PAYLOAD // 1024 // 1024} MiB returned at once")
    # drain() is where the writer waits, until the buffer is nearly empty.
    await writer.drain()
    print("writer: drain returned")
    writer.close()
    await writer.wait_closed()

    print(f"reader: read {await reader} bytes")
    server.close()
    await server.wait_closed()


asyncio.run(main())
