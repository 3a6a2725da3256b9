// ANCHOR: given
//! Exercise: the key-value server of step 2, with an `INCR key` command.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};

// ANCHOR_END: given

// ANCHOR: solution
/// One line from a client, understood.
enum Request {
    Set { key: String, value: String },
    Get { key: String },
    Del { key: String },
    Incr { key: String },
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
            ["INCR", key] => Ok(Request::Incr {
                key: key.to_string(),
            }),
            ["QUIT"] => Ok(Request::Quit),
            ["SET", ..] => Err("ERR usage: SET key value".to_owned()),
            ["GET", ..] => Err("ERR usage: GET key".to_owned()),
            ["DEL", ..] => Err("ERR usage: DEL key".to_owned()),
            ["INCR", ..] => Err("ERR usage: INCR key".to_owned()),
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

    /// Carries out a request: the reply, and whether the client is done.
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
            Request::Incr { key } => {
                // One lock for the read and the write: no other client can
                // slip in between them.
                let mut entries = self.lock();
                let count = entries.entry(key).or_insert_with(|| "0".to_owned());
                // `checked_add`, not `+`: an overflow would panic with the
                // guard held, and poison the lock for every client.
                match count.parse::<i64>().map(|number| number.checked_add(1)) {
                    Ok(Some(number)) => {
                        *count = number.to_string();
                        format!("VALUE {count}")
                    }
                    Ok(None) => "ERR would overflow".to_owned(),
                    Err(_) => "ERR not a number".to_owned(),
                }
            }
            Request::Quit => return ("BYE".to_owned(), true),
        };
        (reply, false)
    }
}

// ANCHOR_END: solution

// ANCHOR: given-tail
/// The longest line the server reads, in bytes: the limit that asyncio's
/// `StreamReader` sets by default.
const MAX_LINE: usize = 64 * 1024;

/// Talks with one client until it leaves.
async fn handle_client(mut stream: TcpStream, store: Store) -> io::Result<()> {
    let (reader, mut writer) = stream.split();
    let codec = LinesCodec::new_with_max_length(MAX_LINE);
    let mut lines = FramedRead::new(reader, codec);
    writer.write_all(b"HELLO\n").await?;
    // `None`: the client closed the connection.
    while let Some(line) = lines.next().await {
        let line = match line {
            Ok(line) => line,
            // More of the line may still be coming: answer, and hang up.
            Err(LinesCodecError::MaxLineLengthExceeded) => {
                writer.write_all(b"ERR line too long\n").await?;
                break;
            }
            Err(LinesCodecError::Io(error)) => return Err(error),
        };
        let (reply, done) = match Request::parse(&line) {
            Ok(request) => store.execute(request),
            Err(reply) => (reply, false),
        };
        writer.write_all(format!("{reply}\n").as_bytes()).await?;
        if done {
            break;
        }
    }
    Ok(())
}

/// Accepts clients for ever, each served by a task of its own.
async fn serve(listener: TcpListener) {
    let store = Store::default();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _address)) => stream,
            // A connection that failed before it could be accepted: that
            // client is lost, the server goes on. Running out of file
            // descriptors fails every accept until a client leaves, so
            // pause a moment rather than spin.
            Err(error) => {
                eprintln!("accept failed: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // Each task gets its own handle to the one store.
        let store = store.clone();
        tokio::spawn(async move {
            if let Err(error) = handle_client(stream, store).await {
                eprintln!("client error: {error}");
            }
        });
    }
}

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

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(serve(listener));

    let mut alice = TestClient::connect("alice", address).await?;
    let mut bob = TestClient::connect("bob", address).await?;
    alice.send("INCR visits").await?;
    bob.send("INCR visits").await?;
    alice.send("INCR visits").await?;
    bob.send("GET visits").await?;
    bob.send("SET colour blue").await?;
    bob.send("INCR colour").await?;
    bob.send("SET record 9223372036854775807").await?;
    bob.send("INCR record").await?;
    alice.send("GET record").await?;
    alice.send("INCR").await?;
    Ok(())
}
// ANCHOR_END: given-tail
