//! The fix: a task reads whole lines and sends them over a channel.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

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
/// Nothing here is ever cancelled halfway: `read_line` is awaited to its end.
async fn read_lines(reader: DuplexStream, lines: mpsc::Sender<String>) {
    let mut reader = BufReader::new(reader);
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line).await;
        if read.expect("reading from memory cannot fail") == 0 {
            break; // end of the stream; dropping `lines` closes the channel
        }
        if lines.send(line).await.is_err() {
            break; // nobody is listening any more
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (writer, reader) = tokio::io::duplex(64);
    tokio::spawn(send_line(writer));
    let (sender, mut lines) = mpsc::channel(8);
    tokio::spawn(read_lines(reader, sender));
    loop {
        tokio::select! {
            // `recv` is cancel safe: when the tick wins, no line was taken.
            line = lines.recv() => match line {
                Some(line) => println!("line {line:?} at {:.1?}", start.elapsed()),
                None => break, // the reader task has finished
            },
            () = sleep(Duration::from_millis(400)) => {
                println!("tick at {:.1?}", start.elapsed());
            }
        }
    }
}
// ANCHOR_END: main
