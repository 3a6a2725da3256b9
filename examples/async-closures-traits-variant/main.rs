//! `#[trait_variant::make]`: a `Send` variant of a trait with `async fn`,
//! so that generic code may spawn the futures of its methods.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: main
// Writes a second trait, `PageStore: Send`, whose `load` returns
// `impl Future<Output = Option<String>> + Send`, and implements
// `LocalPageStore` for every type that implements `PageStore`.
#[trait_variant::make(PageStore: Send)]
trait LocalPageStore {
    async fn load(&self, path: &str) -> Option<String>;
}

struct RemoteStore;

// Implementing the `Send` variant. The method is still written `async fn`;
// the compiler checks that its future is `Send`.
impl PageStore for RemoteStore {
    async fn load(&self, path: &str) -> Option<String> {
        sleep(Duration::from_millis(200)).await; // stands in for a request
        Some(format!("<h1>{path}</h1>"))
    }
}

// Generic, not spawning: the original trait is enough, and every
// `PageStore` is a `LocalPageStore` too.
async fn render<S: LocalPageStore>(store: &S, path: &str) -> String {
    let page = store.load(path).await;
    page.unwrap_or_else(|| String::from("404 not found"))
}

// Generic, and spawning: the bound `PageStore` promises `Send` futures
// (and a `Send` store: it is a supertrait, so only `Sync` is added here).
async fn prefetch<S>(store: Arc<S>, paths: &[&'static str])
where
    S: PageStore + Sync + 'static,
{
    let mut tasks = Vec::new();
    for &path in paths {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move { store.load(path).await }));
    }
    for (path, task) in paths.iter().zip(tasks) {
        let page = task.await.expect("a load does not panic");
        println!("{path}: {}", page.as_deref().unwrap_or("404 not found"));
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("rendered: {}", render(&RemoteStore, "/").await);
    prefetch(Arc::new(RemoteStore), &["/", "/about"]).await;
}
// ANCHOR_END: main
