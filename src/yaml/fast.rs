//! A strict reader for the YAML layout pm itself writes: the one fast path
//! for reading YAML.
//!
//! [`tree`] returns exactly the span tree the full parser (`saphyr-parser`,
//! through `TreeBuilder` in `yaml.rs`) returns for the same text, or None:
//! it *declines*, and the caller runs the full parser. It never returns an
//! error of its own, so a file it does not understand costs only time.
//!
//! What it accepts, line by line (anything else declines):
//! - UTF-8 text ending with a line break, without tabs, carriage returns,
//!   control characters, or the characters YAML 1.1 readers treat as line
//!   breaks or byte-order marks (U+0085, U+2028, U+2029, U+FEFF);
//! - blank lines, and comment lines (`#` after spaces) at any indentation;
//! - a mapping at column 0; mappings whose keys are plain words
//!   (`[A-Za-z_][A-Za-z0-9_-]*`), each key once, followed by `: ` or the end
//!   of the line, all keys of one mapping at the same column;
//! - block sequences (`- ` items at one column, indented under their key or
//!   at the key's own column), whose items are scalars, one-line flow
//!   sequences or mappings starting on the dash's line (`- key: value`);
//! - values written on one line: plain scalars that cannot be mistaken for
//!   anything else (no indicator first, no `: `, not ending in `:`, ` #`
//!   starts a comment), single-quoted scalars, double-quoted scalars with
//!   YAML's escapes (`yaml::double_quoted_escape`), and flow sequences
//!   `[a, 'b', "c"]` of such scalars;
//! - literal block scalars `|` and `|-` (not `|+`, not an explicit
//!   indentation, not folded `>`), whose leading blank lines are no longer
//!   than the first content line's indentation and whose blank lines carry no
//!   spaces beyond it.
//!
//! It declines, among others: anchors, aliases, tags, flow mappings, `? `
//! keys, quoted keys, multi-line plain or quoted scalars, a flow sequence
//! over several lines, a value on the line after `- `, nested `- - `,
//! document markers and directives, and any line at an indentation the
//! structure above does not expect.
//!
//! Why it is safe: within this subset a YAML document has exactly one
//! reading, and the scanner builds it with the same node values, styles and
//! byte spans as the full parser (span rules below, from saphyr's
//! behaviour). The property test `fast_paths_agree_with_the_full_parser`
//! (tests/cli/fast_paths.rs) writes documents in many hand-written layouts,
//! and checks that for each the scanner either declines or returns a tree
//! equal to the full parser's, spans included; so that pm's own layout keeps
//! the fast path, it also checks that the scanner does not decline it.
//!
//! Span rules that follow saphyr: a plain scalar spans its text without
//! trailing spaces; a quoted scalar or flow sequence in block context runs
//! to the end of its line (through trailing spaces and a comment), and a
//! quoted item in a flow sequence through the spaces after it; a literal
//! block scalar starts at its first content character and ends where the
//! next token starts (after blank lines, at the first non-space of the next
//! less-indented line, or at the end of the text); an empty value is an
//! empty plain scalar at its key's colon; a block mapping starts at its
//! first key; a block sequence starts at its first dash, except one written
//! at its key's own column, which starts at its first item; collections end
//! where their last value ends.

use std::borrow::Cow;

use super::{Node, NodeKind, Style};

/// The scanner's tree: a [`Node`] tree whose values borrow from the text
/// where they can, so that a reader that needs only a few values (the
/// summary cache) does not copy every one of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Lite<'a> {
    pub kind: LiteKind<'a>,
    pub start: usize,
    pub end: usize,
    pub flow: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiteKind<'a> {
    Scalar(Cow<'a, str>, Style),
    Seq(Vec<Lite<'a>>),
    Map(Vec<(Lite<'a>, Lite<'a>)>),
}

impl Lite<'_> {
    pub fn into_node(self) -> Node {
        let kind = match self.kind {
            LiteKind::Scalar(value, style) => NodeKind::Scalar {
                value: value.into_owned(),
                style,
            },
            LiteKind::Seq(items) => NodeKind::Seq(items.into_iter().map(Lite::into_node).collect()),
            LiteKind::Map(entries) => NodeKind::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into_node(), v.into_node()))
                    .collect(),
            ),
        };
        Node {
            kind,
            start: self.start,
            end: self.end,
            flow: self.flow,
        }
    }
}

