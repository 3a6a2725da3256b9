//! A chapter's Markdown, read with mdBook's parser and options: its code
//! blocks, its exercise and puzzle markers, its headings with their ids.

use std::collections::HashSet;
use std::path::Path;

use mdbook_markdown::pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};

use crate::Location;

/// One fenced code block as written, before any include is expanded: the
/// line of its opening fence, its language and attributes (as mdBook and
/// rustdoc split the info string), and the text between the fences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock {
    pub at: Location,
    pub lang: String,
    pub attributes: Vec<String>,
    pub raw: String,
}

impl CodeBlock {
    pub fn has(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute)
    }

    /// The line after the closing fence.
    pub fn end_line(&self) -> usize {
        self.at.line + self.raw.lines().count() + 2
    }
}

pub fn code_blocks(file: &Path, text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    let parser = new_cmark_parser(text, &MarkdownOptions::default()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let words = info.split(|c: char| c == ',' || c.is_whitespace());
                let mut words = words.filter(|w| !w.is_empty()).map(str::to_owned);
                current = Some(CodeBlock {
                    at: Location::new(file, line_of(text, range.start)),
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

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
}

/// What a marker announces: `<!-- exercise: NAME -->` or `<!-- puzzle -->`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    Exercise(String),
    Puzzle,
}

/// A marker comment, on a line of its own (1-based), outside code blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub mark: Mark,
    pub line: usize,
}

pub fn markers(text: &str) -> Vec<Marker> {
    let mut found = Vec::new();
    let parser = new_cmark_parser(text, &MarkdownOptions::default()).into_offset_iter();
    for (event, range) in parser {
        let Event::Html(html) = event else {
            continue;
        };
        let first = line_of(text, range.start);
        for (i, line) in html.lines().enumerate() {
            let line = line.trim();
            let exercise = line
                .strip_prefix("<!-- exercise:")
                .and_then(|r| r.strip_suffix("-->"));
            let mark = match exercise {
                Some(name) => Mark::Exercise(name.trim().to_owned()),
                None if line == "<!-- puzzle -->" => Mark::Puzzle,
                None => continue,
            };
            found.push(Marker {
                mark,
                line: first + i,
            });
        }
    }
    found
}

/// A heading: its line, its title as written (no `#`s, no `{#id}`), its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub title: String,
    pub id: String,
}

/// The headings of a chapter with their ids, as mdBook 0.5 makes them (it
/// does not export how): the id written (`{#id}`), or the text lowercased,
/// letters, digits, `_` and `-` kept, white space made `-`, with `-1`, `-2`
/// added to an id used already. Smart punctuation is on, so `'` is `’`;
/// definition-list terms get ids too, so they count.
pub fn headings(text: &str) -> Vec<Heading> {
    let mut used = HashSet::new();
    let mut headings = Vec::new();
    // Where it starts, its own id, its text so far, whether it is a heading.
    let mut current: Option<(usize, Option<String>, String, bool)> = None;
    let parser = new_cmark_parser(text, &MarkdownOptions::default()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((range.start, id.map(|i| i.to_string()), String::new(), true));
            }
            Event::Start(Tag::DefinitionListTitle) => {
                current = Some((range.start, None, String::new(), false));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, so_far, _)) = current.as_mut() {
                    so_far.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                let Some((start, own, content, heading)) = current.take() else {
                    continue;
                };
                let id = own.unwrap_or_else(|| unique(id_from_content(&content), &mut used));
                if heading {
                    let written = text[range].lines().next().unwrap_or("");
                    let title = written.trim_start_matches('#').trim();
                    let title = match title.rfind(" {") {
                        Some(i) if title.ends_with('}') => title[..i].trim_end(),
                        _ => title,
                    };
                    headings.push(Heading {
                        line: line_of(text, start),
                        title: title.to_owned(),
                        id,
                    });
                }
            }
            _ => {}
        }
    }
    headings
}

fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn unique(id: String, used: &mut HashSet<String>) -> String {
    if used.insert(id.clone()) {
        return id;
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAPTER: &str = "# Tasks\n\nText.\n\n## Exercise: a retry\n\n\
        <!-- exercise: tasks-exercise-retry -->\n```rust,editable\nfn main() {}\n```\n\n\
        ```text\n<!-- puzzle -->\n# not a heading\n```\n\n## Exercise: a retry\n\n\
        <!-- puzzle -->\n```rust\nfn main() {}\n```\n";

    #[test]
    fn code_blocks_markers_and_headings() {
        let blocks = code_blocks(Path::new("src/tasks.md"), CHAPTER);
        let shown = |b: &CodeBlock| format!("{} {} {:?}", b.at.line, b.lang, b.attributes);
        let found: Vec<String> = blocks.iter().map(shown).collect();
        assert_eq!(found, ["8 rust [\"editable\"]", "12 text []", "20 rust []"]);
        assert_eq!(
            (blocks[0].raw.as_str(), blocks[0].end_line()),
            ("fn main() {}\n", 11)
        );
        // Markers inside code blocks do not count.
        let marks: Vec<String> = markers(CHAPTER)
            .iter()
            .map(|m| format!("{} {:?}", m.line, m.mark))
            .collect();
        assert_eq!(marks, ["7 Exercise(\"tasks-exercise-retry\")", "19 Puzzle"]);
        // Headings get mdBook's ids.
        let ids: Vec<String> = headings(CHAPTER)
            .iter()
            .map(|h| format!("{} {}", h.line, h.id))
            .collect();
        assert_eq!(
            ids,
            ["1 tasks", "5 exercise-a-retry", "17 exercise-a-retry-1"]
        );
        let own = headings("## Don't `block` {#own}\n## Don't `block`\n");
        assert_eq!(
            (own[0].title.as_str(), own[0].id.as_str()),
            ("Don't `block`", "own")
        );
        assert_eq!(own[1].id, "dont-block");
    }
}
