//! Finding the fenced code blocks of a chapter, with the line each starts on.

use std::fmt;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Where something is in the book: a file (relative to the book's root) and
/// a 1-based line. Printed as `src/event-loop.md:42`, which terminals and
/// editors turn into a link.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// One fenced code block as written in the chapter, before any include is
/// expanded.
#[derive(Clone, Debug)]
pub struct CodeBlock {
    /// The line of the opening fence.
    pub at: Location,
    /// The info string split the way mdBook and rustdoc split it: the first
    /// word is the language, the rest are attributes (`should_panic`, ...).
    pub lang: String,
    pub attributes: Vec<String>,
    /// The text between the fences.
    pub raw: String,
}

impl CodeBlock {
    pub fn has(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute)
    }
}

/// Every fenced code block of a Markdown file.
pub fn code_blocks(file: &Path, text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    let parser = Parser::new_ext(text, Options::all()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned);
                current = Some(CodeBlock {
                    at: Location {
                        file: file.to_owned(),
                        line: line_of(text, range.start),
                    },
                    lang: words.next().unwrap_or_default(),
                    attributes: words.collect(),
                    raw: String::new(),
                });
            }
            Event::Text(chunk) => {
                if let Some(block) = current.as_mut() {
                    block.raw.push_str(&chunk);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// The 1-based line that a byte offset falls on.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
}
