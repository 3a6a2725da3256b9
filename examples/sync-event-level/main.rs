//! A level-triggered `Event` built on a watch channel: set, clear, is_set, wait.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
/// A flag that tasks can wait on, like `asyncio.Event`: once set, it
/// releases every waiter, present and future, until it is cleared.
#[derive(Debug)]
pub struct Event {
    // The watch channel holds the current value of the flag. The event
    // keeps only the sending half: each waiter subscribes its own receiver.
    flag: watch::Sender<bool>,
}

impl Event {
    /// A new event, not set.
    pub fn new() -> Self {
        Self {
            flag: watch::Sender::new(false),
        }
    }

    /// Sets the flag and wakes every task in `wait`.
    pub fn set(&self) {
        // `send_replace`, not `send`: `send` refuses to store a value while
        // no receiver exists, and an event must stay set for later waiters.
        self.flag.send_replace(true);
    }

    /// Clears the flag: tasks that call `wait` from now on will block.
    pub fn clear(&self) {
        self.flag.send_replace(false);
    }

    /// Whether the flag is set.
    pub fn is_set(&self) -> bool {
        *self.flag.borrow()
    }

    /// Waits until the flag is set; returns at once if it already is.
    pub async fn wait(&self) {
        let mut flag = self.flag.subscribe();
        // `wait_for` checks the current value first, then each new one.
        // It only fails once every sender is gone, and `self` holds one.
        flag.wait_for(|&is_set| is_set)
            .await
            .expect("the event owns a sender, so the channel is open");
    }
}

impl Default for Event {
    fn default() -> Self {
        Self::new()
    }
}

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

async fn waiter(name: &str, event: &Event, start: Instant) {
    println!("{} {name} waits", at(start));
    event.wait().await;
    println!("{} {name} passes", at(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let event = Arc::new(Event::new());
    let early = tokio::spawn({
        let event = Arc::clone(&event);
        async move { waiter("early waiter", &event, start).await }
    });
    sleep(Duration::from_secs(1)).await;
    event.set();
    println!("{} set(), is_set() = {}", at(start), event.is_set());
    early.await.expect("the early waiter does not panic");

    // The flag stays set: a waiter that comes after set() passes at once.
    sleep(Duration::from_secs(1)).await;
    waiter("late waiter", &event, start).await;

    // clear() lowers the flag again: the next waiter blocks.
    event.clear();
    println!("{} clear(), is_set() = {}", at(start), event.is_set());
    let limit = Duration::from_secs(1);
    if timeout(limit, waiter("waiter after clear", &event, start))
        .await
        .is_err()
    {
        println!("{} waiter after clear: still waiting, gave up", at(start));
    }
}
// ANCHOR_END: main

/// Compiles only because `Event` is `Send + Sync`: an `Arc<Event>` may be
/// shared by tasks on a multi-thread runtime.
#[allow(dead_code)]
fn event_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Event>();
}
