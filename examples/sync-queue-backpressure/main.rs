//! asyncio.Queue(maxsize=2) as a bounded mpsc channel: `send` waits when full.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
async fn producer(queue: mpsc::Sender<u32>, start: Instant) {
    for job in 1..=5 {
        // `send` waits while the channel holds `capacity` items. It fails
        // only if the receiver is gone, which would be a bug here.
        queue
            .send(job)
            .await
            .expect("the consumer outlives the producer");
        println!("{} queued job {job}", at(start));
    }
    // No sentinel: `queue` is dropped here, and with it the last sender.
}

async fn consumer(mut queue: mpsc::Receiver<u32>, start: Instant) {
    // `recv` gives `None` once every sender is gone and the channel is
    // empty: the end of the stream of jobs.
    while let Some(job) = queue.recv().await {
        sleep(Duration::from_secs(1)).await; // one second of work per job
        println!("{} finished job {job}", at(start));
    }
    println!("{} channel closed: no more jobs", at(start));
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, receiver) = mpsc::channel(2); // like Queue(maxsize=2)
    tokio::join!(producer(sender, start), consumer(receiver, start));
}
// ANCHOR_END: main
