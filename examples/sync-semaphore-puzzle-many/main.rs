//! Puzzle: a free permit, and a task that still waits for it.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};
use tokio::time::{Instant, sleep};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let slots = Arc::new(Semaphore::new(2));

    let mut jobs = Vec::new();
    // (name, permits wanted): each holds its permits for one second.
    for (name, wanted) in [("small job", 1), ("big job", 2), ("tiny job", 1)] {
        let slots = Arc::clone(&slots);
        let (asking, job_asking) = oneshot::channel();
        jobs.push(tokio::spawn(async move {
            asking.send(()).expect("main waits for this");
            // The task runs on until it has to wait, so by the time `main`
            // runs again, the job has its permits or is queued for them.
            let _permits = slots.acquire_many(wanted).await.expect("never closed");
            let at = start.elapsed().as_secs_f64();
            println!("{name}: got {wanted} at {at:.1}s");
            sleep(Duration::from_secs(1)).await;
        }));
        // The next job starts only once this one has asked.
        job_asking.await.expect("the job sends before it asks");
    }
    println!("main: {} permits free", slots.available_permits());
    for job in jobs {
        job.await.expect("the job does not panic");
    }
}
// ANCHOR_END: main
