//! A log written as one JSON array of records rather than one record a
//! line: what `gcloud logging read --format=json` and many exporters
//! write, pretty-printed over many lines or all on one. The array is split
//! into its items as the lines come, so it is read as a stream, each item
//! bounded as a line is.

use super::input::MAX_LINE_BYTES;

/// Whether the first line of an input opens a JSON array of records:
/// `[` alone, or followed by `{` or `]`, or a whole JSON array on the line
/// (`[1, 2]`: read as one, so that what its elements are can be said).
/// (A plain-text line that starts with a bracket, `[2026-11-26 09:00]
/// ERROR ...`, does not.)
pub fn opens(first_line: &str) -> bool {
    first_line
        .trim_start()
        .strip_prefix('[')
        .map(str::trim_start)
        .is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(['{', ']'])
                || serde_json::from_str::<serde::de::IgnoredAny>(first_line).is_ok()
        })
}

/// One item of the array: its text, the line it starts on, and which
/// element of the array it is (from 1).
pub struct Item {
    pub line: usize,
    pub index: usize,
    pub text: String,
}

/// What went wrong splitting the array.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// An item longer than [`MAX_LINE_BYTES`], starting on this line.
    TooLong(usize),
    /// Text after the array's closing `]`, on this line.
    AfterEnd(usize),
}

/// Where JSON text is, byte by byte: inside a string or not. The one
/// scanner of JSON's strings and brackets here (the array splitter, the
/// pretty-printed object, how deep a record nests); its state carries from
/// one line to the next, as a string or an escape may.
#[derive(Default, Clone, Copy)]
pub struct Scanner {
    in_string: bool,
    escaped: bool,
}

impl Scanner {
    /// The next byte of `text` from `*at` that is outside a JSON string,
    /// and its offset; `*at` moves past it. A `"` is given too (the string
    /// it opens is then skipped). The inside of a string is skipped with
    /// `memchr`, not byte by byte.
    #[inline]
    pub fn next(&mut self, text: &[u8], at: &mut usize) -> Option<(usize, u8)> {
        loop {
            if self.in_string {
                if self.escaped {
                    text.get(*at)?;
                    *at += 1;
                    self.escaped = false;
                    continue;
                }
                let rest = text.get(*at..)?;
                let Some(j) = memchr::memchr2(b'"', b'\\', rest) else {
                    *at = text.len();
                    return None;
                };
                let pos = *at + j;
                *at = pos + 1;
                match text[pos] {
                    b'"' => self.in_string = false,
                    _ => self.escaped = true,
                }
                continue;
            }
            let i = *at;
            let b = *text.get(i)?;
            *at = i + 1;
            if b == b'"' {
                self.in_string = true;
            }
            return Some((i, b));
        }
    }
}

/// Splits the lines of a JSON array into its items.
#[derive(Default)]
pub struct Splitter {
    /// Past the opening `[`.
    opened: bool,
    /// Past the closing `]`.
    closed: bool,
    /// The item being read: its text so far and its first line.
    item: Option<Item>,
    /// Brackets and braces open inside the item.
    depth: usize,
    /// Items begun so far.
    count: usize,
    scan: Scanner,
}

impl Splitter {
    /// Feed line `n`; the items it completes are added to `out`.
    pub fn line(&mut self, n: usize, line: &str, out: &mut Vec<Item>) -> Result<(), SplitError> {
        let mut start = 0;
        let mut at = 0;
        while let Some((i, b)) = self.scan.next(line.as_bytes(), &mut at) {
            if self.item.is_some() {
                match b {
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' if self.depth > 0 => {
                        self.depth -= 1;
                        if self.depth == 0 {
                            self.take(line, start, i + 1, out)?;
                        }
                    }
                    // A bare value (a number, `true`) ends at the next
                    // separator; the `]` also closes the array.
                    b',' | b']' if self.depth == 0 => {
                        self.take(line, start, i, out)?;
                        self.closed = b == b']';
                    }
                    _ => {}
                }
                continue;
            }
            if b.is_ascii_whitespace() || (self.opened && !self.closed && b == b',') {
                continue;
            }
            if self.closed {
                // Text after the end is not read as JSON: a quote there
                // opens no string.
                self.scan = Scanner::default();
                return Err(SplitError::AfterEnd(n));
            }
            if !self.opened {
                // `opens` said the input starts with `[`.
                self.opened = true;
                continue;
            }
            if b == b']' {
                self.closed = true;
                continue;
            }
            start = i;
            self.count += 1;
            self.item = Some(Item {
                line: n,
                index: self.count,
                text: String::new(),
            });
            // A string item is inside its string now (the scanner saw
            // its quote).
            if matches!(b, b'{' | b'[') {
                self.depth = 1;
            }
        }
        if let Some(item) = &mut self.item {
            let part = &line[start..];
            if item.text.len() + part.len() + 1 > MAX_LINE_BYTES {
                return Err(SplitError::TooLong(item.line));
            }
            item.text.push_str(part);
            item.text.push('\n');
        }
        Ok(())
    }

    /// End the current item at `end` of `line`.
    fn take(
        &mut self,
        line: &str,
        start: usize,
        end: usize,
        out: &mut Vec<Item>,
    ) -> Result<(), SplitError> {
        if let Some(mut item) = self.item.take() {
            let part = &line[start..end];
            if item.text.len() + part.len() > MAX_LINE_BYTES {
                return Err(SplitError::TooLong(item.line));
            }
            item.text.push_str(part);
            out.push(item);
        }
        self.depth = 0;
        Ok(())
    }

    /// Whether the input was an array with no items at all (`[]`).
    pub fn is_empty_array(&self) -> bool {
        self.closed && self.count == 0
    }

    /// At the end of the input: the line of an item the array ends inside
    /// (or of the array, when its `]` never came).
    pub fn unfinished(&self) -> Option<usize> {
        match &self.item {
            Some(item) => Some(item.line),
            None if self.opened && !self.closed => Some(0),
            None => None,
        }
    }
}

