//! Stepping the paused clock by hand to watch a retry wait between tries.
//! Run the tests with `cargo test --example testing-advance`.

#![cfg_attr(not(test), allow(dead_code))]

use std::time::Duration;

use tokio::time::sleep;

fn main() {
    // Nothing to run: this file is its tests.
}

// ANCHOR: main
/// Calls `attempt` until it succeeds, three tries at most, waiting one
/// second after the first failure and two after the second.
async fn retry<F, Fut>(mut attempt: F) -> Result<u32, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<u32, String>>,
{
    let mut pause = Duration::from_secs(1);
    let mut tries = 1;
    loop {
        match attempt().await {
            Ok(answer) => return Ok(answer),
            Err(error) if tries == 3 => return Err(error),
            Err(_) => {
                sleep(pause).await;
                pause *= 2;
                tries += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use tokio::time::{self, Instant};
    use tokio_test::{assert_pending, assert_ready, task};

    #[tokio::test]
    async fn waits_one_second_then_two_between_tries() {
        time::pause();
        let start = Instant::now();
        let tries = Cell::new(0);
        let failing = || {
            tries.set(tries.get() + 1);
            async { Err::<u32, _>("503".to_string()) }
        };
        // A future we poll by hand: nothing runs it but `poll` below.
        let mut retrying = task::spawn(retry(failing));

        assert_pending!(retrying.poll());
        assert_eq!(tries.get(), 1, "the first try comes at once");

        time::advance(Duration::from_millis(900)).await;
        assert_pending!(retrying.poll());
        assert_eq!(tries.get(), 1, "still waiting out the first second");

        time::advance(Duration::from_millis(200)).await;
        assert_pending!(retrying.poll());
        assert_eq!(tries.get(), 2, "the second try comes after one second");

        time::advance(Duration::from_millis(1900)).await;
        assert_pending!(retrying.poll());
        assert_eq!(tries.get(), 2, "still waiting out the two seconds");

        time::advance(Duration::from_millis(200)).await;
        let result = assert_ready!(retrying.poll());
        assert_eq!(tries.get(), 3, "the third try comes two seconds later");
        assert_eq!(result, Err("503".to_string()));
        assert_eq!(start.elapsed(), Duration::from_millis(3200));
    }
}
// ANCHOR_END: main
