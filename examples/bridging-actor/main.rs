//! An actor: one task owns the resource; async tasks and plain threads
//! reach it through a handle that sends it messages.

use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

// ANCHOR: actor
/// What the actor can be asked, each request with the channel for its reply.
enum Message {
    Append {
        entry: String,
        reply: oneshot::Sender<u64>,
    },
    Count {
        reply: oneshot::Sender<u64>,
    },
}

/// The actor: the only code that touches the log. It takes one message at
/// a time from its mailbox and ends when every handle is gone. The writer
/// is in memory here; in a real program it would be a file or a socket.
async fn audit_log(mut mailbox: mpsc::Receiver<Message>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut entries = 0;
    while let Some(message) = mailbox.recv().await {
        match message {
            Message::Append { entry, reply } => {
                entries += 1;
                let line = format!("{entries}: {entry}\n");
                out.write_all(line.as_bytes())
                    .await
                    .expect("writing to memory cannot fail");
                // The caller may have stopped waiting; then nobody needs it.
                let _ = reply.send(entries);
            }
            Message::Count { reply } => {
                let _ = reply.send(entries);
            }
        }
    }
    out
}
// ANCHOR_END: actor

// ANCHOR: handle
/// The actor has stopped, so the request cannot be answered.
#[derive(Debug)]
struct Stopped;

/// What callers hold: a sender to the mailbox. Cheap to clone.
#[derive(Clone)]
struct AuditLog {
    mailbox: mpsc::Sender<Message>,
}

impl AuditLog {
    fn spawn() -> (AuditLog, JoinHandle<Vec<u8>>) {
        let (mailbox, inbox) = mpsc::channel(8);
        (AuditLog { mailbox }, tokio::spawn(audit_log(inbox)))
    }

    /// For async code.
    async fn append(&self, entry: &str) -> Result<u64, Stopped> {
        let (reply, answer) = oneshot::channel();
        let entry = entry.to_owned();
        let message = Message::Append { entry, reply };
        self.mailbox.send(message).await.map_err(|_| Stopped)?;
        answer.await.map_err(|_| Stopped)
    }

    /// The same for synchronous code. It blocks its thread, so it panics
    /// if called from async code.
    fn append_blocking(&self, entry: &str) -> Result<u64, Stopped> {
        let (reply, answer) = oneshot::channel();
        let entry = entry.to_owned();
        let message = Message::Append { entry, reply };
        self.mailbox.blocking_send(message).map_err(|_| Stopped)?;
        answer.blocking_recv().map_err(|_| Stopped)
    }

    async fn count(&self) -> Result<u64, Stopped> {
        let (reply, answer) = oneshot::channel();
        let message = Message::Count { reply };
        self.mailbox.send(message).await.map_err(|_| Stopped)?;
        answer.await.map_err(|_| Stopped)
    }
}
// ANCHOR_END: handle

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Stopped> {
    let (log, actor) = AuditLog::spawn();

    // Two tasks, each with a handle of its own.
    let alice = tokio::spawn({
        let log = log.clone();
        async move { log.append("alice logged in").await }
    });
    let bob = tokio::spawn({
        let log = log.clone();
        async move { log.append("bob logged in").await }
    });
    let first = alice.await.expect("the task does not panic")?;
    let second = bob.await.expect("the task does not panic")?;
    println!("async tasks: entries {first} and {second}");

    // A plain thread (here one of the blocking pool) uses the same actor.
    let from_thread = log.clone();
    let backup = move || from_thread.append_blocking("nightly backup started");
    let third = tokio::task::spawn_blocking(backup)
        .await
        .expect("the blocking job does not panic")?;
    println!("a plain thread: entry {third}");
    println!("count: {}", log.count().await?);

    drop(log); // the last handle: the mailbox closes, the actor returns
    let written = actor.await.expect("the actor does not panic");
    let written = String::from_utf8(written).expect("the log is UTF-8");
    print!("the log:\n{written}");
    Ok(())
}
// ANCHOR_END: main
