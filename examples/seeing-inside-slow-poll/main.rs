//! Finding the task that blocks its thread: a `tracing` layer that times
//! every poll of an instrumented future, the counterpart of asyncio's
//! debug-mode warning.

use std::time::{Duration, Instant};

use tracing::span::Id;
use tracing::{Instrument, Subscriber, info, info_span};
use tracing_subscriber::Layer;
use tracing_subscriber::fmt::FormattedFields;
use tracing_subscriber::fmt::format::DefaultFields;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

// ANCHOR: layer
/// Reports every time a span stays entered for longer than `limit`. An
/// instrumented future enters its span each time it is polled and leaves
/// it when the poll returns, so this times each poll: the stretch between
/// two `.await`s during which the task holds its thread.
struct SlowPolls {
    limit: Duration,
}

/// When the span was last entered, kept with the span.
struct EnteredAt(Instant);

impl<S> Layer<S> for SlowPolls
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            // Real time, on purpose: a blocking call does not move tokio's
            // clock, paused or not, but it does take time.
            span.extensions_mut().replace(EnteredAt(Instant::now()));
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let extensions = span.extensions();
        let held = extensions.get::<EnteredAt>().map(|at| at.0.elapsed());
        if held.is_some_and(|held| held > self.limit) {
            // The span's fields as the fmt layer wrote them down.
            let fields = extensions
                .get::<FormattedFields<DefaultFields>>()
                .map(|f| f.to_string())
                .unwrap_or_default();
            println!(
                "SLOW {}{{{fields}}}: one poll held the thread for over {:?}",
                span.name(),
                self.limit
            );
        }
    }
}
// ANCHOR_END: layer

// ANCHOR: main
/// A cache lookup that happens to be ready at once.
async fn cached_price(request: u32) -> u32 {
    100 + request
}

async fn handle(request: u32) {
    let price = cached_price(request).await;
    if request == 2 {
        // A blocking call (a synchronous HTTP client, a big computation):
        // nothing else runs on this thread until it returns.
        std::thread::sleep(Duration::from_millis(300));
    }
    info!(price, "answered");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .without_time()
                .with_ansi(false)
                .with_target(false),
        )
        .with(SlowPolls {
            limit: Duration::from_millis(100),
        })
        .init();
    let mut tasks = Vec::new();
    for request in 1..=3 {
        let span = info_span!("handle", request);
        tasks.push(tokio::spawn(handle(request).instrument(span)));
    }
    for task in tasks {
        task.await.expect("handle does not panic");
    }
}
// ANCHOR_END: main
