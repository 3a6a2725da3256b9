import asyncio

# The server's handler tasks, so that main can wait for them at the end.
handlers = set()


async def echo(reader, writer):
    # start_server runs this coroutine in a task of its own for each
    # connection: the server never waits for one client to finish.
    handlers.add(asyncio.current_task())
    while line := await reader.readline():  # b"" at the end of the stream
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def exchange(reader, writer, line):
    writer.write(f"{line}\n".encode())
    await writer.drain()
    reply = await reader.readline()
    return reply.decode().rstrip("\n")


async def main():
    # Port 0: the operating system picks a free port.
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    alice = await asyncio.open_connection("127.0.0.1", port)
    print(f"alice got {await exchange(*alice, 'hello')}")
    # Bob is served while Alice is still connected.
    bob = await asyncio.open_connection("127.0.0.1", port)
    print(f"bob got {await exchange(*bob, 'hi')}")
    print(f"alice got {await exchange(*alice, 'bye')}")

    for _, writer in (alice, bob):
        writer.close()
        await writer.wait_closed()
    server.close()
    await server.wait_closed()
    # In Python 3.11, wait_closed does not wait for the connections; since
    # 3.12 it does, but still not for the handlers to return.
    await asyncio.gather(*handlers)


asyncio.run(main())
