//! A spawned task does not inherit the span it was spawned from; `.instrument`
//! (here `.in_current_span()`) gives it one.

use std::fmt;
use std::time::Duration;

use tokio::time::{Instant, sleep};
use tracing::{Instrument, info, instrument};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

struct SinceStart(Instant);

impl FormatTime for SinceStart {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        write!(w, "{:4.1}s", self.0.elapsed().as_secs_f64())
    }
}

// ANCHOR: main
async fn audit(how: &str) {
    sleep(Duration::from_millis(100)).await;
    info!("audited ({how})");
}

#[instrument]
async fn handle(request: u32) {
    info!("started");
    // A new task starts outside every span, whatever the code that
    // spawned it was in.
    let plain = tokio::spawn(audit("spawned as it is"));
    // `in_current_span()` wraps the future in the span current here, so
    // the task enters it every time it runs.
    let carried = tokio::spawn(audit("spawned .in_current_span()").in_current_span());
    plain.await.expect("audit does not panic");
    carried.await.expect("audit does not panic");
    info!("answered");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tracing_subscriber::fmt()
        .with_timer(SinceStart(Instant::now()))
        .with_ansi(false)
        .with_target(false)
        .init();
    handle(1).await;
}
// ANCHOR_END: main
