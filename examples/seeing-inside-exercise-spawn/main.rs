//! Exercise: give each spawned job a span of its own, inside the batch's.

// ANCHOR: given
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;
use tracing::{Instrument, info, info_span, instrument};

async fn process(job: u64) {
    sleep(Duration::from_millis(100 * job)).await;
    info!("done");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_target(false)
        .init();
    dispatch(7).await;
}
// ANCHOR_END: given

// ANCHOR: solution
#[instrument]
async fn dispatch(batch: u32) {
    info!("dispatching");
    let mut jobs = JoinSet::new();
    for id in 1..=2 {
        // Made here, inside `dispatch`'s span, which becomes its parent;
        // the task enters it each time it runs.
        let span = info_span!("job", id);
        jobs.spawn(process(id).instrument(span));
    }
    jobs.join_all().await;
    info!("all done");
}
// ANCHOR_END: solution
