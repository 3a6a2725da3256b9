//! Exercise: a task answers each request through the oneshot channel that
//! came with it.

// ANCHOR: given
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, sleep};

/// A question for the lookup task, with the place to put the answer.
struct Lookup {
    user_id: u32,
    reply: oneshot::Sender<String>,
}

fn name_of(user_id: u32) -> &'static str {
    match user_id {
        1 => "Ada",
        2 => "Grace",
        _ => "nobody",
    }
}
// ANCHOR_END: given

// ANCHOR: solution
/// Answers lookups, one at a time, until every sender is gone.
async fn serve_lookups(mut lookups: mpsc::Receiver<Lookup>) {
    while let Some(lookup) = lookups.recv().await {
        sleep(Duration::from_millis(500)).await; // the database is slow
        let name = name_of(lookup.user_id).to_string();
        // `send` consumes the sender and never waits. It fails only if the
        // asker has stopped waiting, and then there is nobody to tell.
        let _ = lookup.reply.send(name);
    }
}
// ANCHOR_END: solution

// ANCHOR: given-main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (lookups, requests) = mpsc::channel(8);
    tokio::spawn(serve_lookups(requests));
    for user_id in [1, 2] {
        // A fresh oneshot channel for each question: the receiver waits
        // here, the sender travels with the question.
        let (reply, answer) = oneshot::channel();
        let lookup = Lookup { user_id, reply };
        lookups
            .send(lookup)
            .await
            .expect("the lookup task is running");
        let answer = answer.await;
        let seconds = start.elapsed().as_secs_f64();
        match answer {
            Ok(name) => println!("user {user_id} is {name} ({seconds:.1}s)"),
            Err(error) => println!("user {user_id}: {error} ({seconds:.1}s)"),
        }
    }
}
// ANCHOR_END: given-main
