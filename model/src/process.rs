//! Running a program with a time limit, in a process group of its own that
//! is killed when the program exits or its time is up, so that nothing it
//! started (a server, a linker, a child it forgot) outlives it.

use std::io::{self, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How the output streams are collected: apart, or in one pipe in the order
/// written, as a terminal shows them (all in `stdout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Streams {
    Separate,
    Merged,
}

#[derive(Clone, Debug)]
pub struct Finished {
    /// `None` when it was stopped at its time limit.
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// The longest any one program of the book, or compilation, may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// How long a stream may stay open after the group is killed (only a
/// process that left the group can hold it).
const STREAM_GRACE: Duration = Duration::from_secs(2);

pub fn run(
    mut command: Command,
    stdin: &[u8],
    limit: Duration,
    streams: Streams,
) -> io::Result<Finished> {
    command.process_group(0);
    command.stdin(if stdin.is_empty() {
        Stdio::null()
    } else {
        Stdio::piped()
    });
    let merged = match streams {
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
    // Our write ends go, or the readers never see the streams end.
    drop(command);

    if let Some(mut input) = child.stdin.take() {
        let stdin = stdin.to_vec();
        // A program that exits without reading its input is no error.
        thread::spawn(move || input.write_all(&stdin));
    }
    let out = match merged {
        Some(reader) => Collector::start(reader),
        None => Collector::start(child.stdout.take().expect("stdout is piped")),
    };
    let err = child.stderr.take().map(Collector::start);

    let group = child.id() as libc::pid_t;
    let deadline = Instant::now() + limit;
    let in_time = loop {
        match exited(group) {
            Ok(true) => break true,
            Ok(false) if Instant::now() >= deadline => break false,
            Ok(false) => thread::sleep(Duration::from_millis(2)),
            Err(error) => {
                kill_group(group);
                let _ = child.wait();
                return Err(error);
            }
        }
    };
    // Not reaped yet, so its id is still its group's: the kill reaches only it.
    kill_group(group);
    let status = child.wait()?;
    Ok(Finished {
        status: in_time.then_some(status),
        stdout: out.finish(),
        stderr: err.map(Collector::finish).unwrap_or_default(),
    })
}

struct Collector {
    bytes: Arc<Mutex<Vec<u8>>>,
    done: mpsc::Receiver<()>,
}

impl Collector {
    fn start(mut source: impl Read + Send + 'static) -> Collector {
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let (tell, done) = mpsc::channel();
        let sink = Arc::clone(&bytes);
        thread::spawn(move || {
            let mut chunk = [0; 8192];
            while let Ok(n @ 1..) = source.read(&mut chunk) {
                sink.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&chunk[..n]);
            }
            let _ = tell.send(());
        });
        Collector { bytes, done }
    }

    fn finish(self) -> Vec<u8> {
        let _ = self.done.recv_timeout(STREAM_GRACE);
        std::mem::take(&mut *self.bytes.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Whether the child `pid` has exited, asked without reaping it.
fn exited(pid: libc::pid_t) -> io::Result<bool> {
    // SAFETY: waitid(2) writes only into `info`, which is ours and zeroed;
    // WNOWAIT leaves the child to be reaped by `Child::wait`.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
        if libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(info.si_pid() != 0)
    }
}

fn kill_group(group: libc::pid_t) {
    // SAFETY: kill(2) with a negative pid signals the process group that
    // the child leads; it touches no memory of ours.
    unsafe { libc::kill(-group, libc::SIGKILL) };
}

/// Whether process `pid` is gone: no such process, or a zombie.
pub fn is_gone(pid: libc::pid_t) -> bool {
    // SAFETY: kill(2) with signal 0 only asks whether the process exists.
    if unsafe { libc::kill(pid, 0) } != 0 {
        return io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
    }
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `script`, run by sh with `stdin` for at most `limit` seconds
    /// (or a tenth of one, with `None`), left behind.
    fn sh(script: &str, stdin: &[u8], limit: Option<u64>, streams: Streams) -> Finished {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        let limit = limit.map_or(Duration::from_millis(300), Duration::from_secs);
        run(command, stdin, limit, streams).expect("sh runs")
    }

    /// Whether the child whose id `done` printed is gone, soon.
    fn child_gone(done: &Finished) -> bool {
        let child = String::from_utf8_lossy(&done.stdout).trim().parse();
        let child: libc::pid_t = child.expect("the child's id");
        (0..100).any(|_| {
            thread::sleep(Duration::from_millis(10));
            is_gone(child)
        })
    }

    #[test]
    fn output_input_and_status() {
        let done = sh(
            "cat; echo err >&2; exit 3",
            b"in\n",
            Some(10),
            Streams::Separate,
        );
        assert_eq!(done.status.and_then(|s| s.code()), Some(3));
        assert_eq!(
            (&done.stdout[..], &done.stderr[..]),
            (&b"in\n"[..], &b"err\n"[..])
        );
        let merged = sh("echo a; echo b >&2; echo c", b"", Some(10), Streams::Merged);
        assert_eq!(merged.stdout, b"a\nb\nc\n");
    }

    #[test]
    fn the_limit_stops_the_program_and_what_it_started() {
        let start = Instant::now();
        // The program starts a child that would outlive it, and prints its id.
        let done = sh("sleep 30 & echo $!; sleep 30", b"", None, Streams::Merged);
        assert!(done.status.is_none());
        assert!(start.elapsed() < Duration::from_secs(10));
        assert!(child_gone(&done), "the child outlived the limit");
    }

    #[test]
    fn what_a_program_leaves_running_is_stopped_when_it_exits() {
        let done = sh("sleep 30 & echo $!", b"", Some(10), Streams::Merged);
        assert!(done.status.is_some_and(|s| s.success()));
        assert!(child_gone(&done));
    }
}
