//! `JoinHandle::abort` cancels a task; awaiting it then gives a cancelled JoinError.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
/// The download's clean-up. Cancelling a task drops its future where it
/// stands, at an `.await`; `Drop` is the code that still runs then.
struct Cleanup {
    start: Instant,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        println!("download dropped at {:.1?}", self.start.elapsed());
    }
}

async fn download(start: Instant) {
    let _cleanup = Cleanup { start };
    println!("download started");
    sleep(Duration::from_secs(10)).await;
    println!("download finished"); // never printed
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let task = tokio::spawn(download(start));
    sleep(Duration::from_secs(1)).await;

    // `abort` asks the runtime to cancel the task; it does not wait. The
    // task is dropped the next time the runtime gets to it, here as soon
    // as `main` yields at the `.await` below.
    task.abort();
    println!("abort requested");
    match task.await {
        Ok(()) => println!("the download finished before the abort"),
        Err(error) => println!("is_cancelled() is {}", error.is_cancelled()),
    }
}
// ANCHOR_END: main
