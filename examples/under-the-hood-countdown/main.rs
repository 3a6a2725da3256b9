//! A future written by hand: `poll`, `Poll::Pending`, `Poll::Ready` and the waker.

use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: main
/// A future that needs `remaining` more polls before it is ready.
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
        // Both fields are plain numbers, so `Countdown` is `Unpin` and the
        // pinned reference lets us change them like a `&mut Self`.
        self.polls += 1;
        if self.remaining == 0 {
            println!("  poll {}: ready", self.polls);
            return Poll::Ready("liftoff");
        }
        println!("  poll {}: {} to go, pending", self.polls, self.remaining);
        self.remaining -= 1;
        // Before saying "not yet", arrange to be polled again. Here there is
        // nothing to wait for, so the future wakes its own task at once.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let countdown = Countdown::new(3);
    println!("created the future: nothing has run yet");
    let output = countdown.await;
    println!("awaited: {output}");
}
// ANCHOR_END: main
