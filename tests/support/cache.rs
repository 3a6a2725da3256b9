//! What a run keeps for the next: compiled snippets, and checks that
//! passed, each under the SHA-256 of everything its result depends on. Only
//! a result the page expects, or a pass, is kept: a failure is redone every
//! run. An entry that cannot be read, names another key, or whose program
//! changed, is ignored. What a program prints is never kept. A run that
//! looked up every key it could removes the others.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::lock;
use super::run::Tools;
use super::rustc::{Build, Compiled, Compiler, Diagnostic, PROGRAM, SOURCE};
use super::trial::Check;

/// The SHA-256 of `parts`, each with its length first, in hex.
pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A folder of entries named by key, which remembers the keys used.
pub struct Keyed {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
}

impl Keyed {
    pub fn at(dir: PathBuf) -> Keyed {
        Keyed {
            dir,
            used: Mutex::default(),
        }
    }

    fn entry(&self, key: &str) -> PathBuf {
        lock(&self.used).insert(key.to_owned());
        self.dir.join(key)
    }

    /// Removes every entry this run did not use (after a run that looked up
    /// every key). A name starting with `.` is work in progress.
    pub fn sweep(&self) {
        let used = lock(&self.used);
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && !used.contains(&name) {
                let path = entry.path();
                let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
            }
        }
    }

    pub fn passed(&self, key: &str) -> bool {
        self.entry(key).is_file()
    }

    /// Records a pass; one that cannot be written costs the next run a check.
    pub fn record_pass(&self, key: &str) {
        let file = self.entry(key);
        if fs::create_dir_all(&self.dir).is_ok() {
            let _ = fs::write(file, b"");
        }
    }
}

/// Changes with the layout of an entry, so old entries miss.
const ENTRY_FORMAT: &str = "book-cache 1";

/// The compile cache: a folder per key, holding the snippet, the program
/// if it compiled, and `entry.json` (key, messages, program's SHA-256).
pub struct Cache {
    entries: Keyed,
}

#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    diagnostics: Vec<Diagnostic>,
    program: Option<String>,
}

