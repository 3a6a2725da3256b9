//! `loop.create_future()` and `set_result` in Rust: a `tokio::sync::SetOnce`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::SetOnce;
use tokio::time::{Instant, sleep};

// ANCHOR: main
async fn set_future_result(future: Arc<SetOnce<String>>, value: String) {
    sleep(Duration::from_secs(2)).await;
    // `set` fills the box and wakes every task waiting on it. It fails only
    // if the box is already full, and nothing else fills this one.
    future
        .set(value.clone())
        .expect("this task is the only setter");
    println!("Set the future's result to: {value}");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    // An empty box that any holder of the `Arc` may fill, once.
    let future = Arc::new(SetOnce::new());

    let setter = tokio::spawn(set_future_result(
        Arc::clone(&future),
        String::from("Future result is ready"),
    ));

    // `wait` returns at once if the box is full, or else sleeps until it
    // is; any number of tasks may wait. It lends the value: `&String`.
    let result = future.wait().await;
    println!(
        "Received the future's result: {result} after {:.1?}",
        start.elapsed()
    );
    setter.await.expect("the setter does not panic");

    // The box keeps its value: look at it without waiting, as often as
    // you like. A second `set` hands its value back in the error.
    println!("get() now gives {:?}", future.get());
    let again = future.set(String::from("another result"));
    println!("a second set() gives {again:?}");
}
// ANCHOR_END: main
