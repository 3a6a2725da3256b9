//! A channel as a stream: `ReceiverStream`.

use std::time::Duration;

use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};
use tokio_stream::wrappers::ReceiverStream;

// ANCHOR: main
/// Sends a reading every second, from a task of its own.
async fn watch_sensor(readings: mpsc::Sender<f64>) {
    for reading in [21.5, 21.7, 22.0] {
        sleep(Duration::from_secs(1)).await;
        if readings.send(reading).await.is_err() {
            return; // nobody listens any more
        }
    }
} // the last sender is dropped here, and the stream ends

fn to_fahrenheit(celsius: f64) -> f64 {
    celsius * 1.8 + 32.0
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, receiver) = mpsc::channel(8);
    tokio::spawn(watch_sensor(sender));
    // The receiver, wrapped, is a stream, so every adapter works on it.
    let mut readings = ReceiverStream::new(receiver).map(to_fahrenheit);
    while let Some(fahrenheit) = readings.next().await {
        println!("{fahrenheit:.1}°F at {:.1}s", start.elapsed().as_secs_f64());
    }
    println!("the sensor has stopped");
}
// ANCHOR_END: main
