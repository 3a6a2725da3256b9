//! A job that never looks at its token: cancelling the token does not stop it.

use std::time::Duration;

use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let token = CancellationToken::new();
    let job = tokio::spawn({
        let token = token.clone();
        async move {
            // The token is only checked once the work is over: too late.
            sleep(Duration::from_secs(5)).await;
            println!("job finished its work at {:.1?}", start.elapsed());
            token.is_cancelled()
        }
    });
    sleep(Duration::from_secs(1)).await;
    token.cancel();
    println!("token cancelled at {:.1?}", start.elapsed());
    let saw_cancel = job.await.expect("the job does not panic");
    println!("job saw the cancellation afterwards: {saw_cancel}");
}
// ANCHOR_END: main
