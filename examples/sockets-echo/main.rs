//! An echo server and its clients in one program: one task per connection.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::sleep;

// ANCHOR: main
/// Accepts connections for as long as the program runs, and serves each one
/// in a task of its own, so that no client waits for another.
async fn serve(listener: TcpListener) {
    loop {
        match listener.accept().await {
            Ok((stream, _peer)) => {
                tokio::spawn(async move {
                    if let Err(error) = echo(stream).await {
                        eprintln!("connection failed: {error}");
                    }
                });
            }
            // Accepting can fail (too many open files, say), and fail again
            // at once on the next call: report it, pause, and go on serving
            // the connections that already work.
            Err(error) => {
                eprintln!("accept failed: {error}");
                sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Sends every line back, until the client closes its side.
async fn echo(mut stream: TcpStream) -> io::Result<()> {
    // Two halves of one connection, borrowed from `stream`: one to read
    // lines from, one to write replies to.
    let (reader, mut writer) = stream.split();
    // No limit on a line's length yet: the framing section adds one.
    let mut lines = BufReader::new(reader).lines();
    // `next_line` gives `None` at the end of the stream.
    while let Some(line) = lines.next_line().await? {
        writer.write_all(format!("{line}\n").as_bytes()).await?;
    }
    Ok(()) // `stream` is dropped here, which closes the connection
}

/// A client's end of a connection. A `BufReader` reads through its buffer,
/// and writes go straight through to the stream it wraps.
type Connection = BufReader<TcpStream>;

/// Sends one line and waits for the reply.
async fn exchange(connection: &mut Connection, line: &str) -> io::Result<String> {
    connection.write_all(format!("{line}\n").as_bytes()).await?;
    let mut reply = String::new();
    connection.read_line(&mut reply).await?;
    Ok(reply.trim_end().to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    // Port 0: the operating system picks a free port.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(serve(listener));

    let mut alice = BufReader::new(TcpStream::connect(address).await?);
    println!("alice got {}", exchange(&mut alice, "hello").await?);
    // Bob is served while Alice is still connected.
    let mut bob = BufReader::new(TcpStream::connect(address).await?);
    println!("bob got {}", exchange(&mut bob, "hi").await?);
    println!("alice got {}", exchange(&mut alice, "bye").await?);
    Ok(())
}
// ANCHOR_END: main
