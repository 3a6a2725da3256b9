//! The mistake: a span entered with `Span::enter` and held across `.await`.

use std::time::Duration;

use tokio::time::sleep;
use tracing::{info, info_span};

// ANCHOR: main
async fn handle(request: u64) {
    let span = info_span!("handle", request);
    // Wrong in async code: the guard keeps the span entered on this
    // thread while the future is suspended at the `.await` below.
    let _entered = span.enter();
    info!("started");
    sleep(Duration::from_millis(100 * request)).await;
    info!("answered");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_target(false)
        .init();
    tokio::join!(handle(1), handle(2));
}
// ANCHOR_END: main
