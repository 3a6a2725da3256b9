import asyncio
import os
import signal

MAX_CLIENTS = int(os.environ.get("KV_MAX_CLIENTS", "64"))
IDLE_TIMEOUT = int(os.environ.get("KV_IDLE_TIMEOUT_MS", "30000")) / 1000
# The longest line readline accepts, in bytes: StreamReader's default,
# given explicitly, since without a limit a client that never sent a
# newline would make the server buffer all that it sent.
MAX_LINE = 64 * 1024

USAGE = {
    "SET": "SET key value",
    "GET": "GET key",
    "DEL": "DEL key",
    "QUIT": "QUIT",
}


def execute(store, line):
    """Carries out one line: the reply, and whether the client is done."""
    match line.split():
        case []:
            return "ERR empty line", False
        case ["SET", key, value]:
            store[key] = value
            return "OK", False
        case ["GET", key]:
            value = store.get(key)
            return ("NOT FOUND" if value is None else f"VALUE {value}"), False
        case ["DEL", key]:
            found = store.pop(key, None) is not None
            return ("DELETED" if found else "NOT FOUND"), False
        case ["QUIT"]:
            return "BYE", True
        case [command, *_] if command in USAGE:
            return f"ERR usage: {USAGE[command]}", False
        case [command, *_]:
            return f"ERR unknown command {command}", False


async def send(writer, line):
    writer.write(f"{line}\n".encode())
    await writer.drain()


async def main():
    store = {}
    connected = set()  # the handler tasks of the clients let in

    async def handle_client(reader, writer):
        if len(connected) >= MAX_CLIENTS:
            await send(writer, "BUSY try again later")
            writer.close()
            return
        this_task = asyncio.current_task()
        connected.add(this_task)
        try:
            await send(writer, "HELLO")
            while True:
                try:
                    async with asyncio.timeout(IDLE_TIMEOUT):
                        line = await reader.readline()
                except TimeoutError:
                    await send(writer, "BYE idle timeout")
                    break
                except ValueError:  # a line longer than MAX_LINE
                    # More of the line may still be coming: answer, and
                    # hang up.
                    await send(writer, "ERR line too long")
                    break
                if not line:  # the client closed the connection
                    break
                reply, done = execute(store, line.decode())
                await send(writer, reply)
                if done:
                    break
        except asyncio.CancelledError:
            # Only shutdown cancels a handler. It says goodbye and ends
            # normally: before Python 3.11.8 and 3.12.2, start_server logs
            # a handler that ends cancelled as an error.
            await send(writer, "BYE server shutting down")
        finally:
            # The place is free before the connection closes.
            connected.discard(this_task)
            writer.close()

    server = await asyncio.start_server(
        handle_client, "127.0.0.1", 0, limit=MAX_LINE
    )
    stop = asyncio.Event()
    # Installed before the address is printed: from here on, SIGINT sets
    # the event instead of interrupting the program.
    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
    host, port = server.sockets[0].getsockname()
    print(f"listening on {host}:{port}", flush=True)

    await stop.wait()
    server.close()  # closes the listening socket: new clients are refused
    connected_now = len(connected)
    print(f"shutting down, clients still connected: {connected_now}", flush=True)
    handlers = list(connected)
    for handler in handlers:
        handler.cancel()
    await asyncio.gather(*handlers)
    await server.wait_closed()
    print("shutdown complete", flush=True)


asyncio.run(main())
