//! Exercise: keep the handle of a spawned task, and await it, so that its
//! result is not lost when `main` returns.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Two seconds of waiting on the network, then the report.
async fn download_report(start: Instant) -> String {
    sleep(Duration::from_secs(2)).await;
    println!("download finished at {:.1}s", start.elapsed().as_secs_f64());
    String::from("report.pdf, 3 pages")
}

/// The rest of `main`'s work, which does not need the report.
async fn render_page(start: Instant) {
    sleep(Duration::from_millis(1500)).await;
    println!("page rendered at {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Keep the handle: it is the only way to the task's result.
    let download = tokio::spawn(download_report(start));
    // The download runs while `main` renders the page...
    render_page(start).await;
    // ...and `main` waits only for what is left of it.
    let report = download.await.expect("the download does not panic");
    println!("got {report:?}");
    println!("main returns at {:.1}s", start.elapsed().as_secs_f64());
}
// ANCHOR_END: solution
