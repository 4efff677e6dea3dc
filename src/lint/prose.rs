//! Prose in a post-mortem, with the file position of every character.
//!
//! The linter matches words in the text a person reads (a block scalar
//! without its indentation, a quoted scalar without its quotes) and reports
//! them at the line and column where they sit in the YAML file.

use std::fmt::Write as _;

use crate::yaml::{Node, NodeKind, Style};

/// One prose value, as its text and where it came from in the file.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Dotted path of the value, such as `action_items[2].title`.
    pub path: String,
    /// The top-level key it belongs to.
    pub section: String,
    pub text: String,
    /// Where runs of `text` start in the file: (byte offset in `text`,
    /// line, column), both 1-based. Within a run, text and file advance
    /// together one character at a time; a new run starts at each source
    /// line and after each unescaped quote.
    runs: Vec<(usize, usize, usize)>,
    /// The last position asked for: (byte, run, characters into the run).
    /// Findings come in text order, so counting on from it keeps a
    /// paragraph of one long line linear, not quadratic, in its findings.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl Segment {
    /// Line and column of the character at byte `at` of `text`.
    fn position(&self, at: usize) -> (usize, usize) {
        let i = self.runs.partition_point(|r| r.0 <= at);
        let Some(&(offset, line, col)) = self.runs.get(i.saturating_sub(1)) else {
            return (1, 1);
        };
        let (last_at, last_run, last_chars) = self.last.get();
        let counted = (last_run == i && offset <= last_at && last_at <= at)
            .then(|| self.text.get(last_at..at))
            .flatten()
            .map(|t| last_chars + t.chars().count());
        let chars = counted.unwrap_or_else(|| {
            self.text
                .get(offset..at.max(offset))
                .map_or(0, |t| t.chars().count())
        });
        if self.text.is_char_boundary(at) && at >= offset {
            self.last.set((at, i, chars));
        }
        (line, col + chars)
    }

    /// Start and end positions of a byte range, the end being just past
    /// the last character.
    pub fn span(&self, start: usize, end: usize) -> ((usize, usize), (usize, usize)) {
        let first = self.position(start);
        let last = if end > start {
            // The start of the last character in the range.
            let mut last = end - 1;
            while last > start && !self.text.is_char_boundary(last) {
                last -= 1;
            }
            self.position(last)
        } else {
            first
        };
        (first, (last.0, last.1 + 1))
    }
}

/// Keys whose values are not prose: ids, enums, dates, names, links.
const NOT_PROSE: &[&str] = &[
    "pm",
    "id",
    "status",
    "severity",
    "date",
    "at",
    "kind",
    "owner",
    "due",
    "link",
    "url",
    "trace_id",
    "by",
    "authors",
    "responders",
    "services",
    "tags",
    "type",
    "priority",
    "closed",
    "held",
];

/// Walk the document and collect every prose value.
pub fn segments(text: &str, line_starts: &[usize], root: &Node) -> Vec<Segment> {
    let mut out = Vec::new();
    for (key, value) in root.entries() {
        let Some(name) = key.as_str() else { continue };
        if NOT_PROSE.contains(&name) {
            continue;
        }
        let mut path = name.to_string();
        walk(text, line_starts, value, name, &mut path, &mut out);
    }
    out
}

/// Collect the prose under `node`, whose path is `path`: a buffer each
/// level adds its part to and takes it off again, so that a path is made
/// into a string of its own only for a value that is prose.
fn walk(
    text: &str,
    line_starts: &[usize],
    node: &Node,
    section: &str,
    path: &mut String,
    out: &mut Vec<Segment>,
) {
    let len = path.len();
    match &node.kind {
        NodeKind::Scalar { value, style } => {
            if value.trim().is_empty() || looks_like_data(value) {
                return;
            }
            if let Some(seg) =
                scalar_segment(text, line_starts, node, *style, section, path.clone())
            {
                out.push(seg);
            }
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                // Writing to a String cannot fail.
                let _ = write!(path, "[{i}]");
                walk(text, line_starts, item, section, path, out);
                path.truncate(len);
            }
        }
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                let Some(name) = k.as_str() else { continue };
                if NOT_PROSE.contains(&name) {
                    continue;
                }
                path.push('.');
                path.push_str(name);
                walk(text, line_starts, v, section, path, out);
                path.truncate(len);
            }
        }
        NodeKind::Alias { .. } => {}
    }
}

/// URLs, numbers and timestamps are not prose.
fn looks_like_data(value: &str) -> bool {
    let v = value.trim();
    v.starts_with("http://") || v.starts_with("https://") || v.parse::<f64>().is_ok()
}

/// "- item", "* item", "1. item", "2) item": a new item, not a wrapped line.
fn starts_list_item(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    line.starts_with(['-', '*', '\u{2022}', '#', '>'])
        || (digits > 0 && line[digits..].starts_with(['.', ')']))
}

/// Whether a line of a literal block ends its sentence although no blank
/// line or list item follows: the next line's first word would have fitted
/// on it (`widest`: the block's widest line, in characters), it does not
/// end on a word no sentence ends on ("the", "to", "and") nor after a
/// comma, and the next line does not start with a verb ("The engineer"
/// over "failed to renew ...").
fn ended(next: &str, previous_width: usize, previous_open: bool, widest: usize) -> bool {
    let first_word = next.split_whitespace().next();
    previous_width + 1 + first_word.map_or(0, |w| w.chars().count()) <= widest
        && !previous_open
        && !first_word.is_some_and(goes_on)
}

