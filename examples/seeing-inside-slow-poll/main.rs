//! Finding the task that blocks its thread: a `tracing` layer that times
//! every poll of an instrumented future, the counterpart of asyncio's
//! debug-mode warning.

use std::sync::{Arc, Mutex, mpsc as std_mpsc};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tracing::span::Id;
use tracing::{Instrument, Subscriber, info, info_span};
use tracing_subscriber::Layer;
use tracing_subscriber::fmt::FormattedFields;
use tracing_subscriber::fmt::format::DefaultFields;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

// ANCHOR: layer
/// Times every stretch during which a span stays entered, and keeps the
/// longest. An instrumented future enters its span each time it is polled
/// and leaves it when the poll returns, so this times each poll: the
/// stretch between two `.await`s during which the task holds its thread.
#[derive(Clone, Default)]
struct SlowestPoll {
    /// How long the slowest poll took, and its span, as `name{fields}`.
    slowest: Arc<Mutex<Option<(Duration, String)>>>,
}

impl SlowestPoll {
    fn span(&self) -> Option<String> {
        let slowest = self.slowest.lock().expect("no thread panics holding it");
        slowest.as_ref().map(|(_, span)| span.clone())
    }
}

/// When the span was last entered, kept with the span.
struct EnteredAt(Instant);

impl<S> Layer<S> for SlowestPoll
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
        let Some(EnteredAt(at)) = extensions.get::<EnteredAt>() else {
            return;
        };
        let held = at.elapsed();
        let mut slowest = self.slowest.lock().expect("no thread panics holding it");
        if slowest.as_ref().is_none_or(|(longest, _)| held > *longest) {
            // The span's fields as the fmt layer wrote them down.
            let fields = extensions
                .get::<FormattedFields<DefaultFields>>()
                .map(|f| f.to_string())
                .unwrap_or_default();
            *slowest = Some((held, format!("{}{{{fields}}}", span.name())));
        }
    }
}
// ANCHOR_END: layer

// ANCHOR: main
/// The price service's inbox: a request number, and where to answer.
type PriceService = mpsc::UnboundedSender<(u32, std_mpsc::Sender<u32>)>;

/// A synchronous client of the price service. `recv` on a channel of the
/// standard library blocks the thread until the answer comes; in async
/// code, this is the mistake (tokio's channels have a `recv` to `.await`).
fn ask_price_blocking(service: &PriceService, request: u32) -> u32 {
    let (reply, answer) = std_mpsc::channel();
    service
        .send((request, reply))
        .expect("the service is running");
    answer.recv().expect("the service answers")
}

/// A cache lookup that happens to be ready at once.
async fn cached_price(request: u32) -> u32 {
    100 + request
}

async fn handle(request: u32, service: PriceService) {
    let price = if request == 2 {
        // Not in the cache: nothing else runs on this worker thread until
        // the service answers.
        ask_price_blocking(&service, request)
    } else {
        cached_price(request).await
    };
    info!(price, "answered");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let polls = SlowestPoll::default();
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .without_time()
                .with_ansi(false)
                .with_target(false),
        )
        .with(polls.clone())
        .init();
    let serve = |request: u32, service: &PriceService| {
        let span = info_span!("handle", request);
        tokio::spawn(handle(request, service.clone()).instrument(span))
    };

    // `main` plays the price service. Request 2 asks it, and blocks its
    // worker until the answer comes.
    let (service, mut inbox) = mpsc::unbounded_channel();
    let blocked = serve(2, &service);
    let (asked, reply) = inbox.recv().await.expect("request 2 asks");
    // The other worker serves requests 1 and 3 meanwhile. The service
    // answers only after them, so each of their polls begins after request
    // 2's blocking poll began, and ends before it ends: that poll is the
    // slowest by construction, however busy the machine is.
    for request in [1, 3] {
        serve(request, &service)
            .await
            .expect("handle does not panic");
    }
    reply.send(100 + asked).expect("request 2 waits");
    blocked.await.expect("handle does not panic");

    let slowest = polls.span().expect("some future was polled");
    println!("the slowest poll: {slowest}");
}
// ANCHOR_END: main
