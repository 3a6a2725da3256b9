//! Spans and events with `tracing`: two requests served at once, each line
//! of output saying which request it belongs to.

use std::fmt;
use std::time::Duration;

use tokio::time::{Instant, sleep};
use tracing::{Span, field, info, instrument};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

// ANCHOR: clock
/// Stamps each line with the time on tokio's clock since the program
/// started: the paused clock's time, the same on every run.
struct SinceStart(Instant);

impl FormatTime for SinceStart {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        write!(w, "{:4.1}s", self.0.elapsed().as_secs_f64())
    }
}
// ANCHOR_END: clock

// ANCHOR: main
#[instrument]
async fn fetch_profile(user: &str) -> String {
    sleep(Duration::from_millis(300)).await;
    info!("profile loaded");
    format!("profile of {user}")
}

// `skip(token)`: a secret stays out of the logs. `status` is a field
// recorded later, once it is known.
#[instrument(skip(token), fields(status = field::Empty))]
async fn handle(request: u32, user: &str, token: &str) {
    info!("started");
    if token.is_empty() {
        return;
    }
    let profile = fetch_profile(user).await;
    sleep(Duration::from_millis(100 * u64::from(request))).await;
    Span::current().record("status", 200);
    info!(bytes = profile.len(), "answered");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tracing_subscriber::fmt()
        .with_timer(SinceStart(Instant::now()))
        .with_ansi(false)
        .with_target(false)
        .init();
    tokio::join!(handle(1, "ada", "s3cret"), handle(2, "grace", "hunter2"));
}
// ANCHOR_END: main
