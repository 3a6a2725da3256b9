//! tokio's choice for an I/O resource: one task owns it, others send it messages.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, sleep};

/// Stands in for a database connection: one query at a time, each one a
/// round trip to the server.
struct Connection {
    queries: u32,
}

impl Connection {
    async fn query(&mut self, sql: &str) -> String {
        sleep(Duration::from_secs(1)).await; // the round trip
        self.queries += 1;
        format!("{sql:?}: query {} on this connection", self.queries)
    }
}

// ANCHOR: main
/// A request for the connection's owner, with the channel for its answer.
struct Query {
    sql: String,
    reply: oneshot::Sender<String>,
}

/// Where the queries wait for the owner.
type Inbox = mpsc::Receiver<Query>;

/// The actor: the only task that ever touches the connection. It serves
/// the queries one at a time, in the order they arrive, and ends when
/// every handle to it is gone.
async fn connection_owner(mut connection: Connection, mut inbox: Inbox) {
    while let Some(Query { sql, reply }) = inbox.recv().await {
        let result = connection.query(&sql).await;
        // The asker may have given up waiting; then the answer is dropped.
        let _ = reply.send(result);
    }
}

/// What the other tasks hold: a cheap handle that can be cloned.
#[derive(Clone)]
struct Database {
    owner: mpsc::Sender<Query>,
}

impl Database {
    async fn query(&self, sql: &str) -> String {
        let (reply, answer) = oneshot::channel();
        let query = Query {
            sql: sql.to_owned(),
            reply,
        };
        self.owner
            .send(query)
            .await
            .expect("the owner outlives the handles");
        answer.await.expect("the owner answers every query")
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (owner, inbox) = mpsc::channel(16);
    let actor = tokio::spawn(connection_owner(Connection { queries: 0 }, inbox));
    let database = Database { owner };

    let (users, orders) = tokio::join!(
        database.query("SELECT name FROM users"),
        database.query("SELECT count(*) FROM orders"),
    );
    println!(
        "{users}\n{orders}\nboth answered at {:.1?}",
        start.elapsed()
    );

    drop(database); // the last handle: the actor's loop ends
    actor.await.expect("the actor does not panic");
}
// ANCHOR_END: main
