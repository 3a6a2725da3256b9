//! A tiny executor: `block_on` built from `thread::park` and a `Waker`.

use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// The countdown future from the previous program, unchanged.
struct Countdown {
    remaining: u32,
    polls: u32,
}

impl Countdown {
    fn new(steps: u32) -> Self {
        Countdown {
            remaining: steps,
            polls: 0,
        }
    }
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.polls += 1;
        if self.remaining == 0 {
            println!("  poll {}: ready", self.polls);
            return Poll::Ready("liftoff");
        }
        println!("  poll {}: {} to go, pending", self.polls, self.remaining);
        self.remaining -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// ANCHOR: main
/// What a waker does for this executor: unpark the thread that runs it.
struct ThreadWaker {
    thread: Thread,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        println!("    waker: unparking the executor's thread");
        self.thread.unpark();
    }
}

/// Runs `future` to completion on this thread, like
/// `futures::executor::block_on` (and, without its timers and sockets,
/// tokio's `Runtime::block_on`).
fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` takes `Pin<&mut F>`: pin the future where it stands, on the
    // stack. It cannot move again, and the compiler makes sure of it.
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker {
        thread: thread::current(),
    }));
    let mut cx = Context::from_waker(&waker);
    loop {
        println!("executor: polling");
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            // Sleep until a waker calls `unpark`. If it already did (the
            // countdown wakes itself before it returns), `park` returns at
            // once: an unpark is never lost.
            Poll::Pending => {
                println!("executor: pending, parking the thread");
                thread::park();
            }
        }
    }
}

fn main() {
    let output = block_on(Countdown::new(2));
    println!("block_on returned: {output}");
}
// ANCHOR_END: main
