import asyncio
import threading


def this_thread():
    return threading.current_thread().name


async def fetch_price(item):
    print(f"fetch_price({item!r}) runs on {this_thread()}")
    await asyncio.sleep(0.01)
    return len(item) * 10


def log_on_loop(message):
    print(f"{message!r} logged on {this_thread()}")


def ui(loop):
    # The coroutine runs on the loop's thread; this thread blocks until
    # its result is ready.
    future = asyncio.run_coroutine_threadsafe(fetch_price("apples"), loop)
    print(f"{this_thread()}: apples cost {future.result()}")
    # A plain function, called on the loop's thread.
    loop.call_soon_threadsafe(log_on_loop, "ui clicked")


loop = asyncio.new_event_loop()
loop_thread = threading.Thread(target=loop.run_forever, name="event-loop")
loop_thread.start()

ui_thread = threading.Thread(target=ui, args=(loop,), name="ui")
ui_thread.start()
ui_thread.join()

# Callbacks already scheduled run before the loop stops.
loop.call_soon_threadsafe(loop.stop)
loop_thread.join()
loop.close()
