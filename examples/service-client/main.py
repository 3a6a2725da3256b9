"""Plays one fixed session against the key-value server that the command
line starts, and prints everything that was said:

    python3 examples/service-client/main.py SERVER COMMAND...

Each step waits for its answer before the next one starts, so the
transcript is the same on every run, whichever server it drives.
"""

import asyncio
import os
import re
import signal
import sys

# The server's settings: two clients at most, and three seconds of
# silence before a client is sent away. The idle clock runs whenever the
# server waits for a client's next line, so every client is exposed to it,
# not only Alice. The session keeps every other client's silences short:
# one or two exchanges of another client, milliseconds even on a busy
# machine, and far from three seconds.
SETTINGS = {"KV_MAX_CLIENTS": "2", "KV_IDLE_TIMEOUT_MS": "3000"}
# How long to wait for any one answer before giving up.
PATIENCE = 10


class Client:
    def __init__(self, name, reader, writer):
        self.name, self.reader, self.writer = name, reader, writer

    @classmethod
    async def connect(cls, name, address):
        reader, writer = await asyncio.open_connection(*address)
        client = cls(name, reader, writer)
        await client.receive()  # the greeting, or why there is none
        return client

    async def receive(self):
        async with asyncio.timeout(PATIENCE):
            line = await self.reader.readline()
        if line:
            print(f"{self.name} < {line.decode().rstrip()}")
        else:
            print(f"{self.name}: connection closed")
            self.writer.close()

    async def send(self, line):
        print(f"{self.name} > {line or '(an empty line)'}")
        self.writer.write(f"{line}\n".encode())
        await self.writer.drain()
        await self.receive()

    async def send_unfinished(self, size):
        """Sends `size` bytes of a line, without its newline."""
        print(f"{self.name} > ({size} bytes, and no newline yet)")
        self.writer.write(b"x" * size)
        await self.writer.drain()
        await self.receive()


async def session(address, server):
    alice = await Client.connect("alice", address)
    await alice.send("SET colour blue")
    bob = await Client.connect("bob", address)
    await bob.send("GET colour")
    await bob.send("SET colour green")
    # Alice and Bob take turns, so that neither is silent for long.
    await alice.send("GET colour")
    await bob.send("FLY away")
    await alice.send("DEL colour")
    await bob.send("SET colour")
    await alice.send("DEL colour")
    await bob.send("")

    # Two clients are connected: a third is turned away.
    carol = await Client.connect("carol", address)
    await carol.receive()
    await bob.send("QUIT")
    await bob.receive()

    # Alice's only long silence. Had her time run out early, after Carol
    # was turned away, the transcript would be the same: what the server
    # said waits in her socket until it is read here.
    print("alice says nothing")
    await alice.receive()
    await alice.receive()

    dave = await Client.connect("dave", address)
    await dave.send("SET colour red")

    # A line longer than the servers read: 64 KiB and one more byte. It is
    # sent without its newline, so that a server has read every byte sent
    # when it hangs up; closing a socket with bytes still unread in it
    # would reset the connection, and the reply could be lost.
    mallory = await Client.connect("mallory", address)
    await mallory.send_unfinished(64 * 1024 + 1)
    await mallory.receive()
    print("the client sends SIGINT to the server")
    server.send_signal(signal.SIGINT)
    await dave.receive()
    await dave.receive()
    # The server closed its listening socket before it told Dave, so
    # nothing listens on the port now. (Another program could take the
    # freed port only by a rare chance: the system picks free ports at
    # random among thousands.)
    try:
        await Client.connect("erin", address)
    except ConnectionRefusedError:
        print("erin: connection refused")


async def main():
    command = sys.argv[1:]
    if not command:
        sys.exit(f"usage: {sys.argv[0]} SERVER COMMAND...")
    server = await asyncio.create_subprocess_exec(
        *command,
        env={**os.environ, **SETTINGS},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with asyncio.timeout(PATIENCE):
            first = (await server.stdout.readline()).decode()
        found = re.fullmatch(r"listening on (127\.0\.0\.1):(\d+)\n", first)
        if found is None:
            sys.exit(f"the server's first line should be its address: {first!r}")
        # The port changes from run to run: the transcript does not show it.
        print("server: listening on 127.0.0.1:<port>")
        await session((found[1], int(found[2])), server)

        async with asyncio.timeout(PATIENCE):
            last_words = await server.stdout.read()
            status = await server.wait()
        for line in last_words.decode().splitlines():
            print(f"server: {line}")
        print(f"server exited with status {status}")
    finally:
        # Whatever went wrong, no server is left running.
        if server.returncode is None:
            server.kill()
            await server.wait()


asyncio.run(main())