/// A folder to compile in, inside the cache so that keeping it is a rename.
pub struct Staging {
    pub dir: PathBuf,
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Cache {
    pub fn at(dir: &Path) -> Cache {
        Cache {
            entries: Keyed::at(dir.to_owned()),
        }
    }

    pub fn key(fingerprint: &str, expects: &str, code: &str) -> String {
        key([ENTRY_FORMAT, fingerprint, expects, code].map(str::as_bytes))
    }

    pub fn get(&self, key: &str) -> Option<Compiled> {
        let dir = self.entries.entry(key);
        let json = fs::read_to_string(dir.join("entry.json")).ok()?;
        let record: Record = serde_json::from_str(&json).ok()?;
        let program = dir.join(PROGRAM);
        let sound =
            |hash: &String| fs::read(&program).is_ok_and(|b| hex(&Sha256::digest(b)) == *hash);
        if record.key != key || record.program.as_ref().is_some_and(|hash| !sound(hash)) {
            return None;
        }
        let program = record.program.map(|_| program);
        Some(Compiled {
            diagnostics: record.diagnostics,
            program,
        })
    }

    pub fn stage(&self) -> Result<Staging, String> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = self
            .entries
            .dir
            .join(format!(".staging-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Staging { dir })
    }

    pub fn keep(
        &self,
        key: &str,
        staging: Staging,
        diagnostics: &[Diagnostic],
    ) -> Result<Compiled, String> {
        let program = fs::read(staging.dir.join(PROGRAM)).ok();
        let program = program.map(|bytes| hex(&Sha256::digest(&bytes)));
        let (key, diagnostics) = (key.to_owned(), diagnostics.to_vec());
        let record = Record {
            key,
            diagnostics,
            program,
        };
        let json = serde_json::to_string_pretty(&record).expect("a record serializes");
        fs::write(staging.dir.join("entry.json"), json)
            .map_err(|e| format!("cannot write to {}: {e}", staging.dir.display()))?;
        let dir = self.entries.entry(&record.key);
        // Whatever was there did not pass `get`: it goes.
        let _ = fs::remove_dir_all(&dir);
        let shown = dir.display();
        if fs::rename(&staging.dir, &dir).is_err() && !dir.join("entry.json").is_file() {
            return Err(format!("cannot store a compiled snippet in {shown}"));
        }
        let kept = self.get(&record.key);
        kept.ok_or_else(|| format!("the entry just stored in {shown} cannot be read"))
    }

    pub fn sweep(&self) {
        self.entries.sweep();
    }
}

/// The harness's own checks of its caches: what changes a result changes
/// the key; a corrupt or foreign entry, and a failure, are never used; a
/// sweep keeps only what a run used.
pub fn harness_checks(tools: &Arc<Tools>) -> Vec<Check> {
    let (passes_dir, tools) = (tools.scratch.join("harness-passes"), Arc::clone(tools));
    let name = "harness: the compile cache recompiles what changed, and never keeps a failure";
    let compile_cache = Check::new(name, move || {
        let dir = tools.scratch.join("harness-cache");
        let _ = fs::remove_dir_all(&dir);
        let toolchain = tools.compiler.toolchain()?.clone();
        let must_compile =
            |ok: bool, _: &[Diagnostic]| ok.then_some(()).ok_or("does not compile".to_owned());
        let limit = book_model::process::TIME_LIMIT;
        let compile = |compiler: &Compiler, code: &str| {
            compiler.compile(
                "a program",
                (SOURCE, code),
                "Success",
                Build::Binary,
                limit,
                &must_compile,
            )
        };
        // Each compiler over the folder stands for a run.
        let runs = || Compiler::new(&dir, &tools.scratch);
        let (first, next) = (runs(), runs());
        let good = "fn main() {}\n";
        compile(&first, good)?;
        compile(&next, good)?;
        let fresh = |compiler: &Compiler| compiler.fresh.load(Ordering::Relaxed);
        if fresh(&next) != 0 || fresh(&first) != 1 {
            return Err(
                "the next run's compilation of a program should come from the cache".into(),
            );
        }
        let key = |toolchain: &super::rustc::Toolchain, build, expects, code| {
            Cache::key(&toolchain.fingerprint(build), expects, code)
        };
        let base = key(&toolchain, Build::Binary, "Success", good);
        let mut flags = toolchain.clone();
        flags
            .args
            .extend(["-C".to_owned(), "overflow-checks=on".to_owned()]);
        let library = dir.join("libdependency.rlib");
        fs::write(&library, b"a dependency").map_err(|e| e.to_string())?;
        let mut linked = toolchain.clone();
        let dependency = format!("dependency={}", library.display());
        linked.args.extend(["--extern".to_owned(), dependency]);
        let before = key(&linked, Build::Binary, "Success", good);
        let later = SystemTime::now() + Duration::from_secs(2);
        let file = fs::File::options().write(true).open(&library);
        file.and_then(|f| f.set_modified(later))
            .map_err(|e| e.to_string())?;
        let code = key(&toolchain, Build::Binary, "Success", "fn main() { }\n");
        let flagged = key(&flags, Build::Binary, "Success", good);
        let rebuilt = key(&linked, Build::Binary, "Success", good);
        let panics = key(&toolchain, Build::Binary, "Panic", good);
        let tests = key(&toolchain, Build::Tests, "Success", good);
        let unchanged = [
            (code == base, "changing the code"),
            (flagged == base, "changing the flags"),
            (rebuilt == before, "rebuilding a dependency"),
            (panics == base, "changing what the page expects"),
            (tests == base, "compiling the tests (`--test`)"),
        ];
        let unchanged = unchanged.iter().filter(|(same, _)| *same);
        let mut problems: Vec<String> = unchanged
            .map(|(_, what)| format!("{what} must change the key"))
            .collect();
        // A corrupt entry is ignored and rebuilt: its record, then its program.
        let (cache, entry) = (Cache::at(&dir), dir.join(&base));
        fs::write(entry.join("entry.json"), "{ not json").map_err(|e| e.to_string())?;
        if cache.get(&base).is_some() {
            problems.push("an entry whose record is corrupt must be ignored".into());
        }
        compile(&runs(), good)?;
        fs::write(entry.join(PROGRAM), b"not a program").map_err(|e| e.to_string())?;
        if cache.get(&base).is_some() {
            problems.push("an entry whose program changed must be ignored".into());
        }
        // A foreign entry (another key's, under this key's name) is ignored.
        let other = key(
            &toolchain,
            Build::Binary,
            "Success",
            "fn main() { println!(); }\n",
        );
        fs::rename(&entry, dir.join(&other)).map_err(|e| e.to_string())?;
        if cache.get(&other).is_some() {
            problems.push("an entry recorded for another key must be ignored".into());
        }
        // A failure is never kept.
        let broken = "fn main() { let x: u8 = \"text\"; }\n";
        let compiled = compile(&first, broken).is_ok();
        if compiled
            || cache
                .get(&key(&toolchain, Build::Binary, "Success", broken))
                .is_some()
        {
            problems
                .push("a program that fails as the page does not expect must not be kept".into());
        }
        super::none(&problems)
    });

    let name = "harness: a recorded pass is found by the next run, and swept once unused";
    let passes = Check::new(name, move || {
        let dir = passes_dir;
        let _ = fs::remove_dir_all(&dir);
        let (first, second) = (key([b"one".as_slice()]), key([b"two".as_slice()]));
        let run = Keyed::at(dir.clone());
        run.record_pass(&first);
        run.record_pass(&second);
        let next = Keyed::at(dir.clone());
        if !next.passed(&first) {
            return Err("a recorded pass must be found by the next run".into());
        }
        // The next run used only `first`: a sweep drops `second`.
        next.sweep();
        let after = Keyed::at(dir);
        if !after.passed(&first) || after.passed(&second) {
            return Err("a sweep must keep the passes the run used, and only those".into());
        }
        Ok(())
    });
    vec![compile_cache, passes]
}