/// The span tree of `text` (without BOM), or None to use the full parser.
pub fn tree(text: &str) -> Option<Node> {
    lite(text).map(Lite::into_node)
}

/// [`tree`] with values borrowed from `text`.
pub fn lite(text: &str) -> Option<Lite<'_>> {
    if !text.ends_with('\n') || !characters_ok(text) {
        return None;
    }
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let first = s.peek()?;
    if first.indent != 0 {
        return None;
    }
    let root = s.map(0, first.content)?;
    // The top-level mapping ends only at the end of the text.
    if s.pos < text.len() {
        return None;
    }
    Some(root)
}

fn characters_ok(text: &str) -> bool {
    let bytes_ok = text
        .bytes()
        .all(|b| (b >= 0x20 && b != 0x7f) || b == b'\n' || b >= 0x80);
    if !bytes_ok {
        return false;
    }
    text.is_ascii()
        || !text.chars().any(|c| {
            matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        })
}

/// Deeper nesting declines; real post-mortems nest four levels.
const MAX_DEPTH: usize = 16;

/// The longest implicit key YAML allows (1,024 characters); the full
/// parser refuses a longer one, so the scanner declines it.
const MAX_KEY_LEN: usize = 1024;

/// Characters that may not start a plain scalar (YAML's indicators).
const INDICATORS: &[u8] = b"-?:,[]{}#&*!|>'\"%@`";

/// A line holding something other than blanks or a comment.
#[derive(Clone, Copy)]
struct Line {
    /// Spaces before the first character.
    indent: usize,
    /// Byte offset of the first character.
    content: usize,
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Always at the start of a line between values.
    pos: usize,
    /// Collections open around the current one.
    depth: usize,
}

