//! A stream in a `select!` loop: a lost race drops the `next()` future,
//! never the stream.

use std::pin::pin;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt};
use tokio::time::{Instant, sleep};

// ANCHOR: main
/// Three readings; the third comes 2.8 seconds after the second.
fn readings() -> impl Stream<Item = String> {
    let gaps = [1000, 1000, 2800];
    stream::iter(gaps.into_iter().zip(1..)).then(|(gap, number)| async move {
        sleep(Duration::from_millis(gap)).await;
        format!("reading {number}")
    })
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut sensor = pin!(readings());
    loop {
        tokio::select! {
            // `next` is cancel safe: when the sleep wins, only the `next()`
            // future is dropped. The reading in progress stays in the
            // stream, and the next turn's `next()` goes on with it.
            reading = sensor.next() => match reading {
                Some(reading) => println!("{reading} at {:.1?}", start.elapsed()),
                None => {
                    println!("sensor ended at {:.1?}", start.elapsed());
                    break;
                }
            },
            () = sleep(Duration::from_millis(1500)) => {
                println!("silence at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
