//! Many consumers of one queue: the receiver shared behind a tokio `Mutex`.

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
    loop {
        // Lock the receiver, wait for one job, unlock. The guard is a
        // temporary of this statement: it is dropped at the `;`, so the
        // lock is NOT held while the job runs.
        let next = jobs.lock().await.recv().await;
        let Some(job) = next else {
            break; // the channel is closed and empty: no more jobs
        };
        println!("{} {name} starts job {job}", at(start));
        sleep(Duration::from_secs(1)).await; // one second of work per job
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (queue, jobs) = mpsc::channel(10);
    // An mpsc receiver cannot be cloned: the workers share the one there is.
    let jobs = Arc::new(Mutex::new(jobs));

    let mut workers = JoinSet::new();
    for n in 1..=3 {
        workers.spawn(worker(format!("worker {n}"), Arc::clone(&jobs), start));
    }
    for job in 1..=6 {
        queue.send(job).await.expect("the workers are running");
    }
    // Closing the channel is how the workers learn that the work is over;
    // waiting for them to finish is `queue.join()`.
    drop(queue);
    workers.join_all().await;
    println!("{} all workers finished: all 6 jobs done", at(start));
}
// ANCHOR_END: main
