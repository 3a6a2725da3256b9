//! Exercise: a bounded queue whose consumer ends when the producer is done.

// ANCHOR: given
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout};

/// Handles one job: one second each, on the paused clock.
async fn handle(job: u32) {
    sleep(Duration::from_secs(1)).await;
    let _ = job; // a real handler would use the job
}

/// Seconds since `start`, for the output.
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Room for two jobs: `send` waits while the queue is full.
    let (queue, mut jobs) = mpsc::channel(2);
    // The producer gets the only sender, and drops it when it returns.
    let producer = tokio::spawn(async move {
        for job in 1..=5 {
            queue.send(job).await.expect("the consumer is alive");
            println!("producer: queued job {job} at {:.1}s", secs(start));
        }
    });
    let consumer = tokio::spawn(async move {
        let mut done = 0;
        // `recv` returns `None` once every sender is gone and the queue is
        // empty.
        while let Some(job) = jobs.recv().await {
            handle(job).await;
            done += 1;
        }
        done
    });
    producer.await.expect("the producer does not panic");
    // The consumer should end by itself; ten seconds is plenty.
    match timeout(Duration::from_secs(10), consumer).await {
        Ok(done) => {
            let done = done.expect("the consumer does not panic");
            println!("consumer: {done} jobs done, ended at {:.1}s", secs(start));
        }
        Err(_) => println!("consumer: still waiting at {:.1}s", secs(start)),
    }
}
// ANCHOR_END: solution
