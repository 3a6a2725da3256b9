import asyncio


async def main():
    print("Start of main coroutine")


# main is a coroutine function; main() is a coroutine object, which does
# nothing until an event loop runs it.
asyncio.run(main())
