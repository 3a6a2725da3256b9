//! Running a program with a time limit, so that no snippet can hang the suite.

use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished (or stopped) program left behind.
pub struct Finished {
    /// `None` when the program was killed for running past its time.
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// How the program's two output streams are collected.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Streams {
    /// Kept apart, as `stdout` and `stderr`.
    Separate,
    /// Both written into one pipe, in the order the program wrote them, as a
    /// terminal would show them; everything ends up in `stdout`.
    Merged,
}

/// Runs `command` to the end, or kills it (and every process it started)
/// once `limit` has passed.
pub fn run(
    mut command: Command,
    stdin: &[u8],
    limit: Duration,
    streams: Streams,
) -> io::Result<Finished> {
    // A group of its own, so that a kill reaches rustc or the snippet too.
    command.process_group(0).stdin(Stdio::piped());
    let merged_reader = match streams {
        Streams::Separate => {
            command.stdout(Stdio::piped()).stderr(Stdio::piped());
            None
        }
        Streams::Merged => {
            let (reader, writer) = io::pipe()?;
            command.stdout(writer.try_clone()?).stderr(writer);
            Some(reader)
        }
    };
    let mut child = command.spawn()?;
    // Drop our copies of the write ends (held by `command`), or the reader
    // would never see the end of the stream.
    drop(command);

    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_vec();
    let feeder = thread::spawn(move || {
        // A program that exits without reading its input is no error here.
        let _ = io::Write::write_all(&mut input, &stdin);
    });
    let out = match merged_reader {
        Some(reader) => drain(reader),
        None => drain(child.stdout.take().expect("stdout is piped")),
    };
    let err = child.stderr.take().map(drain);

    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            // SAFETY: kill(2) with a negative pid signals the process group
            // we created above; it touches no memory of ours.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            child.wait()?;
            break None;
        }
        thread::sleep(Duration::from_millis(5));
    };
    let _ = feeder.join();
    Ok(Finished {
        status,
        stdout: out.join().expect("reader thread does not panic"),
        stderr: err
            .map(|t| t.join().expect("reader thread does not panic"))
            .unwrap_or_default(),
    })
}

fn drain(mut source: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = source.read_to_end(&mut bytes);
        bytes
    })
}
