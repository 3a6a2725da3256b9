//! `mpsc::Receiver::recv` in the same `select!` loop: a tick loses nothing.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

/// Sends one line in two parts, a second apart, then closes the channel.
async fn send_line(parts: mpsc::Sender<String>) {
    let part = "temperature=".to_string();
    parts.send(part).await.expect("main reads until closed");
    sleep(Duration::from_secs(1)).await;
    let part = "21.5\n".to_string();
    parts.send(part).await.expect("main reads until closed");
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, mut parts) = mpsc::channel(8);
    tokio::spawn(send_line(sender));
    // The partial line lives here, outside the futures that `select!` drops.
    let mut line = String::new();
    loop {
        tokio::select! {
            // Cancel safe: `recv` hands over a whole message or takes none,
            // so a tick that wins leaves every part in the channel.
            part = parts.recv() => {
                let Some(part) = part else {
                    break; // the sender is gone: end of the stream
                };
                line.push_str(&part);
                if line.ends_with('\n') {
                    println!("line {line:?} at {:.1?}", start.elapsed());
                    line.clear();
                }
            }
            () = sleep(Duration::from_millis(400)) => {
                println!("tick at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
