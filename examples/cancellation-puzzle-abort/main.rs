//! Puzzle: when does an aborted task stop?

use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Prints when it is dropped.
struct Connection(Instant);

impl Drop for Connection {
    fn drop(&mut self) {
        let at = self.0.elapsed().as_secs_f64();
        println!("worker: connection closed at {at:.1}s");
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let worker = tokio::spawn(async move {
        let _connection = Connection(start);
        println!("worker: connected");
        sleep(Duration::from_secs(10)).await;
        println!("worker: done");
    });
    sleep(Duration::from_secs(1)).await; // the worker is in its sleep now

    worker.abort();
    println!(
        "main: abort() returned, finished = {}",
        worker.is_finished()
    );
    let result = worker.await;
    let cancelled = result.expect_err("the task was aborted").is_cancelled();
    println!("main: the worker ended, cancelled = {cancelled}");
}
// ANCHOR_END: main
