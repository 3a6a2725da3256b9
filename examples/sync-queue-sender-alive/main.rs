//! A sender left alive in `main` keeps the channel open: the consumer never ends.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout};

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

async fn producer(name: &'static str, delay: Duration, queue: mpsc::Sender<String>) {
    sleep(delay).await;
    queue
        .send(format!("{name} #1"))
        .await
        .expect("the consumer outlives the producers");
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, mut receiver) = mpsc::channel(10);
    let consumer = tokio::spawn(async move {
        while let Some(message) = receiver.recv().await {
            println!("{} got {message}", at(start));
        }
        println!("{} channel closed", at(start));
    });
    for (name, delay) in [("sensor A", 1), ("sensor B", 2)] {
        tokio::spawn(producer(name, Duration::from_secs(delay), sender.clone()));
    }
    // Missing: `drop(sender);`. `main` still holds a sender, so the
    // channel never closes and `recv` never returns `None`.
    if timeout(Duration::from_secs(10), consumer).await.is_err() {
        println!("{} the consumer is still waiting for more", at(start));
    }
}
// ANCHOR_END: main
