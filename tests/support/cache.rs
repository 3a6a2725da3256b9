//! The compile cache: a snippet is compiled again only when something its
//! compilation depends on has changed, so that a run with nothing changed
//! compiles nothing, and an edit to one block recompiles that block only.
//!
//! An entry is a folder `target/<profile>/book-cache/<key>/` holding the
//! snippet as compiled (`src/main.rs`), the program if it compiled, and
//! `entry.json`: its key, rustc's messages, and the SHA-256 of the program.
//! The key is the SHA-256 of everything the result depends on: the code as
//! expanded, the toolchain's fingerprint (rustc's version, every flag, the
//! size and time of each library linked; see `rustc::Toolchain`) and what
//! the page expects of the block. The rules that keep it honest:
//!
//! - Only a compilation whose result is what the page expects is kept. A
//!   failure is compiled, and reported, afresh on every run.
//! - An entry that cannot be read, that names another key, or whose program
//!   is not the one it recorded, is ignored and replaced.
//! - What a program prints is never cached: every program runs every run.
//!
//! A full run removes the entries it did not use, so the cache holds the
//! current book only.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::profile_dir;
use super::rustc::{Diagnostic, PROGRAM};

/// A folder of entries.
pub struct Cache {
    dir: PathBuf,
    /// The keys this run looked up or stored, for [`Cache::sweep`].
    used: Mutex<HashSet<String>>,
}

/// What identifies a compilation: the SHA-256 of all its inputs, in hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key(String);

impl Key {
    /// The key of compiling `code`, with what the page `expects` of it, on
    /// the toolchain described by `fingerprint`.
    pub fn new(fingerprint: &str, expects: &str, code: &str) -> Key {
        let mut hasher = Sha256::new();
        // Each part with its length first, so that no two different sets of
        // parts hash the same bytes.
        for part in [ENTRY_FORMAT, fingerprint, expects, code] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        Key(hex(&hasher.finalize()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Changes whenever the layout of an entry changes, so that entries of an
/// older layout miss instead of being misread.
const ENTRY_FORMAT: &str = "book-cache 1";

/// What `entry.json` holds.
#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    diagnostics: Vec<Diagnostic>,
    /// The SHA-256 of the program, if the snippet compiled.
    program: Option<String>,
}

/// A compilation kept in the cache.
#[derive(Clone, Debug)]
pub struct Entry {
    pub diagnostics: Vec<Diagnostic>,
    /// The compiled program, if the snippet compiled.
    pub program: Option<PathBuf>,
}

/// A fresh folder to compile in; removed when dropped unless kept.
pub struct Staging {
    pub dir: PathBuf,
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Cache {
    /// The book's cache, in `target/<profile>/book-cache/`.
    pub fn book() -> &'static Cache {
        static BOOK: std::sync::LazyLock<Cache> =
            std::sync::LazyLock::new(|| Cache::at(&profile_dir().join("book-cache")));
        &BOOK
    }

    pub fn at(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_owned(),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The entry for `key`, if there is a sound one.
    pub fn get(&self, key: &Key) -> Option<Entry> {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.0.clone());
        let dir = self.dir.join(&key.0);
        let json = fs::read_to_string(dir.join("entry.json")).ok()?;
        let record: Record = serde_json::from_str(&json).ok()?;
        if record.key != key.0 {
            return None;
        }
        let program = match &record.program {
            Some(recorded) => {
                let path = dir.join(PROGRAM);
                let bytes = fs::read(&path).ok()?;
                if hex(&Sha256::digest(&bytes)) != *recorded {
                    return None;
                }
                Some(path)
            }
            None => None,
        };
        Some(Entry {
            diagnostics: record.diagnostics,
            program,
        })
    }

    /// A fresh folder inside the cache to compile in, so that keeping the
    /// result is a rename.
    pub fn stage(&self) -> Result<Staging, String> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = self
            .dir
            .join(format!(".staging-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Staging { dir })
    }

    /// Keeps the compilation done in `staging` as the entry for `key`.
    pub fn keep(
        &self,
        key: &Key,
        staging: Staging,
        diagnostics: &[Diagnostic],
    ) -> Result<Entry, String> {
        let program = staging.dir.join(PROGRAM);
        let program_hash = match fs::read(&program) {
            Ok(bytes) => Some(hex(&Sha256::digest(&bytes))),
            Err(_) => None,
        };
        let record = Record {
            key: key.0.clone(),
            diagnostics: diagnostics.to_vec(),
            program: program_hash,
        };
        let json = serde_json::to_string_pretty(&record).expect("a record serializes");
        fs::write(staging.dir.join("entry.json"), json)
            .map_err(|e| format!("cannot write to {}: {e}", staging.dir.display()))?;
        let dir = self.dir.join(&key.0);
        // Whatever was there did not pass `get`: it goes.
        let _ = fs::remove_dir_all(&dir);
        if fs::rename(&staging.dir, &dir).is_err() && !dir.join("entry.json").is_file() {
            return Err(format!(
                "cannot store a compiled snippet in {}",
                dir.display()
            ));
        }
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.0.clone());
        self.get(key)
            .ok_or_else(|| format!("the entry just stored in {} cannot be read", dir.display()))
    }

    /// Removes every entry this run did not use.
    pub fn sweep(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // A folder being compiled in (by a run going on beside this
            // one) is not an entry yet.
            if !name.starts_with('.') && !used.contains(&name) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
