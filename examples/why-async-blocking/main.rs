//! A task that computes without awaiting holds up every other task.

// ANCHOR: main
/// Pure CPU work: counts the primes below `limit` by trial division. It
/// contains no `.await`, so once it starts, nothing can interrupt it.
fn count_primes_below(limit: u64) -> usize {
    (2..limit)
        .filter(|&n| (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // The slow job, spawned as an ordinary task: it runs on the runtime's
    // only thread, like every other task.
    let job = tokio::spawn(async { count_primes_below(300_000) });
    // Then a request that needs no work at all.
    let request = tokio::spawn(async { "pong" });

    let reply = request.await.expect("the request does not panic");
    println!("request answered: {reply}");
    // Had the job finished before the request got its answer?
    println!("job finished first: {}", job.is_finished());

    let primes = job.await.expect("the job does not panic");
    println!("the job found {primes} primes");
}
// ANCHOR_END: main
