//! Promise: the site builds, and every include and link in it resolves.
//!
//! - `src/<chapter>.md includes`: every `{{#include}}` names a file and an
//!   anchor that exist (mdBook itself would render an empty block).
//! - `site builds, every link resolves`: the book builds with the pinned
//!   mdBook and the mermaid preprocessor (both as libraries: nothing to
//!   install), its settings are the book's (edition 2024, no chapter
//!   created empty), every chapter on disk is in `SUMMARY.md`, and every
//!   link and `#anchor` of the built site resolves.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use libtest_mimic::Trial;
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::config::RustEdition;
use regex::Regex;

use crate::support::book::{Book, markdown_files};
use crate::support::includes;
use crate::support::scratch_dir;
use crate::support::trial::check;

pub fn checks(book: &Book) -> Vec<Trial> {
    let mut checks = Vec::new();
    for chapter in &book.chapters {
        let found = includes::find(&chapter.file, &chapter.text, 1);
        let root = book.root.clone();
        checks.push(check(
            format!("{} includes", chapter.file.display()),
            move || {
                let problems: Vec<String> = found
                    .iter()
                    .filter_map(|i| includes::check(&root, i).err())
                    .collect();
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(problems.join("\n"))
                }
            },
        ));
    }
    let root = book.root.clone();
    checks.push(check("site builds, every link resolves", move || {
        check_site(&root, built(&root)?)
    }));
    checks
}

/// The book at `root` built once per run, for the link checks and the
/// browser.
pub fn built(root: &Path) -> Result<&'static Path, String> {
    static SITE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        let dest = scratch_dir().join("site");
        build(root, &dest).map(|()| dest)
    })
    .as_deref()
    .map_err(Clone::clone)
}

/// Builds the book at `root` into `dest` and checks it; the error lists every
/// problem found, one a line.
pub fn build_and_check(root: &Path, dest: &Path) -> Result<(), String> {
    build(root, dest)?;
    check_site(root, dest)
}

/// Builds the book at `root` into `dest` with the pinned mdBook and the
/// mermaid preprocessor.
pub fn build(root: &Path, dest: &Path) -> Result<(), String> {
    let mut book = load(root)?;
    // The book's `[preprocessor.mermaid]` runs the mdbook-mermaid program;
    // the same preprocessor, used as a library, needs nothing installed.
    book.with_preprocessor(mdbook_mermaid::Mermaid);
    book.config.build.build_dir = dest.to_owned();
    let _ = fs::remove_dir_all(dest);
    book.build()
        .map_err(|e| format!("mdBook could not build the book: {e:#}"))
}

fn load(root: &Path) -> Result<MDBook, String> {
    MDBook::load(root).map_err(|e| format!("{}: {e:#}", root.join("book.toml").display()))
}

/// Checks the settings of the book at `root`, that every chapter is listed
/// in SUMMARY.md, and the links of its built `site`.
pub fn check_site(root: &Path, site: &Path) -> Result<(), String> {
    let book = load(root)?;
    let mut problems = Vec::new();
    let config = &book.config;
    if config.build.create_missing {
        problems.push(
            "book.toml: set `[build] create-missing = false`, so that a chapter \
             missing on disk fails the build instead of being created empty"
                .to_owned(),
        );
    }
    if config.rust.edition != Some(RustEdition::E2024) {
        problems.push(
            "book.toml: set `[rust] edition = \"2024\"`, the edition the book's code \
             is tested in"
                .to_owned(),
        );
    }

    // Every chapter on disk is in SUMMARY.md (mdBook skips the others).
    let src = config.book.src.clone();
    let listed: BTreeSet<PathBuf> = book
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => chapter.source_path.clone(),
            _ => None,
        })
        .map(|p| src.join(p))
        .collect();
    for file in markdown_files(root, &src) {
        if file.file_name().is_some_and(|n| n == "SUMMARY.md") {
            continue;
        }
        if !listed.contains(&file) {
            problems.push(format!(
                "{}: this chapter is not listed in {}",
                file.display(),
                src.join("SUMMARY.md").display()
            ));
        }
    }

    problems.extend(check_links(site, &src));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

static ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\s(href|src|id)="([^"]*)""#).expect("valid regex"));

/// Every relative `href` and `src` in the built site names a file that
/// exists, and every `#anchor` an element of that page.
pub fn check_links(site: &Path, src: &Path) -> Vec<String> {
    let mut pages: BTreeMap<PathBuf, (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut pending = vec![site.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let html = fs::read_to_string(&path).unwrap_or_default();
                let mut links = Vec::new();
                let mut ids = BTreeSet::new();
                for cap in ATTRIBUTE.captures_iter(&html) {
                    let value = cap[2].replace("&amp;", "&");
                    if &cap[1] == "id" {
                        ids.insert(value);
                    } else {
                        links.push(value);
                    }
                }
                let relative = path.strip_prefix(site).unwrap_or(&path).to_owned();
                pages.insert(relative, (links, ids));
            }
        }
    }

    let mut problems = Vec::new();
    for (page, (links, _)) in &pages {
        let dir = page.parent().unwrap_or(Path::new(""));
        for link in links {
            if is_external(link) {
                continue;
            }
            let (target, anchor) = match link.split_once('#') {
                Some((target, anchor)) => (target, Some(anchor)),
                None => (link.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or("");
            let target_page = if target.is_empty() {
                page.clone()
            } else {
                normalize(&dir.join(target))
            };
            let shown = source_of(page, src);
            if !site.join(&target_page).exists() {
                problems.push(format!(
                    "{shown}: link `{link}` leads nowhere: {} does not exist",
                    target_page.display()
                ));
                continue;
            }
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let has = pages
                    .get(&target_page)
                    .is_some_and(|(_, ids)| ids.contains(anchor));
                if !has {
                    problems.push(format!(
                        "{shown}: link `{link}` names anchor `#{anchor}`, which {} does not have",
                        target_page.display()
                    ));
                }
            }
        }
    }
    problems
}

fn is_external(link: &str) -> bool {
    link.starts_with("http://")
        || link.starts_with("https://")
        || link.starts_with("mailto:")
        || link.starts_with("data:")
        || link.starts_with("javascript:")
        || link.starts_with("//")
        || link.is_empty()
}

/// The chapter a page was built from, for messages: `src/event-loop.md`.
fn source_of(page: &Path, src: &Path) -> String {
    let md = page.with_extension("md");
    let chapter = src.join(&md);
    format!("{} (page {})", chapter.display(), page.display())
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
