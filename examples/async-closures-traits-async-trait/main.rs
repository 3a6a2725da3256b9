//! `#[async_trait]`: a trait with async methods that works as `dyn Trait`,
//! at the price of one boxed future per call, counted here.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;

// ANCHOR: main
#[async_trait]
trait HealthCheck: Send + Sync {
    fn name(&self) -> &str;
    async fn is_up(&self) -> bool;
}

struct Database {
    connections: u32,
}

#[async_trait]
impl HealthCheck for Database {
    fn name(&self) -> &str {
        "database"
    }
    async fn is_up(&self) -> bool {
        tokio::task::yield_now().await; // stands in for a query
        self.connections > 0
    }
}

struct Cache;

#[async_trait]
impl HealthCheck for Cache {
    fn name(&self) -> &str {
        "cache"
    }
    async fn is_up(&self) -> bool {
        false
    }
}

// The same check, as a native `async fn` in a trait, for comparison.
trait NativeHealthCheck {
    async fn is_up(&self) -> bool;
}

impl NativeHealthCheck for Database {
    async fn is_up(&self) -> bool {
        tokio::task::yield_now().await;
        self.connections > 0
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Different types behind one `dyn` type, in one list.
    let checks: Vec<Box<dyn HealthCheck>> =
        vec![Box::new(Database { connections: 4 }), Box::new(Cache)];
    for check in &checks {
        let state = if check.is_up().await { "up" } else { "down" };
        println!("{}: {state}", check.name());
    }

    let database = Database { connections: 4 };
    let before = allocations();
    for _ in 0..1000 {
        HealthCheck::is_up(&database).await;
    }
    let boxed = allocations() - before;
    println!("1000 calls through #[async_trait]: {boxed} allocations");
    let before = allocations();
    for _ in 0..1000 {
        NativeHealthCheck::is_up(&database).await;
    }
    let native = allocations() - before;
    println!("1000 calls to a native async fn:   {native} allocations");
}
// ANCHOR_END: main

/// Counts the program's heap allocations, and otherwise leaves them to the
/// system allocator.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's promises about `layout` are passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with this `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.load(Ordering::Relaxed)
}
