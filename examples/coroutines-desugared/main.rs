//! An `async fn` is a plain function that returns an `async` block.

use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: main
// What `async fn fetch_data(delay: Duration) -> String` stands for, written
// out: an ordinary function that returns some type implementing `Future`.
fn fetch_data(delay: Duration) -> impl Future<Output = String> {
    // Code here is ordinary code: it runs at the call, like any function's.
    println!("fetch_data called");
    // The body of the async fn goes in an `async` block, which is a future.
    // `move` makes it own `delay`, since it runs after this function returns.
    async move {
        println!("Fetching data...");
        sleep(delay).await;
        String::from("Some data")
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let future = fetch_data(Duration::from_secs(2));
    println!("made a future");
    let result = future.await;
    println!("Received {result:?}");
}
// ANCHOR_END: main
