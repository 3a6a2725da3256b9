//! Compiling one Rust block of the book as a program of its own. The hard
//! part is choosing what it links against: `target/` may hold several
//! builds of tokio, and the right one is the build this test binary was
//! linked with. skeptic's runtime knows how to find it, and is asked once:
//! this binary, started as a child in "probe" mode, hands skeptic a trivial
//! program and names itself as the compiler (`RUSTC`); started again by
//! skeptic in "record" mode, it writes down the arguments skeptic chose
//! instead of compiling. Each snippet is then compiled by rustc with those
//! arguments and the book's own [`FLAGS`], through the compile cache.

use std::collections::HashMap;
use std::env;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use book_model::process::{self, Streams, TIME_LIMIT};
use serde::{Deserialize, Serialize};

use super::cache::Cache;
use super::{first_lines, lock, profile_dir};

/// Edition 2024, every warning an error; as in rustdoc, `unused` lints are
/// allowed (a short snippet often defines what it does not use).
const FLAGS: &[&str] = &["--edition=2024", "-D", "warnings", "-A", "unused"];

/// The snippet's file, as in a reader's project; messages and panics name
/// it. (A fixture's example is compiled as `examples/NAME/main.rs`.)
pub const SOURCE: &str = "src/main.rs";

pub const PROGRAM: &str = "program";

/// What a compilation depends on besides the code: rustc, its version, and
/// the book's flags followed by where the dependencies are (from skeptic).
#[derive(Clone, Debug)]
pub struct Toolchain {
    rustc: PathBuf,
    version: String,
    pub args: Vec<String>,
}

impl Toolchain {
    fn find(scratch: &Path) -> Result<Toolchain, String> {
        let rustc = PathBuf::from(env!("BOOK_RUSTC"));
        let version = Command::new(&rustc).arg("-vV").output();
        let version = version.map_err(|e| format!("cannot run {}: {e}", rustc.display()))?;
        let version = String::from_utf8_lossy(&version.stdout).into_owned();
        let mut args: Vec<String> = FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.extend(probed(scratch)?);
        Ok(Toolchain {
            rustc,
            version,
            args,
        })
    }

    /// What compiling a program as `build` depends on besides the code: the
    /// compiler, the flags, and the size and time of every library linked.
    pub fn fingerprint(&self, build: Build) -> String {
        let args = self.args.iter().map(String::as_str).chain(build.args());
        let mut out = format!("rustc: {}\n{}\nargs:", self.rustc.display(), self.version);
        args.for_each(|arg| out += &format!(" {arg}"));
        out.push('\n');
        let pairs = self.args.windows(2).filter(|pair| pair[0] == "--extern");
        for (_, library) in pairs.filter_map(|pair| pair[1].split_once('=')) {
            out += &format!("{library} {:?}\n", stamp(Path::new(library)).ok());
        }
        out
    }
}

fn stamp(file: &Path) -> std::io::Result<(u64, u128)> {
    let meta = fs::metadata(file)?;
    let time = meta.modified().ok();
    let time = time.and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    Ok((meta.len(), time.unwrap_or_default().as_nanos()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// The program, as `cargo run` builds it, or its tests, as `cargo test`
    /// builds them (`--test`: `#[cfg(test)]` code, and libtest's `main`).
    Binary,
    Tests,
}

impl Build {
    /// The arguments of such a compilation. Debug information is stripped:
    /// nothing a snippet prints depends on it, and it is most of a program.
    fn args(self) -> [&'static str; 6] {
        let kind = match self {
            Build::Binary => "--crate-type=bin",
            Build::Tests => "--test",
        };
        [
            kind,
            "--error-format=json",
            "-C",
            "strip=debuginfo",
            "-o",
            PROGRAM,
        ]
    }
}

/// One message from rustc: its level, its code (`E0308`, a lint, or
/// empty), and its text as rustc prints it for a person.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: String,
    pub code: String,
    pub rendered: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.level == "error"
    }
}

