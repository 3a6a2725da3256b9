//! A `spawn_blocking` job that has started cannot be aborted.

use std::sync::mpsc as std_mpsc;

use tokio::sync::oneshot;
use tokio::task;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (started, job_started) = oneshot::channel();
    // A plain std channel: the job waits on it with a blocking `recv`.
    let (go_on, wait_for_go) = std_mpsc::channel();
    let job = task::spawn_blocking(move || {
        started.send(()).expect("main waits for the start");
        wait_for_go.recv().expect("main sends the go-ahead");
        println!("blocking job finished");
        "report"
    });

    job_started.await.expect("the job sends before it waits");
    // The job is running: a closure has no `.await` at which to stop it.
    job.abort();
    println!("abort requested");
    go_on.send(()).expect("the job is waiting for it");
    match job.await {
        Ok(report) => println!("the job ran to its end: {report}"),
        Err(error) => println!("is_cancelled() is {}", error.is_cancelled()),
    }
}
// ANCHOR_END: main
