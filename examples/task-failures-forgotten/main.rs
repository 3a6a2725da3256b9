//! A task nobody awaits is dropped, unfinished, when the runtime shuts down.

use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: main
async fn fetch_data() -> u32 {
    println!("starting fetch");
    sleep(Duration::from_secs(2)).await; // stands in for waiting on a server
    println!("finished fetch");
    1
}

/// Prints a line when it is dropped: the only code that runs when a future
/// is cancelled in Rust.
struct OnDrop(&'static str);

impl Drop for OnDrop {
    fn drop(&mut self) {
        println!("{}", self.0);
    }
}

async fn print_numbers() {
    let _guard = OnDrop("print_numbers was dropped");
    for i in 0..10 {
        println!("{i}");
        sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let task1 = tokio::spawn(fetch_data());
    // This handle is thrown away at once. Dropping a `JoinHandle` does not
    // stop its task: the task runs on, detached, as long as the runtime.
    tokio::spawn(print_numbers());

    let value = task1.await.expect("fetch_data does not panic");
    println!("data: {value}");
    // `main` returns, the runtime shuts down, and it drops every task that
    // is still unfinished: print_numbers never prints 7, 8 or 9.
}
// ANCHOR_END: main
