//! Returning `Pending` without arranging a wake-up leaves the future stuck.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, timeout};

// ANCHOR: main
/// The countdown, with one line missing: it never wakes its task.
struct ForgetfulCountdown {
    remaining: u32,
    polls: u32,
    /// Only to show when each poll happens.
    start: Instant,
}

impl Future for ForgetfulCountdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.polls += 1;
        if self.remaining == 0 {
            return Poll::Ready("liftoff");
        }
        println!(
            "poll {} at {:.1}s: {} to go, pending",
            self.polls,
            self.start.elapsed().as_secs_f64(),
            self.remaining
        );
        self.remaining -= 1;
        // Missing: `cx.waker().wake_by_ref()`, or handing the waker to
        // whatever will finish the work. Nobody will ever wake this task.
        Poll::Pending
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut countdown = ForgetfulCountdown {
        remaining: 3,
        polls: 0,
        start,
    };
    // Without the timeout, this program would hang forever, using no CPU.
    // `ForgetfulCountdown` is `Unpin`, so we can lend it with `&mut` and
    // look at it afterwards.
    match timeout(Duration::from_secs(1), &mut countdown).await {
        Ok(output) => println!("finished: {output}"),
        Err(_) => println!(
            "timed out after {:.1?}, polled {} time(s), {} to go",
            start.elapsed(),
            countdown.polls,
            countdown.remaining
        ),
    }
}
// ANCHOR_END: main
