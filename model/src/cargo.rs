//! Building with cargo and reading its `--message-format=json` messages:
//! where it put each program, and rustc's errors for each that did not
//! build. The tests build the examples' tests this way, and `cargo xtask`
//! the readers' copies.

use std::collections::BTreeMap;
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// What one cargo build gave.
#[derive(Clone, Debug, Default)]
pub struct Built {
    /// The programs (of the mode asked for), by target name.
    pub programs: BTreeMap<String, PathBuf>,
    /// rustc's messages (errors and warnings), rendered for a person, by
    /// target name.
    pub diagnostics: BTreeMap<String, String>,
    /// Whether cargo succeeded, and what it said on its standard error.
    pub success: bool,
    pub stderr: String,
}

/// cargo, as the one running this program (or the one on PATH).
pub fn command(root: &Path) -> Command {
    let mut command = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

/// Runs `cargo ARGS --message-format=json` in `root`: the programs it
/// built (in test mode, with `tests`), and rustc's messages for each.
pub fn build(root: &Path, args: &[String], tests: bool) -> Result<Built, String> {
    let output = command(root)
        .args(args)
        .arg("--message-format=json")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut built = Built {
        success: output.status.success(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        ..Built::default()
    };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(target) = message["target"]["name"].as_str() else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") if (message["profile"]["test"] == true) == tests => {
                if let Some(program) = message["executable"].as_str() {
                    built
                        .programs
                        .insert(target.to_owned(), PathBuf::from(program));
                }
            }
            Some("compiler-message") => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or("");
                built
                    .diagnostics
                    .entry(target.to_owned())
                    .or_default()
                    .push_str(rendered);
            }
            _ => {}
        }
    }
    Ok(built)
}
