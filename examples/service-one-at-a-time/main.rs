//! Step 1 of the key-value server: the protocol, one client at a time, and
//! a test that runs the server and its clients in one program.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use futures::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};

// ANCHOR: request
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
// ANCHOR_END: request

// ANCHOR: serve
/// Carries out a request: the reply, and whether the client is done.
fn execute(store: &mut HashMap<String, String>, request: Request) -> (String, bool) {
    let reply = match request {
        Request::Set { key, value } => {
            store.insert(key, value);
            "OK".to_owned()
        }
        Request::Get { key } => match store.get(&key) {
            Some(value) => format!("VALUE {value}"),
            None => "NOT FOUND".to_owned(),
        },
        Request::Del { key } => match store.remove(&key) {
            Some(_) => "DELETED".to_owned(),
            None => "NOT FOUND".to_owned(),
        },
        Request::Quit => return ("BYE".to_owned(), true),
    };
    (reply, false)
}

/// The longest line the server reads, in bytes: the limit that asyncio's
/// `StreamReader` sets by default.
const MAX_LINE: usize = 64 * 1024;

/// Talks with one client until it leaves.
async fn handle_client(
    mut stream: TcpStream,
    store: &mut HashMap<String, String>,
) -> io::Result<()> {
    let (reader, mut writer) = stream.split();
    // One line at a time, without its line ending. Without a limit, a
    // client that never sent a newline would make the server buffer all
    // that it sent.
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
            Ok(request) => execute(store, request),
            Err(reply) => (reply, false),
        };
        writer.write_all(format!("{reply}\n").as_bytes()).await?;
        if done {
            break;
        }
    }
    Ok(())
}

/// Accepts a client, serves it to the end, and only then accepts the next.
async fn serve(listener: TcpListener) -> io::Result<()> {
    let mut store = HashMap::new();
    loop {
        let (stream, _address) = listener.accept().await?;
        if let Err(error) = handle_client(stream, &mut store).await {
            eprintln!("client error: {error}");
        }
    }
}
// ANCHOR_END: serve

// ANCHOR: test-client
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
// ANCHOR_END: test-client

// ANCHOR: main
// Real sockets, so the real clock: the output depends on no timing, only
// on each step waiting for its answer.
#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    // Port 0: the system picks a free port, and the test asks which.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    // The server runs as a task until `main` returns.
    tokio::spawn(serve(listener));

    let mut alice = TestClient::connect("alice", address).await?;
    alice.send("SET colour blue").await?;

    // Bob's connection is made (the system queues it), but nobody talks
    // to him while the server is busy with Alice.
    let mut bob = TestClient::open("bob", address).await?;
    let wait = Duration::from_millis(200);
    if timeout(wait, bob.receive()).await.is_err() {
        println!("bob: no greeting within {wait:?}: the server is busy with alice");
    }

    alice.send("QUIT").await?;
    bob.receive().await?;
    bob.send("GET colour").await?;
    Ok(())
}
// ANCHOR_END: main
