//! Puzzle: how far behind may a broadcast receiver fall?

use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (news, mut reader) = broadcast::channel(3);
    for headline in 1..=5 {
        news.send(headline).expect("there is a receiver");
    }
    drop(news);

    loop {
        match reader.recv().await {
            Ok(headline) => println!("headline {headline}"),
            Err(RecvError::Lagged(missed)) => println!("lagged: missed {missed}"),
            Err(RecvError::Closed) => {
                println!("closed");
                break;
            }
        }
    }
}
// ANCHOR_END: main