/// Words no sentence ends on: articles, prepositions, conjunctions,
/// auxiliaries.
const OPEN_WORDS: &[&str] = &[
    "the", "a", "an", "to", "of", "and", "or", "but", "by", "with", "for", "in", "on", "at",
    "from", "that", "which", "who", "was", "were", "is", "are", "had", "has", "have", "not",
];

/// Whether `word` is one of `words`, in any ASCII case: every line of a
/// literal block asks, so nothing is lower-cased into a new string.
fn one_of(words: &[&str], word: &str) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A word a line of notes does not start with, but the rest of a sentence
/// can: a verb in the past ("failed", "ran"), an auxiliary or a negation,
/// a conjunction.
fn goes_on(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.', ';', ':']);
    w.len() > 3 && w.as_bytes()[w.len() - 2..].eq_ignore_ascii_case(b"ed") || one_of(GOES_ON, w)
}

/// Words a line of notes does not start with (see [`goes_on`]).
const GOES_ON: &[&str] = &[
    "was", "were", "is", "are", "be", "been", "did", "didn't", "does", "doesn't", "do", "don't",
    "never", "not", "should", "could", "would", "had", "has", "have", "hadn't", "hasn't", "can",
    "can't", "will", "won't", "may", "might", "must", "then", "also", "and", "or", "but", "so",
    "which", "who", "that", "forgot", "ran", "took", "left", "made", "went", "got", "put", "kept",
    "sent", "set", "hit", "broke", "saw", "knew", "thought", "told", "gave", "chose", "wrote",
    "ignored", "missed",
];

fn scalar_segment(
    text: &str,
    line_starts: &[usize],
    node: &Node,
    style: Style,
    section: &str,
    path: String,
) -> Option<Segment> {
    let (mut start, mut end) = (node.start, node.end.min(text.len()));
    let block = matches!(style, Style::Literal | Style::Folded);
    if matches!(style, Style::SingleQuoted | Style::DoubleQuoted) {
        start += 1;
        end = end.saturating_sub(1).max(start);
    }
    if block && text[start..end].starts_with(['|', '>']) {
        // Some parsers start a block scalar's span at its `|` / `>` header.
        let header = crate::yaml::lines_inclusive(&text[start..end]).next()?;
        if !header.ends_with(['\n', '\r']) {
            return None;
        }
        start += header.len();
    }
    let raw = text.get(start..end)?;
    let mut seg = Segment {
        path,
        section: section.to_string(),
        text: String::with_capacity(raw.len()),
        runs: Vec::new(),
        last: std::cell::Cell::new((usize::MAX, usize::MAX, 0)),
    };
    let mut offset = start;
    let mut first = true;
    let mut previous_empty = false;
    // The widest line of the block, in characters: a line that ends
    // although the next line's first word would have fitted on it was
    // ended by its writer, not wrapped (pasted ticket notes: "Priya ran the
    // migration" over "tool failed to set lock_timeout").
    let literal = style == Style::Literal;
    let widest = if literal {
        crate::yaml::lines(raw)
            .map(|l| l.trim_end().chars().count())
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let mut previous_width = 0;
    let mut previous_open = false;
    for line in crate::yaml::lines_inclusive(raw) {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let lead = body.len() - trimmed.len();
        let content = trimmed.trim_end();
        if !first {
            // People wrap sentences over lines, in literal blocks too: a line
            // break is a space, except around blank lines and before list
            // items, where it ends a sentence. The joiner belongs to the run
            // before it (one past its line's end).
            let breaks = literal
                && (content.is_empty()
                    || previous_empty
                    || starts_list_item(content)
                    || ended(content, previous_width, previous_open, widest));
            seg.text.push(if breaks { '\n' } else { ' ' });
        }
        first = false;
        previous_empty = content.is_empty();
        if literal {
            previous_width = body.trim_end().chars().count();
            previous_open = content.ends_with([',', ';', ':', '(', '-'])
                || content
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| one_of(OPEN_WORDS, w));
        }
        if !content.is_empty() {
            let base = offset + lead;
            let (line_no, col0) = crate::yaml::position(text, line_starts, base);
            seg.runs.push((seg.text.len(), line_no, col0));
            // Only quoting's escapes make text and file part ways.
            let escapes = match style {
                Style::SingleQuoted => content.contains('\''),
                Style::DoubleQuoted => content.contains('\\'),
                _ => false,
            };
            let mut col = col0;
            let mut rest = if escapes {
                content
            } else {
                seg.text.push_str(content);
                ""
            };
            while let Some(c) = rest.chars().next() {
                // Unescape what quoting doubles or escapes, so that
                // 'didn''t' and "didn\u2019t" read as "didn't";
                // positions stay those of the source. An escape is ASCII:
                // its bytes are its columns (`width`).
                let (c, len, width) = match (style, c) {
                    (Style::SingleQuoted, '\'') if rest[1..].starts_with('\'') => ('\'', 2, 2),
                    (Style::DoubleQuoted, '\\') => {
                        match crate::yaml::double_quoted_escape(&rest[1..]) {
                            Some((decoded, len)) => (as_prose(decoded), 1 + len, 1 + len),
                            None => (c, 1, 1),
                        }
                    }
                    _ => (c, c.len_utf8(), 1),
                };
                rest = &rest[len..];
                seg.text.push(c);
                col += width;
                if width > 1 {
                    seg.runs.push((seg.text.len(), line_no, col));
                }
            }
        }
        offset += line.len();
    }
    Some(seg)
}

/// An escaped character as the rules read it: a line break of any kind
/// ends a sentence as in a literal block, another control character is a
/// space.
fn as_prose(c: char) -> char {
    match c {
        '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
        '\t' => '\t',
        c if c.is_control() => ' ',
        c => c,
    }
}
