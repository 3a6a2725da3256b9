//! Framing with tokio-util: a stream of lines in, a sink of lines out.

use futures::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::{Framed, LinesCodec, LinesCodecError};

// ANCHOR: main
/// The longest line the server accepts, in bytes.
const MAX_LINE: usize = 64;

/// Answers every line in capitals; a line that is too long ends the
/// connection.
async fn shout(stream: TcpStream) -> Result<(), LinesCodecError> {
    // One value that is both a stream of incoming lines and a sink for
    // outgoing ones. A partial line waits in the Framed's buffer; the codec
    // gives up on a line once more than MAX_LINE bytes of it have come.
    let mut lines = Framed::new(stream, LinesCodec::new_with_max_length(MAX_LINE));
    while let Some(line) = lines.next().await {
        match line {
            Ok(line) => lines.send(line.to_uppercase()).await?,
            Err(LinesCodecError::MaxLineLengthExceeded) => {
                let refusal = format!("error: lines are at most {MAX_LINE} bytes");
                lines.send(refusal).await?;
                break; // dropping `lines` closes the connection
            }
            Err(error) => return Err(error), // an I/O error, or not UTF-8
        }
    }
    Ok(())
}

async fn serve(listener: TcpListener) {
    loop {
        let (stream, _peer) = listener.accept().await.expect("loopback accepts");
        tokio::spawn(async move {
            if let Err(error) = shout(stream).await {
                eprintln!("connection failed: {error}");
            }
        });
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(serve(listener));

    let stream = TcpStream::connect(address).await?;
    let mut server = Framed::new(stream, LinesCodec::new());
    let too_long = "a".repeat(100);
    for request in ["hello", too_long.as_str()] {
        server.send(request).await?;
        // `None` would mean the end of the stream; `?` passes on an error.
        let reply = server.next().await.expect("the server answers each line")?;
        println!("sent {} bytes, got {reply:?}", request.len());
    }
    // After its refusal the server closed the connection: the stream of
    // lines has ended.
    if server.next().await.is_none() {
        println!("then the server hung up");
    }
    Ok(())
}
// ANCHOR_END: main
