import asyncio
import unittest


async def fetch_price(symbol):
    await asyncio.sleep(0.02)  # stands for the network round trip
    prices = {"ACME": 101, "GLOBEX": 87}
    if symbol not in prices:
        raise KeyError(f"unknown symbol {symbol}")
    return prices[symbol]


class FetchPriceTests(unittest.IsolatedAsyncioTestCase):
    async def test_answers_with_the_price(self):
        self.assertEqual(await fetch_price("ACME"), 101)

    async def test_an_unknown_symbol_is_an_error(self):
        with self.assertRaises(KeyError):
            await fetch_price("NOPE")

    async def test_gives_up_after_five_seconds(self):
        async def never_answers():
            await asyncio.Event().wait()

        with self.assertRaises(TimeoutError):
            async with asyncio.timeout(5):
                await never_answers()

    async def test_runs_in_debug_mode(self):
        self.assertTrue(asyncio.get_running_loop().get_debug())


if __name__ == "__main__":
    unittest.main(verbosity=2)
