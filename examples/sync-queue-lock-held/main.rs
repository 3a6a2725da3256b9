//! Holding the shared receiver's lock while working turns three workers into one.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// The time since `start`, as Python's `f"[{elapsed:.1f}s]"` prints it.
fn at(start: Instant) -> String {
    format!("[{:.1}s]", start.elapsed().as_secs_f64())
}

// ANCHOR: main
/// The one receiver of the job channel, shared by all the workers.
type SharedJobs = Arc<Mutex<mpsc::Receiver<u32>>>;

async fn worker(name: String, jobs: SharedJobs, start: Instant) {
    // WRONG: a temporary in the condition of `while let` lives until the
    // end of the loop body, so the guard keeps the lock during the work.
    while let Some(job) = jobs.lock().await.recv().await {
        println!("{} {name} starts job {job}", at(start));
        sleep(Duration::from_secs(1)).await; // still holding the lock!
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (queue, jobs) = mpsc::channel(10);
    let jobs = Arc::new(Mutex::new(jobs));
    let mut workers = JoinSet::new();
    for n in 1..=3 {
        workers.spawn(worker(format!("worker {n}"), Arc::clone(&jobs), start));
    }
    for job in 1..=6 {
        queue.send(job).await.expect("the workers are running");
    }
    drop(queue);
    workers.join_all().await;
    println!("{} all workers finished: all 6 jobs done", at(start));
}
// ANCHOR_END: main
