//! A `Stream` written by hand: `poll_next`, on top of an `Interval`.

use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use futures::stream::{Stream, StreamExt};
use tokio::time::{Instant, Interval, interval};

// ANCHOR: main
/// `count` heartbeats, one per `period`, the first at once.
struct Heartbeats {
    ticks: Interval,
    sent: u32,
    count: u32,
}

impl Stream for Heartbeats {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.sent == self.count {
            return Poll::Ready(None); // the end of the stream
        }
        // When the tick is not due yet, `poll_tick` stores the waker with
        // the timer and returns `Pending`, which `ready!` passes up.
        ready!(self.ticks.poll_tick(cx));
        self.sent += 1;
        Poll::Ready(Some(self.sent))
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Every field is `Unpin`, so the stream is too: no `pin!` before `next`.
    let mut beats = Heartbeats {
        ticks: interval(Duration::from_secs(1)),
        sent: 0,
        count: 3,
    };
    while let Some(beat) = beats.next().await {
        println!("beat {beat} at {:.1}s", start.elapsed().as_secs_f64());
    }
    println!("no more beats");
}
// ANCHOR_END: main
