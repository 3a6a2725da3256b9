//! Exercise: futures made and dropped at once never run; the solution
//! awaits each one.

// ANCHOR: given
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Saves one draft: half a second of waiting, then the number of bytes
/// saved.
async fn save_draft(title: &str) -> usize {
    println!("saving {title:?}");
    sleep(Duration::from_millis(500)).await;
    title.len()
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut saved = 0;
    for title in ["intro", "chapter one", "chapter two"] {
        // `.await` runs the future to its end and hands back its output.
        saved += save_draft(title).await;
    }
    println!(
        "saved {saved} bytes in {:.1}s",
        start.elapsed().as_secs_f64()
    );
}
// ANCHOR_END: solution
