//! Dropping a runtime waits, without a time limit, for blocking jobs that run.

use std::thread;
use std::time::Duration;

use tokio::runtime::Builder;
use tokio::sync::oneshot;

// ANCHOR: main
fn main() {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the runtime starts");
    runtime.block_on(async {
        let (started, job_started) = oneshot::channel();
        // The handle is dropped at once: nobody will await this job.
        tokio::task::spawn_blocking(move || {
            started.send(()).expect("main waits for this");
            // Stands in for a synchronous call that takes its time.
            thread::sleep(Duration::from_millis(300));
            println!("blocking job: done");
        });
        // Wait until the job is running: a job still in the queue when
        // the runtime shuts down would be dropped instead.
        job_started.await.expect("the job starts");
        println!("main: leaving block_on without awaiting the job");
    });
    // A task would be dropped here; a running blocking job cannot be, so
    // dropping the runtime waits until the closure returns. A job that
    // never returns would keep the program from ever exiting.
    drop(runtime);
    println!("main: the runtime is dropped");
}
// ANCHOR_END: main