/// Compiles `code` in `dir`, as the file `source_name`: whether it
/// succeeded, and rustc's messages.
fn compile(
    toolchain: &Toolchain,
    dir: &Path,
    (source_name, code): (&str, &str),
    build: Build,
    limit: Duration,
) -> Result<(bool, Vec<Diagnostic>), String> {
    let source = dir.join(source_name);
    let folder = source.parent().expect("a source file has a folder");
    let written = fs::create_dir_all(folder).and_then(|()| fs::write(&source, code));
    written.map_err(|e| format!("cannot write {}: {e}", source.display()))?;
    let mut rustc = Command::new(&toolchain.rustc);
    rustc.current_dir(dir).args(&toolchain.args);
    rustc.arg(source_name).args(build.args());
    let finished = process::run(rustc, b"", limit, Streams::Separate);
    let finished =
        finished.map_err(|e| format!("cannot run {}: {e}", toolchain.rustc.display()))?;
    let Some(status) = finished.status else {
        let limit = limit.as_secs();
        return Err(format!(
            "rustc did not finish within {limit} s, so it was stopped"
        ));
    };
    let stderr = String::from_utf8_lossy(&finished.stderr);
    let json = |l: &str| serde_json::from_str::<serde_json::Value>(l).ok();
    let messages = stderr.lines().filter_map(json);
    let messages = messages.filter(|json| json["$message_type"] == "diagnostic");
    let diagnostics = messages.map(|json| {
        let text = |value: &serde_json::Value| value.as_str().unwrap_or("").to_owned();
        let (level, code) = (text(&json["level"]), text(&json["code"]["code"]));
        Diagnostic {
            level,
            code,
            rendered: text(&json["rendered"]),
        }
    });
    Ok((status.success(), diagnostics.collect()))
}

/// Whether a compilation came out as the page says (given whether it
/// succeeded, and rustc's messages).
pub type Expectation<'a> = &'a dyn Fn(bool, &[Diagnostic]) -> Result<(), String>;

type Shared = Arc<OnceLock<Result<Compiled, String>>>;

/// The book's snippet compiler: the toolchain, found once, and the compile
/// cache. A program is compiled once per run even when two checks ask for
/// it at once (a block's, and an exercise's): the second waits.
pub struct Compiler {
    scratch: PathBuf,
    toolchain: OnceLock<Result<Toolchain, String>>,
    cache: Cache,
    in_this_run: Mutex<HashMap<String, Shared>>,
    /// How many programs were compiled in this run, and how many came cached.
    pub fresh: AtomicUsize,
    pub cached: AtomicUsize,
}

/// What came of compiling a program: rustc's messages, the program.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub diagnostics: Vec<Diagnostic>,
    pub program: Option<PathBuf>,
}

impl Compiler {
    pub fn new(cache: &Path, scratch: &Path) -> Compiler {
        Compiler {
            scratch: scratch.to_owned(),
            toolchain: OnceLock::new(),
            cache: Cache::at(cache),
            in_this_run: Mutex::default(),
            fresh: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
        }
    }

    pub fn toolchain(&self) -> Result<&Toolchain, String> {
        let find = || Toolchain::find(&self.scratch);
        let found = self.toolchain.get_or_init(find);
        found.as_ref().map_err(Clone::clone)
    }

    /// Compiles `code` (as the file `source`) as `build` unless the cache
    /// holds the result; keeps it only if `verdict` accepts it. `label` names
    /// it in messages; `expects`, part of the key, is what the page expects.
    pub fn compile(
        &self,
        label: &str,
        (source, code): (&str, &str),
        expects: &str,
        build: Build,
        limit: Duration,
        verdict: Expectation<'_>,
    ) -> Result<Compiled, String> {
        let toolchain = self.toolchain()?;
        let expects = match source {
            SOURCE => expects.to_owned(),
            _ => format!("{expects} as {source}"),
        };
        let key = Cache::key(&toolchain.fingerprint(build), &expects, code);
        // By label too: a failure's message names the block.
        let mut this_run = lock(&self.in_this_run);
        let slot = Arc::clone(this_run.entry(format!("{label} {key}")).or_default());
        drop(this_run);
        let compiled = || {
            let entry = match self.cache.get(&key) {
                Some(entry) => {
                    self.cached.fetch_add(1, Ordering::Relaxed);
                    entry
                }
                None => {
                    let staging = self.cache.stage()?;
                    let result = compile(toolchain, &staging.dir, (source, code), build, limit);
                    let (succeeded, diagnostics) = result.map_err(|e| format!("{label}: {e}"))?;
                    verdict(succeeded, &diagnostics)?;
                    let entry = self.cache.keep(&key, staging, &diagnostics)?;
                    self.fresh.fetch_add(1, Ordering::Relaxed);
                    entry
                }
            };
            // A cached result passed this verdict when it was kept; asking
            // again costs nothing and keeps a cache from deciding a check.
            verdict(entry.program.is_some(), &entry.diagnostics)?;
            Ok(entry)
        };
        slot.get_or_init(compiled).clone()
    }

