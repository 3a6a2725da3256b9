// ANCHOR: given
//! Exercise: a warehouse whose stock sits behind a shared tokio `Mutex`,
//! rewritten as an actor.

use std::time::Duration;

use tokio::time::{Instant, sleep};

/// The supplier: a slow call over the network, which delivers ten apples.
async fn supplier_delivery() -> u32 {
    sleep(Duration::from_secs(2)).await;
    10
}
// ANCHOR_END: given

// ANCHOR: solution
use tokio::sync::{mpsc, oneshot};

/// Requests for the warehouse's owner.
enum Message {
    Add { apples: u32 },
    Stock { reply: oneshot::Sender<u32> },
}

/// The actor owns the stock. Each message takes it an instant to handle:
/// nothing slow happens inside this loop.
async fn owner(mut apples: u32, mut mailbox: mpsc::Receiver<Message>) {
    while let Some(message) = mailbox.recv().await {
        match message {
            Message::Add { apples: delivered } => apples += delivered,
            Message::Stock { reply } => {
                let _ = reply.send(apples);
            }
        }
    }
}

#[derive(Clone)]
struct Warehouse {
    mailbox: mpsc::Sender<Message>,
}

impl Warehouse {
    fn new(apples: u32) -> Warehouse {
        let (mailbox, inbox) = mpsc::channel(8);
        tokio::spawn(owner(apples, inbox));
        Warehouse { mailbox }
    }

    /// The slow call happens here, in the caller's task; only its result
    /// goes to the owner.
    async fn restock(&self) {
        let apples = supplier_delivery().await;
        let message = Message::Add { apples };
        self.mailbox
            .send(message)
            .await
            .expect("the owner is running");
    }

    async fn stock(&self) -> u32 {
        let (reply, answer) = oneshot::channel();
        let message = Message::Stock { reply };
        self.mailbox
            .send(message)
            .await
            .expect("the owner is running");
        answer.await.expect("the owner answers every request")
    }
}
// ANCHOR_END: solution

// ANCHOR: given-tail
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let warehouse = Warehouse::new(3);

    let restocking = tokio::spawn({
        let warehouse = warehouse.clone();
        async move { warehouse.restock().await }
    });

    // A customer asks for the stock while the delivery is on its way.
    sleep(Duration::from_millis(500)).await;
    let apples = warehouse.stock().await;
    println!("stock answered at {:.1?}: {apples} apples", start.elapsed());

    restocking.await.expect("restocking does not panic");
    let apples = warehouse.stock().await;
    println!("restocked at {:.1?}: {apples} apples", start.elapsed());
}
// ANCHOR_END: given-tail
