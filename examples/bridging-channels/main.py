import asyncio
import queue


def read_sensor_blocking(step):
    readings = [18, 19, 19, 22]
    return readings[step] if step < len(readings) else None


async def main():
    loop = asyncio.get_running_loop()
    # asyncio.Queue is not thread-safe: a thread may reach it only through
    # the loop. queue.Queue is thread-safe, and blocks.
    readings = asyncio.Queue(maxsize=2)
    lines = queue.Queue(maxsize=2)

    def sensor():
        step = 0
        while (reading := read_sensor_blocking(step)) is not None:
            # Runs put() on the loop and waits, so a full queue holds the
            # thread back.
            asyncio.run_coroutine_threadsafe(readings.put(reading), loop).result()
            step += 1
        asyncio.run_coroutine_threadsafe(readings.put(None), loop).result()

    def writer():
        written = []
        while (line := lines.get()) is not None:
            written.append(line)
        return written

    sensor_done = asyncio.create_task(asyncio.to_thread(sensor))
    writer_done = asyncio.create_task(asyncio.to_thread(writer))

    previous = None
    while (reading := await readings.get()) is not None:
        if previous is None:
            line = f"{reading}°C"
        else:
            line = f"{reading}°C ({reading - previous:+})"
        # put() may block while the queue is full: do it on a thread.
        await asyncio.to_thread(lines.put, line)
        previous = reading
    await asyncio.to_thread(lines.put, None)

    await sensor_done
    for line in await writer_done:
        print(f"the writer wrote: {line}")


asyncio.run(main())
