//! The versions of mdBook and mdbook-mermaid the book is built with, from
//! one place: `[workspace.dependencies]` in the root `Cargo.toml`. The tests
//! build the site with those crates as libraries (`mdbook-driver`,
//! `mdbook-mermaid`), and `cargo xtask serve` and `build` install the
//! programs of the same versions, so the site the tests check is the site
//! that is published.

use std::path::Path;

/// A program `cargo xtask` installs to build the book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tool {
    /// The crate, and the program it installs.
    pub name: &'static str,
    pub version: String,
}

impl Tool {
    /// What `NAME --version` prints for this version.
    pub fn version_line(&self) -> String {
        match self.name {
            "mdbook" => format!("mdbook v{}", self.version),
            name => format!("{name} {}", self.version),
        }
    }
}

/// The library each program is pinned by: mdBook's library crates share
/// its version.
const PINNED_BY: [(&str, &str); 2] = [
    ("mdbook", "mdbook-driver"),
    ("mdbook-mermaid", "mdbook-mermaid"),
];

/// The pinned tools of the book at `root`. Each is pinned exactly
/// (`=0.5.4`) in `[workspace.dependencies]`; anything else is an error.
pub fn tools(root: &Path) -> Result<Vec<Tool>, String> {
    let text = crate::read(root, Path::new("Cargo.toml"))?;
    let manifest: toml::Table = text.parse().map_err(|e| format!("Cargo.toml: {e}"))?;
    let dependencies = manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
        .ok_or("Cargo.toml: no [workspace.dependencies]")?;
    PINNED_BY
        .iter()
        .map(|(name, library)| {
            let entry = dependencies.get(*library);
            let requirement = entry
                .and_then(|e| e.as_str().or_else(|| e.get("version")?.as_str()))
                .unwrap_or("");
            let version = requirement.strip_prefix('=').ok_or_else(|| {
                format!(
                    "Cargo.toml: [workspace.dependencies] pins {library} exactly \
                     (`{library} = \"=X.Y.Z\"`), since the site that `cargo xtask build` \
                     publishes is built with the program of that version"
                )
            })?;
            Ok(Tool {
                name,
                version: version.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_read_from_the_workspace() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let manifest = "[workspace.dependencies]\n\
                        mdbook-driver = { version = \"=0.5.4\", features = [\"search\"] }\n\
                        mdbook-mermaid = \"=0.17.1\"\n";
        std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("writable");
        let pinned = tools(dir.path()).expect("pinned");
        let lines: Vec<String> = pinned.iter().map(Tool::version_line).collect();
        assert_eq!(lines, ["mdbook v0.5.4", "mdbook-mermaid 0.17.1"]);
        std::fs::write(
            dir.path().join("Cargo.toml"),
            manifest.replace("=0.17.1", "0.17"),
        )
        .expect("writable");
        assert!(tools(dir.path()).is_err_and(|e| e.contains("pins mdbook-mermaid exactly")));
    }
}
