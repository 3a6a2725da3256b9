import asyncio
import socket

# The kernel buffer asked for on each side: the writer's send buffer and
# the reader's receive buffer. Linux doubles it, for its own bookkeeping.
KERNEL_BUFFER = 64 * 1024
# Several times what the kernel buffers for the connection, on any machine.
PAYLOAD = 1024 * 1024


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

    # Small kernel buffers, whatever the machine's defaults: make the sockets
    # yourself, set the options, and hand them to asyncio with sock=. The
    # sockets a listener accepts take their buffer sizes from it.
    listening = socket.socket()
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, KERNEL_BUFFER)
    listening.bind(("127.0.0.1", 0))
    server = await asyncio.start_server(on_connect, sock=listening)
    sending = socket.socket()
    sending.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, KERNEL_BUFFER)
    sending.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sending, listening.getsockname())
    _, writer = await asyncio.open_connection(sock=sending)
    reading_end, reading_end_writer = await accepted
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
    print(f"writer: write of {PAYLOAD // 1024} KiB returned at once")
    # drain() is where the writer waits, until the buffer is nearly empty.
    await writer.drain()
    print("writer: drain returned")
    writer.close()
    await writer.wait_closed()

    print(f"reader: read {await reader} bytes")
    # Since Python 3.12.1, the server's wait_closed also waits for the
    # connections it accepted: close the reading end's side too.
    reading_end_writer.close()
    await reading_end_writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
