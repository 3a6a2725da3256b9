import asyncio
import contextvars
import logging

# The request a line belongs to: each task has its own value.
request = contextvars.ContextVar("request", default="-")
start = 0.0


class AddContext(logging.Filter):
    def filter(self, record):
        record.request = request.get()
        record.clock = asyncio.get_running_loop().time() - start
        return True


handler = logging.StreamHandler()
handler.addFilter(AddContext())
handler.setFormatter(
    logging.Formatter("%(clock)4.1fs %(levelname)s request=%(request)s: %(message)s")
)
log = logging.getLogger("shop")
log.addHandler(handler)
log.setLevel(logging.INFO)


async def fetch_profile(user):
    await asyncio.sleep(0.3)
    log.info("profile loaded for %s", user)
    return f"profile of {user}"


async def audit(user):
    await asyncio.sleep(0.2)
    log.info("audited %s", user)


async def handle(number, user):
    request.set(number)  # only this task's copy of the context changes
    log.info("started")
    # A task created here copies the context, request number included.
    auditing = asyncio.create_task(audit(user))
    profile = await fetch_profile(user)
    await asyncio.sleep(0.1 * number)
    log.info("answered, %d bytes", len(profile))
    await auditing


async def main():
    global start
    start = asyncio.get_running_loop().time()
    await asyncio.gather(handle(1, "ada"), handle(2, "grace"))


asyncio.run(main())
