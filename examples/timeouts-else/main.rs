//! Disabled branches: an `if` precondition, a pattern that fails, and `else`.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

/// Sends `name 1`, `name 2`, ... at the given times, then closes its channel.
fn produce(name: &'static str, millis: &'static [u64]) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel(8);
    tokio::spawn(async move {
        let start = Instant::now();
        for (number, at) in millis.iter().enumerate() {
            sleep_until(start + Duration::from_millis(*at)).await;
            let message = format!("{name} {}", number + 1);
            sender.send(message).await.expect("main reads until closed");
        }
        // Returning drops `sender`, which closes the channel.
    });
    receiver
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut logs = produce("log", &[1000, 3000]);
    let mut metrics = produce("metric", &[500, 1500, 2500]);
    let mut metrics_seen = 0;
    loop {
        tokio::select! {
            // `None` (the channel closed) does not match `Some(..)`: the
            // branch is disabled for the rest of this `select!`.
            Some(line) = logs.recv() => {
                println!("{line} at {:.1?}", start.elapsed());
            }
            // The precondition is checked first; when it is false, the
            // branch is not polled at all on this turn.
            Some(metric) = metrics.recv(), if metrics_seen < 2 => {
                metrics_seen += 1;
                println!("{metric} at {:.1?}", start.elapsed());
            }
            // Every branch disabled: without `else`, `select!` would panic.
            else => {
                println!("nothing left to wait for at {:.1?}", start.elapsed());
                break;
            }
        }
    }
}
// ANCHOR_END: main
