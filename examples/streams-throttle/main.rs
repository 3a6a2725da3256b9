//! tokio-stream's `throttle`, called by its path beside futures' `StreamExt`.

use std::pin::pin;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::time::Instant;

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // Four alerts, all ready at once.
    let alerts = stream::iter(["disk 91%", "disk 93%", "disk 95%", "disk 97%"]);
    // `throttle` is a method of tokio-stream's `StreamExt`, which is not
    // imported (futures' is): it is called by its full path instead.
    let alerts = tokio_stream::StreamExt::throttle(alerts, Duration::from_secs(1));
    // A throttled stream holds a timer, which must not move: pin it.
    let mut alerts = pin!(alerts);
    while let Some(alert) = alerts.next().await {
        println!("{alert} at {:.1}s", start.elapsed().as_secs_f64());
    }
}
// ANCHOR_END: main
