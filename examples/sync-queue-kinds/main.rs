//! broadcast hands every value to every receiver; watch keeps only the latest.

use tokio::sync::{broadcast, watch};

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // broadcast: every receiver gets its own copy of every value.
    let (news, mut alice) = broadcast::channel(16);
    let mut bob = news.subscribe();
    for headline in ["rain", "sun", "snow"] {
        news.send(headline).expect("there are subscribers");
    }
    drop(news); // closes the channel once the receivers have caught up
    for (name, receiver) in [("alice", &mut alice), ("bob", &mut bob)] {
        let mut seen = Vec::new();
        // `recv` fails with `Closed` once the sender is gone and this
        // receiver has read everything.
        while let Ok(headline) = receiver.recv().await {
            seen.push(headline);
        }
        println!("broadcast: {name} saw {seen:?}");
    }

    // A broadcast receiver that falls more than `capacity` values behind
    // loses the oldest ones, and is told how many it missed.
    let (news, mut slow) = broadcast::channel(2);
    for headline in ["rain", "sun", "snow"] {
        news.send(headline).expect("there is a subscriber");
    }
    let missed = slow.recv().await;
    println!("broadcast: slow reader got {missed:?}");
    let next = slow.recv().await.expect("the channel still holds values");
    println!("broadcast: slow reader goes on with {next:?}");

    // watch: only the latest value is kept; a reader sees where things
    // stand now, not how they got there.
    let (weather, mut reader) = watch::channel("rain");
    for headline in ["sun", "snow"] {
        weather.send_replace(headline);
    }
    println!("watch: the reader sees {:?}", *reader.borrow_and_update());
}
// ANCHOR_END: main
