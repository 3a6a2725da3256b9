//! A client that writes from one task and reads from another: `into_split`.

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpStream};

/// A server that answers every line with the line in capitals, and serves
/// each connection in a task of its own.
async fn serve(listener: TcpListener) {
    loop {
        let (mut stream, _peer) = listener.accept().await.expect("loopback accepts");
        tokio::spawn(async move {
            let (reader, mut writer) = stream.split();
            let mut lines = BufReader::new(reader).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let reply = format!("{}\n", line.to_uppercase());
                if writer.write_all(reply.as_bytes()).await.is_err() {
                    break;
                }
            }
        });
    }
}

// ANCHOR: main
/// Prints every reply until the server closes the connection.
async fn print_replies(reader: OwnedReadHalf) -> io::Result<()> {
    let mut replies = BufReader::new(reader).lines();
    while let Some(reply) = replies.next_line().await? {
        println!("reply: {reply}");
    }
    println!("the server closed the connection");
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(serve(listener));

    let stream = TcpStream::connect(address).await?;
    // Owned halves: the read half moves into a task of its own, the write
    // half stays here. Neither borrows `stream`, which is gone.
    let (reader, mut writer) = stream.into_split();
    let printer = tokio::spawn(print_replies(reader));

    // Send every request without waiting for its reply.
    for request in ["status", "uptime", "version"] {
        writer.write_all(format!("{request}\n").as_bytes()).await?;
    }
    // Close the write direction only: the server reads the end of the
    // stream, finishes its replies, and closes its side in turn.
    writer.shutdown().await?;

    printer.await.expect("the printer does not panic")?;
    Ok(())
}
// ANCHOR_END: main
