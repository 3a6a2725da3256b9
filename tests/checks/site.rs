//! Promise: the site builds, and every include and link in it resolves:
//! every `{{#include}}` names a file and anchor that exist; the book builds
//! with the pinned mdBook and mermaid preprocessor (as libraries), with the
//! book's settings; every chapter is in `SUMMARY.md`; every link and anchor
//! resolves; the book model expands includes as mdBook does; and the tests
//! build with the versions `cargo xtask build` publishes with.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, LazyLock};

use book_model::book::markdown_files;
use book_model::output::{Mask, first_difference};
use book_model::{includes, pins};
use mdbook_driver::MDBook;
use mdbook_driver::book::{BookItem, Chapter};
use mdbook_driver::builtin_preprocessors::LinkPreprocessor;
use mdbook_driver::config::{Config, RustEdition};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;

use crate::support::none;
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
                let problems = found.iter().filter_map(|i| includes::check(&root, i).err());
                none(&problems.collect::<Vec<_>>())
            },
        ));
    }
    let (site, expand) = (Arc::clone(run), Arc::clone(run));
    checks.push(Check::new("site builds, every link resolves", move || {
        check_site(site.root(), site.site(build)?)
    }));
    let name = "includes expand as mdBook expands them";
    checks.push(Check::new(name, move || expands_as_mdbook(&expand)));
    if run.root().join("Cargo.lock").is_file() {
        let root = run.root().to_owned();
        let name = "the site the tests build is the site `cargo xtask build` publishes";
        checks.push(Check::new(name, move || same_tools(&root)));
    }
    checks
}

/// The book model's expansion of every chapter is mdBook's own.
fn expands_as_mdbook(run: &Run) -> Result<(), String> {
    let mut problems = Vec::new();
    for chapter in &run.book.chapters {
        // A missing file or anchor is the includes check's to report.
        let Ok(ours) = includes::expand(run.root(), &chapter.file, &chapter.text) else {
            continue;
        };
        let theirs = mdbook_expand(run.root(), &chapter.file, &chapter.text);
        if let Some(d) = first_difference(&theirs, &ours, Mask::EXACT) {
            let show = |line| d.show(line).unwrap_or_else(|| "(the end)".to_owned());
            problems.push(format!(
                "{}: after its includes are expanded, line {} is {} in mdBook's page but \
                 {} in the book model's",
                chapter.file.display(),
                d.line,
                show(d.expected),
                show(d.printed)
            ));
        }
    }
    none(&problems)
}

fn mdbook_expand(root: &Path, chapter: &Path, text: &str) -> String {
    // mdBook resolves an include against the chapter's folder inside the
    // source folder: here, the root, as in the book model.
    let mut config = Config::default();
    config.book.src = PathBuf::new();
    let ctx = PreprocessorContext::new(root.to_owned(), config, "html".to_owned());
    let mut book = mdbook_driver::book::Book::new();
    book.push_item(Chapter::new("", text.to_owned(), chapter, Vec::new()));
    let book = LinkPreprocessor::new().run(&ctx, book);
    let book = book.expect("mdBook's link preprocessor does not fail");
    let chapter = book.chapters().next();
    chapter
        .map(|chapter| chapter.content.clone())
        .unwrap_or_default()
}

