//! Merging streams with tokio-stream's `StreamMap`.

use std::time::Duration;

use futures::stream::{self, BoxStream, StreamExt};
use tokio::time::{Instant, sleep};
use tokio_stream::StreamMap;

// ANCHOR: main
/// A sensor that gives one of `readings` every `period`.
fn sensor(period: Duration, readings: Vec<f64>) -> BoxStream<'static, f64> {
    stream::iter(readings)
        .then(move |celsius| async move {
            sleep(period).await;
            celsius
        })
        // A `StreamMap` polls its streams in place, so they must be
        // `Unpin`; a boxed stream is, whatever it holds.
        .boxed()
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut sensors = StreamMap::new();
    let kitchen = sensor(Duration::from_millis(1000), vec![21.0, 21.5, 22.0]);
    let garden = sensor(Duration::from_millis(1200), vec![14.0, 13.5]);
    sensors.insert("kitchen", kitchen);
    sensors.insert("garden", garden);
    // Each item comes with the key of the stream it came from. A stream that
    // ends is removed; the map ends when none is left.
    while let Some((room, celsius)) = sensors.next().await {
        println!(
            "{room}: {celsius:.1} at {:.1}s",
            start.elapsed().as_secs_f64()
        );
    }
    println!("every sensor has stopped");
}
// ANCHOR_END: main
