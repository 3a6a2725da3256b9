//! `spawn_blocking` moves CPU work off the runtime's thread.

use std::sync::mpsc;

/// Pure CPU work: counts the primes below `limit` by trial division.
fn count_primes_below(limit: u64) -> usize {
    (2..limit)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A plain std channel: the job will block its thread waiting on it.
    let (go_ahead, wait_for_go_ahead) = mpsc::channel();
    // The same job, handed to tokio's pool of blocking threads: it runs
    // there, and the runtime's thread stays free for the tasks. It first
    // blocks until `main` lets it finish, so that the order of the lines
    // below holds by construction, not by the job being slow enough.
    let job = tokio::task::spawn_blocking(move || {
        wait_for_go_ahead.recv().expect("main sends the go-ahead");
        count_primes_below(300_000)
    });
    let request = tokio::spawn(async { "pong" });

    let reply = request.await.expect("the request does not panic");
    println!("request answered: {reply}");
    println!("job finished first: {}", job.is_finished());

    go_ahead.send(()).expect("the job is still waiting for it");
    // Awaiting the handle waits for the job without blocking the runtime.
    let primes = job.await.expect("the job does not panic");
    println!("the job found {primes} primes");
}
// ANCHOR_END: main
