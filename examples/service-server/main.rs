//! The key-value server, whole: one task per client, a shared store, an
//! idle timeout, a limit on clients, and a graceful shutdown on Ctrl+C.
//! Unix only: it listens for SIGINT with `tokio::signal::unix`.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::timeout;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// One line from a client, understood.
enum Request {
    Set { key: String, value: String },
    Get { key: String },
    Del { key: String },
    Quit,
}

impl Request {
    /// Parses a line; the error is the reply that says what is wrong.
    fn parse(line: &str) -> Result<Request, String> {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [] => Err("ERR empty line".to_owned()),
            ["SET", key, value] => Ok(Request::Set {
                key: key.to_string(),
                value: value.to_string(),
            }),
            ["GET", key] => Ok(Request::Get {
                key: key.to_string(),
            }),
            ["DEL", key] => Ok(Request::Del {
                key: key.to_string(),
            }),
            ["QUIT"] => Ok(Request::Quit),
            ["SET", ..] => Err("ERR usage: SET key value".to_owned()),
            ["GET", ..] => Err("ERR usage: GET key".to_owned()),
            ["DEL", ..] => Err("ERR usage: DEL key".to_owned()),
            ["QUIT", ..] => Err("ERR usage: QUIT".to_owned()),
            [command, ..] => Err(format!("ERR unknown command {command}")),
        }
    }
}

/// The data every client shares: a map behind a std mutex. The methods
/// are not async, so no caller can hold the lock across an `.await`.
#[derive(Clone, Default)]
struct Store {
    entries: Arc<Mutex<HashMap<String, String>>>,
}

impl Store {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, String>> {
        self.entries
            .lock()
            .expect("no thread panics while holding the lock")
    }

    /// Carries out a request; the reply, and whether the client is done.
    fn execute(&self, request: Request) -> (String, bool) {
        let reply = match request {
            Request::Set { key, value } => {
                self.lock().insert(key, value);
                "OK".to_owned()
            }
            Request::Get { key } => match self.lock().get(&key) {
                Some(value) => format!("VALUE {value}"),
                None => "NOT FOUND".to_owned(),
            },
            Request::Del { key } => match self.lock().remove(&key) {
                Some(_) => "DELETED".to_owned(),
                None => "NOT FOUND".to_owned(),
            },
            Request::Quit => return ("BYE".to_owned(), true),
        };
        (reply, false)
    }
}

/// What the server allows each client.
#[derive(Clone, Copy)]
struct Limits {
    max_clients: usize,
    idle_timeout: Duration,
}

impl Limits {
    /// From the environment, for the client that tests the server; a
    /// person running it by hand gets the defaults.
    fn from_env() -> Limits {
        let setting = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|value| value.parse().ok())
                .unwrap_or(default)
        };
        let idle = setting("KV_IDLE_TIMEOUT_MS", 30_000);
        Limits {
            max_clients: setting("KV_MAX_CLIENTS", 64) as usize,
            idle_timeout: Duration::from_millis(idle),
        }
    }
}

// ANCHOR: serve
/// Serves clients until `shutdown` completes, then stops accepting, tells
/// the clients still connected, and returns once they are all gone.
async fn serve(listener: TcpListener, limits: Limits, shutdown: impl Future) {
    let store = Store::default();
    let places = Arc::new(Semaphore::new(limits.max_clients));
    let stopping = CancellationToken::new();
    let clients = TaskTracker::new();

    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            // Polled first, so a shutdown is noticed even while clients
            // keep connecting.
            biased;
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _address)) => stream,
                // One client lost, or no file descriptor left (which
                // repeats until a client leaves): log it, pause, go on.
                Err(error) => {
                    eprintln!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        match Arc::clone(&places).try_acquire_owned() {
            Ok(place) => {
                let client = Client {
                    store: store.clone(),
                    idle_timeout: limits.idle_timeout,
                    stopping: stopping.clone(),
                };
                clients.spawn(client.serve(stream, place));
            }
            Err(_no_place) => {
                clients.spawn(turn_away(stream));
            }
        }
    }

    // Dropping the listener closes its socket: new clients are refused.
    drop(listener);
    let connected = limits.max_clients - places.available_permits();
    println!("shutting down, clients still connected: {connected}");
    stopping.cancel();
    clients.close();
    clients.wait().await;
    println!("shutdown complete");
}

/// A client over the limit is told so at once, and the connection closed.
async fn turn_away(mut stream: TcpStream) {
    let _ = stream.write_all(b"BUSY try again later\n").await;
}
// ANCHOR_END: serve

/// The longest line the server reads, in bytes: the limit that asyncio's
/// `StreamReader` sets by default.
const MAX_LINE: usize = 64 * 1024;

// ANCHOR: client
/// What a client's task needs besides its connection.
struct Client {
    store: Store,
    idle_timeout: Duration,
    stopping: CancellationToken,
}

impl Client {
    async fn serve(self, mut stream: TcpStream, place: OwnedSemaphorePermit) {
        if let Err(error) = self.converse(&mut stream).await {
            eprintln!("client error: {error}");
        }
        // Give the place back before the connection closes, so that a
        // client that sees it close and connects again finds it free.
        drop(place);
        drop(stream);
    }

    async fn converse(&self, stream: &mut TcpStream) -> io::Result<()> {
        let (reader, mut writer) = stream.split();
        let codec = LinesCodec::new_with_max_length(MAX_LINE);
        let mut lines = FramedRead::new(reader, codec);
        writer.write_all(b"HELLO\n").await?;
        loop {
            let line = tokio::select! {
                () = self.stopping.cancelled() => {
                    writer.write_all(b"BYE server shutting down\n").await?;
                    return Ok(());
                }
                // `next` is cancel safe: a partial line waits in the
                // `FramedRead`, so if shutdown wins, nothing is lost.
                read = timeout(self.idle_timeout, lines.next()) => match read {
                    Ok(Some(Ok(line))) => line,
                    // More of the line may still be coming: answer, and hang up.
                    Ok(Some(Err(LinesCodecError::MaxLineLengthExceeded))) => {
                        writer.write_all(b"ERR line too long\n").await?;
                        return Ok(());
                    }
                    Ok(Some(Err(LinesCodecError::Io(error)))) => return Err(error),
                    // `None`: the client closed the connection.
                    Ok(None) => return Ok(()),
                    Err(_elapsed) => {
                        writer.write_all(b"BYE idle timeout\n").await?;
                        return Ok(());
                    }
                },
            };
            let (reply, done) = match Request::parse(&line) {
                Ok(request) => self.store.execute(request),
                Err(reply) => (reply, false),
            };
            writer.write_all(format!("{reply}\n").as_bytes()).await?;
            if done {
                return Ok(());
            }
        }
    }
}
// ANCHOR_END: client

// ANCHOR: main
#[tokio::main]
async fn main() -> io::Result<()> {
    let limits = Limits::from_env();
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    // Created before the address is printed: from here on, SIGINT (Ctrl+C)
    // reaches this stream instead of ending the process, so a client that
    // reads the address may send it at once.
    let mut interrupt = signal(SignalKind::interrupt())?;
    println!("listening on {}", listener.local_addr()?);

    serve(listener, limits, interrupt.recv()).await;
    Ok(())
}
// ANCHOR_END: main
