import asyncio

counter = 0


async def increment():
    global counter
    value = counter  # read
    await asyncio.sleep(0.1)  # any await lets another task run here
    counter = value + 1  # write back: overwrites what the others wrote


async def main():
    await asyncio.gather(*(increment() for _ in range(5)))
    print(f"counter = {counter} after five increments")


asyncio.run(main())
