//! What `interval` does after a tick that took longer than the period,
//! with each `MissedTickBehavior`.

use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior, interval, sleep};

// ANCHOR: main
async fn run(behavior: MissedTickBehavior) {
    let start = Instant::now();
    let mut ticks = interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(behavior);
    let mut times = Vec::new();
    for tick in 0..6 {
        ticks.tick().await;
        times.push(format!("{:.1}", start.elapsed().as_secs_f64()));
        // Tick 1 does 2.5 s of work, and misses the ticks due at 2 s and 3 s.
        if tick == 1 {
            sleep(Duration::from_millis(2500)).await;
        }
    }
    println!(
        "{:<6} ticks at {}",
        format!("{behavior:?}"),
        times.join(", ")
    );
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    for behavior in [
        MissedTickBehavior::Burst,
        MissedTickBehavior::Delay,
        MissedTickBehavior::Skip,
    ] {
        run(behavior).await;
    }
}
// ANCHOR_END: main
