import asyncio
import unittest
from unittest import mock


async def serve_client(reader, writer, idle_limit=30.0):
    while True:
        try:
            async with asyncio.timeout(idle_limit):
                line = await reader.readline()
        except TimeoutError:
            writer.write(b"BYE idle\n")
            await writer.drain()
            return
        except ValueError:  # a line longer than the reader's limit
            writer.write(b"ERR line too long\n")
            await writer.drain()
            return
        if not line:  # the client closed its side
            return
        reply = b"PONG\n" if line.strip() == b"PING" else b"ERR unknown command\n"
        writer.write(reply)
        await writer.drain()


def fake_writer():
    writer = mock.Mock()
    writer.drain = mock.AsyncMock()
    return writer


class ServeClientTests(unittest.IsolatedAsyncioTestCase):
    async def test_answers_ping_with_pong(self):
        reader = asyncio.StreamReader()
        reader.feed_data(b"PING\nHELLO\n")
        reader.feed_eof()
        writer = fake_writer()
        await serve_client(reader, writer)
        self.assertEqual(
            writer.write.call_args_list,
            [mock.call(b"PONG\n"), mock.call(b"ERR unknown command\n")],
        )

    async def test_says_bye_to_a_silent_client(self):
        reader = asyncio.StreamReader()  # nothing fed: a silent client
        writer = fake_writer()
        # Thirty real seconds is too long for a test: shrink the limit.
        await serve_client(reader, writer, idle_limit=0.05)
        writer.write.assert_called_once_with(b"BYE idle\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
