//! Exercise: a chat room. Each line a client sends goes to every other
//! client in the room.

// ANCHOR: given
use std::io;
use std::net::SocketAddr;

use futures::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio_util::codec::{FramedRead, LinesCodec, LinesCodecError};

/// The longest line a client may say, in bytes.
const MAX_LINE: usize = 1024;

/// A line said in the room, and who said it.
#[derive(Clone, Debug)]
struct Message {
    from: SocketAddr,
    text: String,
}

/// Accepts clients for as long as the program runs, each in a task of its
/// own, and gives each one a sender into the room.
async fn serve(listener: TcpListener) {
    let (room, _) = broadcast::channel(16);
    loop {
        let (stream, peer) = listener.accept().await.expect("loopback accepts");
        let room = room.clone();
        tokio::spawn(async move {
            if let Err(error) = chat(stream, peer, room).await {
                eprintln!("connection failed: {error}");
            }
        });
    }
}

/// A client's end of a connection.
type Connection = BufReader<TcpStream>;

/// Connects, and waits for the server's welcome: from then on, the client
/// hears every line said in the room.
async fn join(address: SocketAddr) -> io::Result<Connection> {
    let mut connection = BufReader::new(TcpStream::connect(address).await?);
    let mut welcome = String::new();
    connection.read_line(&mut welcome).await?;
    Ok(connection)
}

async fn say(connection: &mut Connection, text: &str) -> io::Result<()> {
    connection.write_all(format!("{text}\n").as_bytes()).await
}

async fn hear(connection: &mut Connection) -> io::Result<String> {
    let mut line = String::new();
    connection.read_line(&mut line).await?;
    Ok(line.trim_end().to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(serve(listener));

    let mut alice = join(address).await?;
    let mut bob = join(address).await?;
    say(&mut alice, "alice: hi, bob").await?;
    say(&mut bob, "bob: hello, alice").await?;
    println!("alice hears {:?}", hear(&mut alice).await?);
    println!("bob hears {:?}", hear(&mut bob).await?);
    Ok(())
}
// ANCHOR_END: given

// ANCHOR: solution
/// Serves one client: lines it sends go to the room, and lines others say
/// in the room go to it.
async fn chat(
    mut stream: TcpStream,
    peer: SocketAddr,
    room: broadcast::Sender<Message>,
) -> Result<(), LinesCodecError> {
    // Subscribe before the welcome: a client that has read the welcome
    // hears every line said after it.
    let mut said = room.subscribe();
    let (reader, mut writer) = stream.split();
    writer.write_all(b"welcome\n").await?;
    // A line longer than MAX_LINE is an error, which ends the connection.
    let codec = LinesCodec::new_with_max_length(MAX_LINE);
    let mut lines = FramedRead::new(reader, codec);
    loop {
        // Both branches are cancel safe: the one that loses a turn loses
        // nothing, and is created afresh on the next.
        tokio::select! {
            line = lines.next() => match line {
                Some(line) => {
                    let text = line?;
                    // `send` fails only when no receiver is left; this
                    // client's own `said` is one, so it cannot fail here.
                    let _ = room.send(Message { from: peer, text });
                }
                None => return Ok(()), // the client left
            },
            message = said.recv() => match message {
                Ok(message) if message.from != peer => {
                    let line = format!("{}\n", message.text);
                    writer.write_all(line.as_bytes()).await?;
                }
                Ok(_) => {} // what this client said itself
                // Too slow to keep up: the oldest lines were dropped.
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return Ok(()),
            },
        }
    }
}
// ANCHOR_END: solution
