//! With no receiver, `watch::Sender::send` drops the value; `send_replace` keeps it.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, timeout};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (set_flag, flag) = watch::channel(false);
    // The only receiver goes away, say with a waiter that has finished.
    drop(flag);

    // `send` refuses: with no receiver, it returns the value as an error
    // and does NOT store it.
    let result = set_flag.send(true);
    println!("send(true) returned {result:?}");

    // A waiter that subscribes afterwards sees the old value, and waits.
    let mut late = set_flag.subscribe();
    let waiting_since = Instant::now();
    if timeout(Duration::from_secs(1), late.wait_for(|&set| set))
        .await
        .is_err()
    {
        println!(
            "late waiter: still waiting after {:.1?}",
            waiting_since.elapsed()
        );
    }

    // `send_replace` always stores the value, receivers or not.
    set_flag.send_replace(true);
    let mut later = set_flag.subscribe();
    later
        .wait_for(|&set| set)
        .await
        .expect("`set_flag` is alive, so the channel is open");
    println!("after send_replace(true), a new waiter passes at once");
}
// ANCHOR_END: main
