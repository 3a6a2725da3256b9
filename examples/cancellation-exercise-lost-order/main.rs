//! Exercise: a `select!` loop that loses an order when its heartbeat wins.

// ANCHOR: given
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep};

/// Sends three orders, at 0.0 s, 1.3 s and 2.0 s, then hangs up.
async fn customer(orders: mpsc::Sender<&'static str>) {
    for (order, pause) in [("A", 0), ("B", 1300), ("C", 700)] {
        sleep(Duration::from_millis(pause)).await;
        orders.send(order).await.expect("the shop is open");
    }
}

/// Checks an order against the stock: 0.4 s, on the paused clock.
async fn check_stock(order: &str) -> String {
    sleep(Duration::from_millis(400)).await;
    format!("order {order} (in stock)")
}

/// Seconds since `start`, for the output.
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
// ANCHOR_END: given

// ANCHOR: solution
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (sender, mut orders) = mpsc::channel(8);
    tokio::spawn(customer(sender));
    let first_beat = start + Duration::from_millis(500);
    let mut heartbeat = interval_at(first_beat, Duration::from_secs(1));
    let mut handled = 0;
    loop {
        tokio::select! {
            // Only `recv` races the heartbeat, and `recv` is cancel safe:
            // an order is either still in the channel or in `order`.
            order = orders.recv() => {
                let Some(order) = order else {
                    break; // the customer hung up, and the channel is empty
                };
                // The check runs in the branch's body, where nothing can
                // drop it halfway.
                let checked = check_stock(order).await;
                handled += 1;
                println!("handled {checked} at {:.1}s", secs(start));
            }
            _ = heartbeat.tick() => {} // a real server would send a heartbeat
        }
    }
    println!("3 orders sent, {handled} handled");
}
// ANCHOR_END: solution
