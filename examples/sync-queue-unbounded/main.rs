//! Without a bound, a fast producer piles work up in memory.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Like `asyncio.Queue()`, whose default maxsize=0 means "no limit".
    let (queue, mut jobs) = mpsc::unbounded_channel();

    let consumer = tokio::spawn(async move {
        while let Some(job) = jobs.recv().await {
            sleep(Duration::from_secs(1)).await; // one second per job
            if job == 1 {
                let queued = jobs.len();
                println!("{} finished job 1; {queued} still queued", at(start));
            }
        }
    });

    // `send` on an unbounded channel is not even async: it never waits,
    // so nothing slows the producer down to the consumer's pace.
    for job in 1..=1_000 {
        queue.send(job).expect("the consumer is still running");
    }
    println!("{} the producer queued 1000 jobs", at(start));
    drop(queue);
    consumer.await.expect("the consumer does not panic");
    println!("{} the consumer caught up", at(start));
}
// ANCHOR_END: main
