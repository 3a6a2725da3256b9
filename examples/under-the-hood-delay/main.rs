//! A future woken by another thread: it stores the waker, the thread calls it.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: main
/// What the future and its helper thread share.
#[derive(Default)]
struct Shared {
    done: bool,
    /// The waker of the task that last polled the future.
    waker: Option<Waker>,
}

/// A future that is ready once `duration` has passed, timed by a thread.
struct Delay {
    duration: Duration,
    shared: Arc<Mutex<Shared>>,
    started: bool,
    polls: u32,
}

impl Delay {
    fn new(duration: Duration) -> Self {
        Delay {
            duration,
            shared: Arc::default(),
            started: false,
            polls: 0,
        }
    }
}

impl Future for Delay {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // `Delay` is `Unpin` (an `Arc`, a bool, numbers): a plain `&mut` is
        // safe to take, and it lets us borrow several fields at once.
        let this = self.get_mut();
        this.polls += 1;
        {
            let mut shared = this.shared.lock().expect("no thread panics");
            if shared.done {
                println!("poll {}: ready", this.polls);
                return Poll::Ready(());
            }
            // Store the waker *before* saying Pending, so the thread has
            // someone to wake. The future may be polled by a different task
            // from one poll to the next: keep the stored waker only if it
            // wakes the same task as this poll's (`will_wake`), and clone
            // this poll's otherwise.
            let current = cx.waker();
            if !shared.waker.as_ref().is_some_and(|w| w.will_wake(current)) {
                shared.waker = Some(current.clone());
            }
        }
        println!(
            "poll {}: pending, the helper thread will wake us",
            this.polls
        );
        if !this.started {
            this.started = true;
            let shared = Arc::clone(&this.shared);
            let duration = this.duration;
            thread::spawn(move || {
                thread::sleep(duration);
                let waker = {
                    let mut shared = shared.lock().expect("no thread panics");
                    shared.done = true;
                    shared.waker.take()
                };
                println!("helper thread: time is up, waking the task");
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
        }
        Poll::Pending
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // tokio knows nothing of our thread: the waker is the whole contract.
    Delay::new(Duration::from_millis(100)).await;
    println!("the delay is over");
}
// ANCHOR_END: main
