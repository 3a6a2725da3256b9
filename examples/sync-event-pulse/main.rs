//! A set-then-clear pulse: asyncio's waiters see it, a watch-based `Event` does not.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep, timeout};

/// The `Event` type of this chapter, built on a watch channel.
struct Event {
    flag: watch::Sender<bool>,
}

impl Event {
    fn new() -> Self {
        Self {
            flag: watch::Sender::new(false),
        }
    }

    fn set(&self) {
        self.flag.send_replace(true);
    }

    fn clear(&self) {
        self.flag.send_replace(false);
    }

    async fn wait(&self) {
        let mut flag = self.flag.subscribe();
        flag.wait_for(|&is_set| is_set)
            .await
            .expect("the event owns a sender, so the channel is open");
    }
}

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let event = Arc::new(Event::new());
    let task = tokio::spawn({
        let event = Arc::clone(&event);
        async move {
            event.wait().await;
            println!("{} waiter released", at(start));
        }
    });
    sleep(Duration::from_secs(1)).await;
    // A pulse: set() and clear() with no await in between. By the time the
    // waiter runs and looks at the flag, it is false again.
    event.set();
    event.clear();
    println!("{} set() then clear()", at(start));
    if timeout(Duration::from_secs(1), task).await.is_err() {
        println!("{} waiter still blocked", at(start));
    }
}
// ANCHOR_END: main
