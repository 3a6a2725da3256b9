//! Exercise: fetch ten pages from a server that serves at most three
//! requests at once.

// ANCHOR: given
use std::cell::Cell;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::time::{Instant, sleep};

/// A page, or the server's refusal.
type Fetched = Result<String, String>;

/// A server that refuses a request when it is already serving three.
#[derive(Default)]
struct Server {
    serving: Cell<usize>,
}

impl Server {
    async fn fetch(&self, url: &str) -> Fetched {
        if self.serving.get() == 3 {
            return Err(format!("{url}: 429 Too Many Requests"));
        }
        self.serving.set(self.serving.get() + 1);
        sleep(Duration::from_secs(1)).await;
        self.serving.set(self.serving.get() - 1);
        Ok(format!("{url}: 200 OK"))
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let server = Server::default();
    let urls: Vec<String> = (1..=10).map(|n| format!("/page/{n}")).collect();
    let results = fetch_all(&server, &urls).await;
    let refused = results.iter().filter(|result| result.is_err()).count();
    println!(
        "{} pages, {refused} refused, in {:.1}s",
        results.len() - refused,
        start.elapsed().as_secs_f64()
    );
}
// ANCHOR_END: given

// ANCHOR: solution
/// Fetches every URL, at most three at a time.
async fn fetch_all(server: &Server, urls: &[String]) -> Vec<Fetched> {
    stream::iter(urls)
        .map(|url| server.fetch(url))
        .buffer_unordered(3)
        .collect()
        .await
}
// ANCHOR_END: solution
