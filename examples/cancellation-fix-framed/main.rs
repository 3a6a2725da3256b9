//! The fix: a stream of lines, whose `next` is cancel safe.

use std::time::Duration;

use futures::StreamExt;
use tokio::io::{AsyncWriteExt, DuplexStream};
use tokio::time::{Instant, sleep};
use tokio_util::codec::{FramedRead, LinesCodec};

/// Writes one line in two parts, a second apart, then closes the stream.
async fn send_line(mut writer: DuplexStream) {
    writer
        .write_all(b"temperature=")
        .await
        .expect("the reader is open");
    sleep(Duration::from_secs(1)).await;
    writer
        .write_all(b"21.5\n")
        .await
        .expect("the reader is open");
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (writer, reader) = tokio::io::duplex(64);
    tokio::spawn(send_line(writer));
    // The partial line waits in the FramedRead's buffer, not in a future,
    // so dropping a `next` future loses nothing.
    let mut lines = FramedRead::new(reader, LinesCodec::new());
    loop {
        tokio::select! {
            line = lines.next() => match line {
                Some(line) => {
                    let line = line.expect("reading from memory cannot fail");
                    println!("line {line:?} at {:.1?}", start.elapsed());
                }
                None => break, // end of the stream
            },
            () = sleep(Duration::from_millis(400)) => {
                println!("tick at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
