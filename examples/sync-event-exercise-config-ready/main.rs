//! Exercise: every worker, early or late, gets the configuration once it is
//! loaded.

// ANCHOR: given
use std::sync::Arc;
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

/// Which workers wait for the configuration, and when each one starts
/// waiting: two from the start, one a second after the load.
const WORKERS: [(u32, Duration); 3] = [
    (1, Duration::ZERO),
    (2, Duration::ZERO),
    (3, Duration::from_secs(2)),
];

/// Loads the configuration: one second, on the paused clock.
async fn load_config() -> String {
    sleep(Duration::from_secs(1)).await;
    "retries=3".to_string()
}

/// Seconds since `start`, for the output.
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
// ANCHOR_END: given

// ANCHOR: solution
use tokio::sync::SetOnce;

/// Waits for the configuration, for three seconds at most.
async fn worker(
    id: u32,
    arrives: Duration,
    config: Arc<SetOnce<String>>,
    start: Instant,
) -> String {
    sleep(arrives).await;
    // `wait` returns at once if the value is already set: a late worker
    // passes too.
    match timeout(Duration::from_secs(3), config.wait()).await {
        Ok(config) => format!("worker {id}: {config} at {:.1}s", secs(start)),
        Err(_) => format!("worker {id}: gave up at {:.1}s", secs(start)),
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let config = Arc::new(SetOnce::new());
    let mut workers = Vec::new();
    for (id, arrives) in WORKERS {
        let config = Arc::clone(&config);
        workers.push(tokio::spawn(worker(id, arrives, config, start)));
    }
    config
        .set(load_config().await)
        .expect("only main sets the configuration");
    // Printed in worker order, whatever order the workers woke up in.
    for worker in workers {
        println!("{}", worker.await.expect("the worker does not panic"));
    }
}
// ANCHOR_END: solution
