//! The chapters of a book in the order of its `src/SUMMARY.md`, read by
//! mdBook's own parser (`mdbook-summary`).

use std::path::{Path, PathBuf};

use mdbook_summary::{SummaryItem, parse_summary};

/// Where the book lists its chapters, relative to its root.
pub const SUMMARY: &str = "src/SUMMARY.md";

/// A chapter as `SUMMARY.md` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub title: String,
    /// Relative to the book's root: `src/event-loop.md`.
    pub file: PathBuf,
    /// A chapter of the numbered parts (`- [Title](file.md)`), not a prefix
    /// or suffix chapter (`[Title](file.md)`).
    pub numbered: bool,
}

/// The chapters of the book at `root`, in order; draft chapters (listed
/// with no file) left out. A SUMMARY.md that cannot be read, that mdBook
/// cannot parse, or that lists no chapter is an error naming it.
pub fn chapters(root: &Path) -> Result<Vec<Listed>, String> {
    let text = crate::read(root, Path::new(SUMMARY))?;
    let summary = parse_summary(&text).map_err(|e| format!("{SUMMARY}: {e:#}"))?;
    let mut listed = Vec::new();
    add(&summary.prefix_chapters, false, &mut listed);
    add(&summary.numbered_chapters, true, &mut listed);
    add(&summary.suffix_chapters, false, &mut listed);
    if listed.is_empty() {
        return Err(format!("{SUMMARY}: lists no chapter"));
    }
    Ok(listed)
}

fn add(items: &[SummaryItem], numbered: bool, listed: &mut Vec<Listed>) {
    for item in items {
        if let SummaryItem::Link(link) = item {
            if let Some(location) = link.location.as_ref().filter(|l| !l.as_os_str().is_empty()) {
                listed.push(Listed {
                    title: link.name.clone(),
                    file: Path::new("src").join(location),
                    numbered,
                });
            }
            add(&link.nested_items, numbered, listed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(summary: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir_all(dir.path().join("src")).expect("a fresh folder");
        std::fs::write(dir.path().join(SUMMARY), summary).expect("a fresh folder");
        dir
    }

    #[test]
    fn prefix_numbered_nested_and_draft_chapters() {
        let dir = book(
            "# Summary\n\n[Introduction](introduction.md)\n\n# Part\n\n\
             - [Tasks](tasks.md)\n  - [Groups](task-groups.md)\n- [Later]()\n\n\
             [Practice](practice.md)\n",
        );
        let listed = chapters(dir.path()).expect("a sound summary");
        let found: Vec<_> = listed
            .iter()
            .map(|l| (l.title.as_str(), l.file.to_str().unwrap_or(""), l.numbered))
            .collect();
        assert_eq!(
            found,
            [
                ("Introduction", "src/introduction.md", false),
                ("Tasks", "src/tasks.md", true),
                ("Groups", "src/task-groups.md", true),
                ("Practice", "src/practice.md", false)
            ]
        );
    }

    #[test]
    fn an_empty_or_missing_summary_is_an_error() {
        let dir = book("# Summary\n");
        assert_eq!(
            chapters(dir.path()),
            Err("src/SUMMARY.md: lists no chapter".to_owned())
        );
        let missing = chapters(&dir.path().join("nowhere")).unwrap_err();
        assert!(
            missing.starts_with("src/SUMMARY.md: cannot be read"),
            "{missing}"
        );
    }
}
