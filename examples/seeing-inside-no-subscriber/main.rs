//! The mistake: events with no subscriber to receive them.

use tracing::{info, warn};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // No subscriber is installed: every event below goes nowhere.
    info!(request = 1, "started");
    warn!(request = 1, "the profile service is slow");
    println!("done");
}
// ANCHOR_END: main
