//! Exercise: a task that panics loses its result; report which one failed,
//! and why, from its `JoinError`.

// ANCHOR: given
use std::panic;
use std::time::Duration;

use tokio::time::sleep;

/// Fetch `id` takes `id` seconds; fetch 2 finds a bug.
async fn fetch_data(id: u32) -> String {
    sleep(Duration::from_secs(id.into())).await;
    if id == 2 {
        panic!("server {id} sent a malformed reply");
    }
    format!("data {id}")
}

/// Replaces Rust's report of a panic, which names the thread by an id that
/// changes from run to run, with one short line.
fn report_panics_briefly() {
    panic::set_hook(Box::new(|_| println!("(a panic)")));
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    report_panics_briefly();
    let handles: Vec<_> = (1..=3)
        .map(|id| (id, tokio::spawn(fetch_data(id))))
        .collect();
    let mut succeeded = 0;
    for (id, handle) in handles {
        match handle.await {
            Ok(data) => {
                succeeded += 1;
                println!("fetch {id}: {data}");
            }
            Err(error) if error.is_panic() => {
                // The payload is what was given to `panic!`: a `String`
                // when the message was formatted, a `&str` for a literal.
                let payload = error.into_panic();
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                println!("fetch {id} panicked: {message}");
            }
            Err(error) => println!("fetch {id} did not finish: {error}"),
        }
    }
    println!("{succeeded} of 3 fetches succeeded");
}
// ANCHOR_END: solution
