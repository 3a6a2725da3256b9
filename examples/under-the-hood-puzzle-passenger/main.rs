//! Puzzle: a future that never wakes its task, beside one that does, in
//! the same `join!`.

use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: main
/// Ready after `remaining` polls; wakes its task each time it says Pending.
struct Countdown {
    remaining: u32,
    polls: u32,
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.polls += 1;
        if self.remaining == 0 {
            println!("countdown: poll {}, ready", self.polls);
            return Poll::Ready(());
        }
        println!("countdown: poll {}, pending", self.polls);
        self.remaining -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Ready on its third poll; never touches the waker.
struct Passenger {
    polls: u32,
}

impl Future for Passenger {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        self.polls += 1;
        if self.polls == 3 {
            println!("passenger: poll {}, ready", self.polls);
            return Poll::Ready(());
        }
        println!("passenger: poll {}, pending", self.polls);
        Poll::Pending
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let countdown = Countdown {
        remaining: 3,
        polls: 0,
    };
    let passenger = Passenger { polls: 0 };
    // `biased;` polls them in the order written, every time.
    tokio::join!(biased; countdown, passenger);
    println!("both done");
}
// ANCHOR_END: main
