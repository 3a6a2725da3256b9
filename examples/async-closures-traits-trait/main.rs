//! `async fn` in a trait (Rust 1.75): two implementations, one generic
//! caller.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: main
trait PageStore {
    async fn load(&self, path: &str) -> Option<String>;
}

struct MemoryStore {
    pages: HashMap<String, String>,
}

impl PageStore for MemoryStore {
    async fn load(&self, path: &str) -> Option<String> {
        self.pages.get(path).cloned()
    }
}

struct RemoteStore;

impl PageStore for RemoteStore {
    async fn load(&self, path: &str) -> Option<String> {
        sleep(Duration::from_millis(200)).await; // stands in for a request
        Some(format!("<h1>{path} from the remote store</h1>"))
    }
}

// Generic: the compiler writes one `render` for each store type it is
// called with, and knows each one's future exactly.
async fn render<S: PageStore>(store: &S, path: &str) -> String {
    match store.load(path).await {
        Some(body) => body,
        None => String::from("404 not found"),
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let memory = MemoryStore {
        pages: HashMap::from([(String::from("/"), String::from("<h1>home</h1>"))]),
    };
    for path in ["/", "/about"] {
        println!("MemoryStore {path}: {}", render(&memory, path).await);
    }
    for path in ["/", "/about"] {
        println!("RemoteStore {path}: {}", render(&RemoteStore, path).await);
    }
}
// ANCHOR_END: main
