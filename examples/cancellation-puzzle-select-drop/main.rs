//! Puzzle: when does `select!` drop the branch that lost?

use std::time::Duration;

use tokio::time::sleep;

/// Prints when it is dropped.
struct Download(&'static str);

impl Drop for Download {
    fn drop(&mut self) {
        println!("{}: dropped", self.0);
    }
}

// ANCHOR: main
async fn fetch(mirror: &'static str, secs: u64) -> &'static str {
    let _download = Download(mirror);
    sleep(Duration::from_secs(secs)).await;
    println!("{mirror}: finished");
    mirror
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tokio::select! {
        winner = fetch("mirror A", 1) => println!("select: {winner} won"),
        winner = fetch("mirror B", 2) => println!("select: {winner} won"),
    }
    println!("main: after select");
}
// ANCHOR_END: main