/// A JSON object pretty-printed over many lines (`jq .`, `aws logs
/// filter-log-events`, `python -m json.tool`): it opens with a line that
/// is `{` alone, and its text is gathered until its braces close, bounded
/// as a line is.
pub struct Document {
    /// The line it opens on.
    pub line: usize,
    pub text: String,
    depth: usize,
    scan: Scanner,
}

impl Document {
    /// Whether a line opens a pretty-printed object.
    pub fn opens(line: &[u8]) -> bool {
        line.trim_ascii() == b"{"
    }

    /// Whether a line is a whole JSON object on its own, starting at the
    /// margin: a record of a JSON-lines log, never a line inside a
    /// pretty-printed object (those are indented, or a closing `}`).
    pub fn whole_record(line: &str) -> bool {
        if !line.starts_with('{') || Document::opens(line.as_bytes()) {
            return false;
        }
        let mut doc = Document::new(0);
        matches!(doc.line(line), Ok(true)) && line.trim_end().ends_with('}')
    }

    pub fn new(line: usize) -> Document {
        Document {
            line,
            text: String::new(),
            depth: 0,
            scan: Scanner::default(),
        }
    }

    /// Feed a line: true when the object closed on it.
    pub fn line(&mut self, line: &str) -> Result<bool, SplitError> {
        if self.text.len() + line.len() + 1 > MAX_LINE_BYTES {
            return Err(SplitError::TooLong(self.line));
        }
        let mut at = 0;
        while let Some((_, b)) = self.scan.next(line.as_bytes(), &mut at) {
            match b {
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.text.push_str(line);
        self.text.push('\n');
        Ok(self.depth == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(lines: &[&str]) -> (Vec<(usize, String)>, Splitter) {
        let mut splitter = Splitter::default();
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            splitter.line(i + 1, line, &mut out).unwrap();
        }
        let items = out.into_iter().map(|i| (i.line, i.text)).collect();
        (items, splitter)
    }

    #[test]
    fn one_line_and_pretty_printed_arrays_give_their_items() {
        let (items, s) = split(&[r#"[{"a":"x]},{"}, {"b":[1,{"c":2}]}]"#]);
        assert_eq!(
            items,
            [
                (1, r#"{"a":"x]},{"}"#.to_string()),
                (1, r#"{"b":[1,{"c":2}]}"#.to_string())
            ]
        );
        assert_eq!(s.unfinished(), None);
        let (items, s) = split(&["[", "  {", r#"    "a": "\"}\\""#, "  },", "  {}", "]"]);
        assert_eq!(
            items,
            [
                (2, "{\n    \"a\": \"\\\"}\\\\\"\n  }".to_string()),
                (5, "{}".to_string())
            ]
        );
        assert_eq!(s.unfinished(), None);
    }

    #[test]
    fn bare_values_unfinished_arrays_and_text_after_the_end() {
        let (items, _) = split(&["[1, \"two\", {}]"]);
        let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["1", "\"two\"", "{}"]);
        let mut s = Splitter::default();
        let mut out = Vec::new();
        s.line(1, "[{}, 2,", &mut out).unwrap();
        s.line(2, "  3]", &mut out).unwrap();
        let indexes: Vec<(usize, usize)> = out.iter().map(|i| (i.line, i.index)).collect();
        assert_eq!(indexes, [(1, 1), (1, 2), (2, 3)]);
        assert!(!s.is_empty_array());
        let (_, s) = split(&["[", " ]"]);
        assert!(s.is_empty_array());
        let (_, s) = split(&["["]);
        assert!(!s.is_empty_array());
        let (_, s) = split(&["[", "{\"a\": 1"]);
        assert_eq!(s.unfinished(), Some(2));
        let (_, s) = split(&["[{}"]);
        assert_eq!(s.unfinished(), Some(0));
        let mut s = Splitter::default();
        let mut out = Vec::new();
        assert_eq!(s.line(1, "[{}] x", &mut out), Err(SplitError::AfterEnd(1)));
    }

    #[test]
    fn the_scanner_skips_strings_and_carries_an_escape_to_the_next_line() {
        let mut scan = Scanner::default();
        let mut outside = String::new();
        for line in [r#"{"a\"}[": "x\"#, r#""]", "b": [1]}"#] {
            let mut at = 0;
            while let Some((i, b)) = scan.next(line.as_bytes(), &mut at) {
                assert_eq!(line.as_bytes()[i], b);
                if !b.is_ascii_whitespace() {
                    outside.push(b as char);
                }
            }
        }
        assert_eq!(outside, r#"{":",":[1]}"#);
    }

    #[test]
    fn only_an_opening_bracket_before_a_record_opens_an_array() {
        assert!(opens("["));
        assert!(opens("  [ {\"a\":1}]"));
        assert!(opens("[]"));
        assert!(opens("[1, \"two\", [3]]"));
        assert!(!opens("[2026-11-26 09:00] ERROR x"));
        assert!(!opens("[\"x\"] ERROR x"));
        assert!(!opens("{\"a\": [1]}"));
    }
}