/// `Cargo.lock` gives the tests the versions of mdBook and mdbook-mermaid
/// pinned for `cargo xtask build`, which the publishing workflow uses.
fn same_tools(root: &Path) -> Result<(), String> {
    let pinned = pins::tools(root)?;
    let lock = book_model::read(root, Path::new("Cargo.lock"))?;
    let lock: toml::Table = lock.parse().map_err(|e| format!("Cargo.lock: {e}"))?;
    let packages = lock.get("package").and_then(|p| p.as_array()).cloned();
    let packages = packages.unwrap_or_default();
    let locked = |name: &str| -> Vec<String> {
        let named = |p: &&toml::Value| p.get("name").and_then(|n| n.as_str()) == Some(name);
        let version = |p: &toml::Value| Some(p.get("version")?.as_str()?.to_owned());
        packages.iter().filter(named).filter_map(version).collect()
    };
    let mut problems = Vec::new();
    for tool in pinned {
        let libraries = match tool.name {
            "mdbook" => vec![
                "mdbook-driver",
                "mdbook-html",
                "mdbook-markdown",
                "mdbook-summary",
            ],
            other => vec![other],
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
        let shown = workflow.display();
        problems.push(format!(
            "{shown}: the published site is built with `cargo xtask build`"
        ));
    }
    none(&problems)
}

pub fn build(root: &Path, dest: &Path) -> Result<(), String> {
    let mut book = load(root)?;
    // As a library, the mermaid preprocessor needs nothing installed.
    book.with_preprocessor(mdbook_mermaid::Mermaid);
    book.config.build.build_dir = dest.to_owned();
    let _ = fs::remove_dir_all(dest);
    let built = book.build();
    built.map_err(|e| format!("mdBook could not build the book: {e:#}"))
}

fn load(root: &Path) -> Result<MDBook, String> {
    MDBook::load(root).map_err(|e| format!("{}: {e:#}", root.join("book.toml").display()))
}

fn check_site(root: &Path, site: &Path) -> Result<(), String> {
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
    let src = &config.book.src;
    let listed: BTreeSet<PathBuf> = (book.iter())
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => Some(src.join(chapter.source_path.as_ref()?)),
            _ => None,
        })
        .collect();
    let summary = src.join("SUMMARY.md");
    for file in markdown_files(root, src)? {
        let is_summary = file.file_name().is_some_and(|n| n == "SUMMARY.md");
        if !is_summary && !listed.contains(&file) {
            let summary = summary.display();
            problems.push(format!(
                "{}: this chapter is not listed in {summary}",
                file.display()
            ));
        }
    }
    problems.extend(check_links(site, src));
    none(&problems)
}

static ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\s(href|src|id)="([^"]*)""#).expect("valid regex"));

/// Every relative `href` and `src` names a file, and every `#anchor` an
/// element of that page.
fn check_links(site: &Path, src: &Path) -> Vec<String> {
    let mut pages: BTreeMap<PathBuf, (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    for file in walkdir::WalkDir::new(site).into_iter().flatten() {
        let path = file.path();
        if !file.file_type().is_file() || path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(path).unwrap_or_default();
        let page = pages.entry(path.strip_prefix(site).unwrap_or(path).to_owned());
        let page = page.or_default();
        for cap in ATTRIBUTE.captures_iter(&html) {
            let value = cap[2].replace("&amp;", "&");
            if &cap[1] == "id" {
                page.1.insert(value);
            } else {
                page.0.push(value);
            }
        }
    }
    let mut problems = Vec::new();
    for (page, (links, _)) in &pages {
        let shown = format!(
            "{} (page {})",
            src.join(page.with_extension("md")).display(),
            page.display()
        );
        let external = [
            "http://",
            "https://",
            "mailto:",
            "data:",
            "javascript:",
            "//",
        ];
        for link in links
            .iter()
            .filter(|l| !l.is_empty() && !external.iter().any(|e| l.starts_with(e)))
        {
            let (target, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target = target.split('?').next().unwrap_or("");
            let target = match target {
                "" => page.clone(),
                target => normalize(&page.parent().unwrap_or(Path::new("")).join(target)),
            };
            let shown_target = target.display();
            if !site.join(&target).exists() {
                problems.push(format!(
                    "{shown}: link `{link}` leads nowhere: {shown_target} does not exist"
                ));
            } else if !anchor.is_empty()
                && !pages
                    .get(&target)
                    .is_some_and(|(_, ids)| ids.contains(anchor))
            {
                problems.push(format!(
                    "{shown}: link `{link}` names anchor `#{anchor}`, which {shown_target} does not have"
                ));
            }
        }
    }
    problems
}

/// `a/b/../c` as `a/c`; a `..` at the top is dropped.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
