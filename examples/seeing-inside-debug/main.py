import asyncio
import logging
import re
import time


class ReportSlowSteps(logging.Handler):
    """Prints asyncio's slow-step warnings, keeping the task's name and the
    time; the rest of the message holds file paths and ids."""

    def emit(self, record):
        if record.msg.startswith("Executing %s took"):
            step, seconds = record.args
            name = re.search(r"name='([^']*)'", step).group(1)
            print(f"asyncio warns: a step of {name} took {seconds:.1f} s")


logging.getLogger("asyncio").addHandler(ReportSlowSteps())


async def handle(number, start):
    await asyncio.sleep(0.1)
    if number == 2:
        time.sleep(0.3)  # a blocking call: the whole loop stops with it
    elapsed = asyncio.get_running_loop().time() - start
    print(f"request {number} answered at {elapsed:.1f}s")


async def main():
    loop = asyncio.get_running_loop()
    print(f"debug mode: {loop.get_debug()}, slow step: {loop.slow_callback_duration}s")
    start = loop.time()
    async with asyncio.TaskGroup() as group:
        for number in (1, 2, 3):
            group.create_task(handle(number, start), name=f"handle-{number}")


asyncio.run(main(), debug=True)
