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
use std::sync::{Arc, LazyLock};

use book_model::book::markdown_files;
use book_model::{includes, pins};
use mdbook_driver::MDBook;
use mdbook_driver::book::{BookItem, Chapter};
use mdbook_driver::builtin_preprocessors::LinkPreprocessor;
use mdbook_driver::config::{Config, RustEdition};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;

use crate::support::run::Run;
use crate::support::trial::Check;

pub fn checks(run: &Arc<Run>) -> Vec<Check> {
    let mut checks = Vec::new();
    for chapter in &run.book.chapters {
        let found = includes::find(&chapter.file, &chapter.text, 1);
        let root = run.root().to_owned();
        checks.push(Check::new(
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
    let site_run = Arc::clone(run);
    checks.push(Check::new("site builds, every link resolves", move || {
        check_site(site_run.root(), site_run.site(build)?)
    }));
    let expand_run = Arc::clone(run);
    checks.push(Check::new(
        "includes expand as mdBook expands them",
        move || expands_as_mdbook(&expand_run),
    ));
    if run.root().join("Cargo.lock").is_file() {
        let root = run.root().to_owned();
        checks.push(Check::new(
            "the site the tests build is the site `cargo xtask build` publishes",
            move || same_tools(&root),
        ));
    }
    checks
}

/// The book model's expansion of every chapter (which the checks compile,
/// and which a reader's copy of an exercise holds) is mdBook's own, by its
/// link preprocessor, text for text.
fn expands_as_mdbook(run: &Run) -> Result<(), String> {
    let mut problems = Vec::new();
    for chapter in &run.book.chapters {
        let ours = match includes::expand(run.root(), &chapter.file, &chapter.text) {
            Ok(text) => text,
            // A missing file or anchor is the includes check's to report.
            Err(_) => continue,
        };
        let theirs = mdbook_expand(run.root(), &chapter.file, &chapter.text);
        if let Some(d) =
            book_model::output::first_difference(&theirs, &ours, book_model::output::Mask::EXACT)
        {
            problems.push(format!(
                "{}: after its includes are expanded, line {} is {} in mdBook's page but \
                 {} in the book model's",
                chapter.file.display(),
                d.line,
                d.show(d.expected).unwrap_or_else(|| "(the end)".to_owned()),
                d.show(d.printed).unwrap_or_else(|| "(the end)".to_owned())
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// `text`, the Markdown file `chapter` (relative to `root`), as mdBook's
/// link preprocessor expands it.
fn mdbook_expand(root: &Path, chapter: &Path, text: &str) -> String {
    // mdBook resolves an include against the chapter's folder inside the
    // book's source folder; with the root as that folder, `chapter` is
    // relative to it as in the book model.
    let mut config = Config::default();
    config.book.src = PathBuf::new();
    let ctx = PreprocessorContext::new(root.to_owned(), config, "html".to_owned());
    let mut book = mdbook_driver::book::Book::new();
    book.push_item(Chapter::new("", text.to_owned(), chapter, Vec::new()));
    let book = LinkPreprocessor::new()
        .run(&ctx, book)
        .expect("mdBook's link preprocessor does not fail");
    book.chapters()
        .next()
        .map(|chapter| chapter.content.clone())
        .unwrap_or_default()
}

/// The versions of mdBook and mdbook-mermaid that `Cargo.lock` gives the
/// tests (which build the site with them as libraries) are the ones pinned
/// for `cargo xtask serve` and `build` (which install the programs of those
/// versions), and the publishing workflow builds with `cargo xtask build`.
fn same_tools(root: &Path) -> Result<(), String> {
    let pinned = pins::tools(root)?;
    let lock: toml::Table = book_model::read(root, Path::new("Cargo.lock"))?
        .parse()
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let locked = |name: &str| -> Vec<String> {
        lock.get("package")
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
            .filter(|p| p.get("name").and_then(|n| n.as_str()) == Some(name))
            .filter_map(|p| p.get("version")?.as_str().map(str::to_owned))
            .collect()
    };
    let mut problems = Vec::new();
    for tool in &pinned {
        let libraries: &[&str] = match tool.name {
            "mdbook" => &[
                "mdbook-driver",
                "mdbook-html",
                "mdbook-markdown",
                "mdbook-summary",
            ],
            other => &[other],
        };
        for library in libraries {
            let versions = locked(library);
            if versions != [tool.version.clone()] {
                problems.push(format!(
                    "Cargo.lock: the tests build the site with {library} {versions:?}, but \
                     `cargo xtask build` installs {} {}",
                    tool.name, tool.version
                ));
            }
        }
    }
    let workflow = Path::new(".github/workflows/pages.yml");
    if let Ok(text) = book_model::read(root, workflow)
        && !text.contains("cargo xtask build")
    {
        problems.push(format!(
            "{}: the published site is built with `cargo xtask build`",
            workflow.display()
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
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
    for file in markdown_files(root, &src)? {
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
