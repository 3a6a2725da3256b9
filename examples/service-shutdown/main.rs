//! Step 4 of the key-value server: graceful shutdown, tested in-process
//! with a channel standing in for Ctrl+C.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
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

/// A client for tests: it prints each line it sends (`>`) and each line
/// it receives (`<`).
struct TestClient {
    name: &'static str,
    lines: Lines<BufReader<OwnedReadHalf>>,
    writer: OwnedWriteHalf,
}

impl TestClient {
    /// Opens a connection, without waiting for the server to say anything.
    async fn open(name: &'static str, address: SocketAddr) -> io::Result<Self> {
        let (reader, writer) = TcpStream::connect(address).await?.into_split();
        let lines = BufReader::new(reader).lines();
        Ok(Self {
            name,
            lines,
            writer,
        })
    }

    /// Opens a connection and reads the server's first line.
    async fn connect(name: &'static str, address: SocketAddr) -> io::Result<Self> {
        let mut client = Self::open(name, address).await?;
        client.receive().await?;
        Ok(client)
    }

    /// Reads one line, or the end of the connection. A test that waits
    /// longer than ten seconds fails instead of hanging.
    async fn receive(&mut self) -> io::Result<()> {
        let patience = Duration::from_secs(10);
        match timeout(patience, self.lines.next_line()).await?? {
            Some(line) => println!("{} < {line}", self.name),
            None => println!("{}: connection closed", self.name),
        }
        Ok(())
    }

    /// Sends a line and reads the reply.
    async fn send(&mut self, line: &str) -> io::Result<()> {
        println!("{} > {line}", self.name);
        self.writer
            .write_all(format!("{line}\n").as_bytes())
            .await?;
        self.receive().await
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let limits = Limits {
        max_clients: 2,
        idle_timeout: Duration::from_secs(10),
    };
    // The test decides when the server stops: a oneshot channel stands in
    // for Ctrl+C.
    let (shut_down, shutdown_requested) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, limits, shutdown_requested));

    let mut dave = TestClient::connect("dave", address).await?;
    dave.send("SET colour red").await?;
    let mut erin = TestClient::connect("erin", address).await?;
    erin.send("GET colour").await?;

    println!("the test asks the server to shut down");
    shut_down.send(()).expect("the server is running");
    // `serve` returns once every client has gone; what they were told is
    // waiting in their sockets, read below.
    server.await.expect("the server does not panic");
    dave.receive().await?;
    dave.receive().await?;
    erin.receive().await?;
    erin.receive().await?;
    // `serve` dropped the listener before it told anyone: nothing listens
    // on the port now. (Another program could take the freed port only by
    // a rare chance: the system picks free ports at random among
    // thousands.)
    match TcpStream::connect(address).await {
        Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
            println!("frank: connection refused");
        }
        other => println!("frank: unexpected {other:?}"),
    }
    Ok(())
}
// ANCHOR_END: main