    pub fn sweep(&self) {
        self.cache.sweep();
    }
}

/// What [`probe`] finds, remembered while this test binary is the same
/// file: cargo links it anew whenever a dependency is rebuilt.
fn probed(scratch: &Path) -> Result<Vec<String>, String> {
    let me = env::current_exe().map_err(|e| format!("cannot find the test binary: {e}"))?;
    let stamp = stamp(&me).map(|stamp| format!("{} {stamp:?}", me.display()));
    let memo = profile_dir().join("book-cache").join(".probe.json");
    let remembered = fs::read_to_string(&memo).ok();
    let remembered: Option<(String, Vec<String>)> =
        remembered.and_then(|json| serde_json::from_str(&json).ok());
    if let (Ok(stamp), Some((was, args))) = (&stamp, &remembered)
        && stamp == was
    {
        return Ok(args.clone());
    }
    let args = probe(scratch)?;
    if let Ok(stamp) = stamp
        && let Some(dir) = memo.parent()
        && fs::create_dir_all(dir).is_ok()
    {
        let json = serde_json::to_string(&(stamp, &args)).expect("strings serialize");
        // Written whole, then renamed: a run beside this one never reads half.
        let partial = memo.with_extension(format!("{}", std::process::id()));
        if fs::write(&partial, json).is_ok() {
            let _ = fs::rename(&partial, &memo);
        }
    }
    Ok(args)
}

fn probe(scratch: &Path) -> Result<Vec<String>, String> {
    let work = scratch.join("rustc-probe");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let me = env::current_exe().map_err(|e| format!("cannot find the test binary: {e}"))?;
    let mut child = Command::new(&me);
    child.env(MODE, "probe").env(WORK, &work).env("RUSTC", &me);
    let finished = process::run(child, b"", TIME_LIMIT, Streams::Separate);
    let finished = finished.map_err(|e| format!("cannot start skeptic's probe: {e}"))?;
    match (finished.status, fs::read_to_string(work.join("args.json"))) {
        (Some(status), Ok(json)) if status.success() => {
            let recorded: Result<Vec<String>, String> =
                serde_json::from_str(&json).map_err(|e| e.to_string())?;
            recorded
                .map_err(|e| format!("skeptic called rustc in a way the book does not know: {e}"))
        }
        _ => Err(format!(
            "skeptic could not find the rlibs to compile snippets with:\n{}",
            first_lines(&String::from_utf8_lossy(&finished.stderr), 10)
        )),
    }
}

/// Which part this binary plays, and where the probe leaves what it found.
const MODE: &str = "BOOK_MODE";
const WORK: &str = "BOOK_WORK";

pub fn child_mode() -> Option<ExitCode> {
    match env::var(MODE).as_deref() {
        Ok("probe") => Some(run_probe()),
        Ok("record") => Some(record()),
        _ => None,
    }
}

/// The probe: has skeptic compile a trivial program with this binary, in
/// "record" mode, as its compiler.
fn run_probe() -> ExitCode {
    // Setting the variable is sound here: no other thread has started yet.
    unsafe { env::set_var(MODE, "record") };
    // skeptic reports a failure by panicking; the parent reports it.
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let (manifest, out, target) = (
            env!("CARGO_MANIFEST_DIR"),
            env!("OUT_DIR"),
            env!("BOOK_TARGET"),
        );
        skeptic::rt::compile_test(manifest, out, target, "fn main() {}");
    }));
    if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// rustc as skeptic calls it: records the arguments that locate the
/// dependencies. Anything else (`rustc -vV`) goes to the real rustc.
fn record() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--crate-type=bin") {
        let status = Command::new(env!("BOOK_RUSTC")).args(&args).status();
        let code = status.ok().and_then(|s| s.code()).unwrap_or(1);
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    let work = PathBuf::from(env::var_os(WORK).expect("the parent sets BOOK_WORK"));
    let json = serde_json::to_string(&locating_args(&args)).expect("strings serialize");
    match fs::write(work.join("args.json"), json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// Of skeptic's arguments, those that say where the dependencies are.
fn locating_args(args: &[String]) -> Result<Vec<String>, String> {
    let mut kept = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-L" | "--extern" | "--target" => {
                let value = args.next().ok_or(format!("{arg} without a value"))?;
                kept.extend([arg.clone(), value.clone()]);
            }
            "-o" => {
                args.next();
            }
            "--verbose" | "--crate-type=bin" => {}
            a if a.starts_with("--edition") || a.starts_with("--emit") || a.ends_with(".rs") => {}
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(kept)
}
