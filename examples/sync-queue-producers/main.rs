//! Several producers, one consumer: cloned senders; the channel closes by itself.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
async fn producer(name: &str, delay: Duration, queue: mpsc::Sender<String>) {
    for n in 1..=2 {
        sleep(delay).await;
        queue
            .send(format!("{name} #{n}"))
            .await
            .expect("the consumer outlives the producers");
    }
} // this producer's sender is dropped here

async fn consumer(mut queue: mpsc::Receiver<String>, start: Instant) {
    while let Some(message) = queue.recv().await {
        println!("{} got {message}", at(start));
    }
    println!("{} channel closed: all producers are done", at(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, receiver) = mpsc::channel(10);
    let consumer = tokio::spawn(consumer(receiver, start));
    tokio::join!(
        // Each producer gets its own clone of the sender...
        producer("sensor A", Duration::from_secs(2), sender.clone()),
        producer("sensor B", Duration::from_secs(3), sender.clone()),
        // ...and the last one takes the original, so that no sender is left
        // behind in `main` to keep the channel open.
        producer("sensor C", Duration::from_secs(5), sender),
    );
    consumer.await.expect("the consumer does not panic");
}
// ANCHOR_END: main
