//! One deadline, computed once, shared by several steps with `timeout_at`.

use std::time::Duration;

use tokio::time::{Instant, error::Elapsed, sleep, timeout_at};

// ANCHOR: main
async fn step(start: Instant, name: &str, millis: u64) {
    sleep(Duration::from_millis(millis)).await;
    println!("{name} done at {:.1?}", start.elapsed());
}

async fn exchange(start: Instant) -> Result<(), Elapsed> {
    // One budget for the whole exchange: each step gets what is left of it.
    let deadline = Instant::now() + Duration::from_secs(1);
    timeout_at(deadline, step(start, "connect", 400)).await?;
    timeout_at(deadline, step(start, "send request", 300)).await?;
    timeout_at(deadline, step(start, "read reply", 500)).await?;
    Ok(())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    if let Err(elapsed) = exchange(start).await {
        println!("gave up at {:.1?}: {elapsed}", start.elapsed());
    }
}
// ANCHOR_END: main