impl<'a> Scanner<'a> {
    /// Byte offset of the line break ending the line that holds `at`.
    fn line_end(&self, at: usize) -> usize {
        // The text ends with a line break, so there always is one.
        at + self.b[at..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(self.b.len() - at)
    }

    fn spaces(&self, at: usize) -> usize {
        self.b[at..].iter().take_while(|&&b| b == b' ').count()
    }

    /// Skip blank and comment lines; the next line with content, not consumed.
    fn peek(&mut self) -> Option<Line> {
        while self.pos < self.b.len() {
            let indent = self.spaces(self.pos);
            let content = self.pos + indent;
            match self.b[content] {
                b'\n' | b'#' => self.pos = self.line_end(content) + 1,
                _ => return Some(Line { indent, content }),
            }
        }
        None
    }

    fn is_dash_item(&self, line: Line) -> bool {
        self.b[line.content] == b'-' && matches!(self.b[line.content + 1], b' ' | b'\n')
    }

    /// Length of a plain-word key at `at` followed by `:` and a space or a
    /// line break, or None. None too for a key longer than YAML allows an
    /// implicit key to be (1,024 characters), which the full parser refuses.
    fn key_len(&self, at: usize) -> Option<usize> {
        let first = self.b[at];
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let len = self.b[at..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            .count();
        (len <= MAX_KEY_LEN
            && self.b[at + len] == b':'
            && matches!(self.b[at + len + 1], b' ' | b'\n'))
        .then_some(len)
    }

    /// Guards the depth the full parser refuses (64 levels) well before it.
    fn nest(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn map(&mut self, col: usize, first_key: usize) -> Option<Lite<'a>> {
        self.nest()?;
        let mut entries: Vec<(Lite<'a>, Lite<'a>)> = Vec::with_capacity(8);
        let mut key_at = first_key;
        loop {
            let len = self.key_len(key_at)?;
            let name = &self.text[key_at..key_at + len];
            if entries
                .iter()
                .any(|(k, _)| matches!(&k.kind, LiteKind::Scalar(v, _) if v == name))
            {
                return None;
            }
            let key = scalar(Cow::Borrowed(name), Style::Plain, key_at, key_at + len);
            let value = self.value(col, key_at + len)?;
            entries.push((key, value));
            match self.peek() {
                Some(line) if line.indent == col => {
                    if self.b[line.content] == b'-' {
                        return None;
                    }
                    key_at = line.content;
                }
                Some(line) if line.indent > col => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        let start = entries[0].0.start;
        let end = entries[entries.len() - 1].1.end;
        Some(Lite {
            kind: LiteKind::Map(entries),
            start,
            end,
            flow: false,
        })
    }

    /// The value after the colon at `colon` of a key at column `col`.
    fn value(&mut self, col: usize, colon: usize) -> Option<Lite<'a>> {
        let at = colon + 1 + self.spaces(colon + 1);
        match self.b[at] {
            b'\n' | b'#' => {
                self.pos = self.line_end(at) + 1;
                match self.peek() {
                    Some(line) if line.indent > col => {
                        if self.is_dash_item(line) {
                            self.seq(line.indent, false)
                        } else {
                            self.map(line.indent, line.content)
                        }
                    }
                    Some(line) if line.indent == col && self.is_dash_item(line) => {
                        self.seq(col, true)
                    }
                    _ => Some(scalar(Cow::Borrowed(""), Style::Plain, colon, colon)),
                }
            }
            _ => self.inline(col, at),
        }
    }

    /// A value that starts on its key's or dash's line, at `at`; `col` is
    /// the indentation it must be deeper than.
    fn inline(&mut self, col: usize, at: usize) -> Option<Lite<'a>> {
        let line_end = self.line_end(at);
        let node = match self.b[at] {
            b'|' => return self.literal(col, at),
            b'[' => {
                let (items, after) = self.flow_seq(at)?;
                self.rest_of_line(after, line_end)?;
                Lite {
                    kind: LiteKind::Seq(items),
                    start: at,
                    end: line_end,
                    flow: true,
                }
            }
            b'\'' | b'"' => {
                let (value, style, after) = self.quoted(at)?;
                self.rest_of_line(after, line_end)?;
                scalar(value, style, at, line_end)
            }
            b if INDICATORS.contains(&b) => return None,
            _ => {
                let line = &self.b[at..line_end];
                let cut = line
                    .windows(2)
                    .position(|w| w == b" #")
                    .unwrap_or(line.len());
                let raw = self.text[at..at + cut].trim_end_matches(' ');
                if raw.ends_with(':')
                    || raw.as_bytes().windows(2).any(|w| w == b": ")
                    || super::is_oversized_int(raw)
                {
                    return None;
                }
                scalar(Cow::Borrowed(raw), Style::Plain, at, at + raw.len())
            }
        };
        self.pos = line_end + 1;
        Some(node)
    }

    /// After a quoted scalar or a flow sequence: only spaces and a comment.
    fn rest_of_line(&self, after: usize, line_end: usize) -> Option<()> {
        let at = after + self.spaces(after);
        match self.b[at] {
            b'\n' => Some(()),
            b'#' if at > after => Some(()),
            _ => None,
        }
        .filter(|_| at <= line_end)
    }

    fn seq(&mut self, col: usize, at_key_column: bool) -> Option<Lite<'a>> {
        self.nest()?;
        let mut items = Vec::new();
        // Where the sequence starts: its first dash, or at its key's column
        // the first item's first character (a block scalar's `|`).
        let mut start = None;
        loop {
            let line = self.peek()?;
            let dash = line.content;
            let at = dash + 1 + self.spaces(dash + 1);
            start.get_or_insert(if at_key_column { at } else { dash });
            let item = match self.b[at] {
                b'\n' | b'#' | b'-' => return None,
                _ if self.key_len(at).is_some() => {
                    let line_start = dash - line.indent;
                    self.map(at - line_start, at)?
                }
                _ => self.inline(col, at)?,
            };
            items.push(item);
            match self.peek() {
                Some(line) if line.indent == col => {
                    if self.is_dash_item(line) {
                        continue;
                    }
                    if at_key_column {
                        break;
                    }
                    return None;
                }
                Some(line) if line.indent > col => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        let start = start?;
        let end = items[items.len() - 1].end;
        Some(Lite {
            kind: LiteKind::Seq(items),
            start,
            end,
            flow: false,
        })
    }

    /// `[a, 'b', "c"]` on one line, at `at`; the items and the offset just
    /// past the closing bracket.
    fn flow_seq(&self, at: usize) -> Option<(Vec<Lite<'a>>, usize)> {
        let mut items = Vec::new();
        let mut q = at + 1;
        q += self.spaces(q);
        if self.b[q] == b']' {
            return Some((items, q + 1));
        }
        loop {
            match self.b[q] {
                b'\'' | b'"' => {
                    let (value, style, after) = self.quoted(q)?;
                    let end = after + self.spaces(after);
                    items.push(scalar(value, style, q, end));
                    q = end;
                }
                b if INDICATORS.contains(&b) || b == b' ' || b == b'\n' => return None,
                _ => {
                    let len = self.b[q..]
                        .iter()
                        .position(|&b| matches!(b, b',' | b']' | b'\n'))?;
                    let raw = self.text[q..q + len].trim_end_matches(' ');
                    // An indicator inside a flow item (`-` before a space
                    // or the item's end, `?`, `:`, `#`, brackets) declines.
                    if raw.contains([':', '#', '[', '{', '}', '?'])
                        || raw.contains("- ")
                        || raw.ends_with('-')
                        || super::is_oversized_int(raw)
                    {
                        return None;
                    }
                    items.push(scalar(Cow::Borrowed(raw), Style::Plain, q, q + raw.len()));
                    q += len;
                }
            }
            match self.b[q] {
                b',' => {
                    q += 1;
                    q += self.spaces(q);
                    if matches!(self.b[q], b']' | b',') {
                        return None;
                    }
                }
                b']' => return Some((items, q + 1)),
                _ => return None,
            }
        }
    }

    /// A quoted scalar on one line at `at`: its value, style, and the offset
    /// just past the closing quote.
    fn quoted(&self, at: usize) -> Option<(Cow<'a, str>, Style, usize)> {
        let quote = self.b[at];
        let text: &'a str = self.text;
        // Borrowed until an escape needs a copy.
        let mut owned: Option<String> = None;
        let start = at + 1;
        let mut q = start;
        loop {
            let run = self.b[q..]
                .iter()
                .position(|&b| b == quote || b == b'\n' || (quote == b'"' && b == b'\\'))?;
            if let Some(value) = owned.as_mut() {
                value.push_str(&text[q..q + run]);
            }
            q += run;
            let escape_at = q;
            let c = match self.b[q] {
                b'\n' => return None,
                b'\'' if self.b[q + 1] == b'\'' => {
                    q += 2;
                    '\''
                }
                b'\\' => {
                    let (c, len) = super::double_quoted_escape(&text[q + 1..])?;
                    q += 1 + len;
                    c
                }
                _ => {
                    let style = if quote == b'"' {
                        Style::DoubleQuoted
                    } else {
                        Style::SingleQuoted
                    };
                    let value = match owned {
                        Some(value) => Cow::Owned(value),
                        None => Cow::Borrowed(&text[start..q]),
                    };
                    return Some((value, style, q + 1));
                }
            };
            // Everything before the first escape was copied as it is.
            owned
                .get_or_insert_with(|| text[start..escape_at].to_string())
                .push(c);
        }
    }

    /// A literal block scalar whose header `|` or `|-` is at `at`, under a
    /// key or dash at column `col`.
    fn literal(&mut self, col: usize, at: usize) -> Option<Lite<'a>> {
        let mut q = at + 1;
        let strip = self.b[q] == b'-';
        if strip {
            q += 1;
        }
        let header_end = self.line_end(at);
        self.rest_of_line(q, header_end)?;
        if !matches!(self.b[q], b' ' | b'\n') {
            return None;
        }
        let body = header_end + 1;

        // The content's indentation is that of its first non-blank line.
        let mut cur = body;
        let mut longest_blank = 0;
        let indent = loop {
            if cur >= self.b.len() {
                return None;
            }
            let sp = self.spaces(cur);
            if self.b[cur + sp] == b'\n' {
                longest_blank = longest_blank.max(sp);
                cur += sp + 1;
                continue;
            }
            break sp;
        };
        if indent <= col || longest_blank > indent {
            return None;
        }

        let mut value = String::new();
        let mut blanks = 0;
        let mut start = None;
        let mut cur = body;
        let end = loop {
            if cur >= self.b.len() {
                break cur;
            }
            let sp = self.spaces(cur);
            let line_end = self.line_end(cur);
            if cur + sp == line_end {
                if sp > indent {
                    return None;
                }
                blanks += 1;
                cur = line_end + 1;
                continue;
            }
            if sp < indent {
                break cur + sp;
            }
            start.get_or_insert(cur + indent);
            for _ in 0..blanks {
                value.push('\n');
            }
            blanks = 0;
            value.push_str(&self.text[cur + indent..line_end]);
            value.push('\n');
            cur = line_end + 1;
        };
        if strip {
            value.pop();
        }
        self.pos = cur.min(self.b.len());
        Some(scalar(Cow::Owned(value), Style::Literal, start?, end))
    }
}

fn scalar(value: Cow<'_, str>, style: Style, start: usize, end: usize) -> Lite<'_> {
    Lite {
        kind: LiteKind::Scalar(value, style),
        start,
        end,
        flow: false,
    }
}
