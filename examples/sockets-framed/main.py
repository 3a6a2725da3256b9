import asyncio

# The longest line the server accepts, in bytes.
MAX_LINE = 64

handlers = set()


async def shout(reader, writer):
    handlers.add(asyncio.current_task())
    while True:
        try:
            line = await reader.readline()
        except ValueError:
            # readline raises ValueError for a line longer than the limit.
            writer.write(f"error: lines are at most {MAX_LINE} bytes\n".encode())
            break
        if not line:
            break
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    # `limit` is the longest line readline accepts (and half of what the
    # StreamReader buffers before it stops reading); 64 KiB unless given.
    server = await asyncio.start_server(shout, "127.0.0.1", 0, limit=MAX_LINE)
    port = server.sockets[0].getsockname()[1]

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for request in ["hello", "a" * 100]:
        writer.write(f"{request}\n".encode())
        await writer.drain()
        reply = await reader.readline()
        print(f"sent {len(request)} bytes, got {reply.decode().rstrip()!r}")
    # After its refusal the server closed the connection: readline gives b"".
    if not await reader.readline():
        print("then the server hung up")

    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    await asyncio.gather(*handlers)


asyncio.run(main())
