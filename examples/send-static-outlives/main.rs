//! A spawned task goes on after the function that spawned it has returned:
//! the reason `tokio::spawn` wants a future that owns what it uses.

use std::time::Duration;

use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn start_upload(file_name: String, start: Instant) {
    // The handle is not kept: the task is detached, and nobody waits for it.
    tokio::spawn(async move {
        sleep(Duration::from_secs(1)).await;
        let seconds = start.elapsed().as_secs_f64();
        println!("{seconds:.1}s: upload of {file_name} finished");
    });
    println!(
        "{:.1}s: start_upload returns",
        start.elapsed().as_secs_f64()
    );
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    start_upload(String::from("report.pdf"), start).await;
    println!("{:.1}s: main goes on", start.elapsed().as_secs_f64());
    sleep(Duration::from_secs(2)).await;
    println!("{:.1}s: main ends", start.elapsed().as_secs_f64());
}
// ANCHOR_END: main
