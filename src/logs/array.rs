//! A log written as one JSON array of records rather than one record a
//! line: what `gcloud logging read --format=json` and many exporters
//! write, pretty-printed over many lines or all on one. The array is split
//! into its items as the lines come, so it is read as a stream, each item
//! bounded as a line is.

use std::collections::HashMap;

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

/// Whether the first line of an input opens an object that wraps a list
/// of records, the records on the lines after it: `{"Records": [` or
/// `{"Records": [{` (CloudTrail's S3 objects, one record a line or
/// pretty-printed). The list is split as an array is; a line that holds a
/// whole object (a JSON-lines record whose first key is a list) does not
/// open one.
pub fn opens_wrapped(first_line: &str) -> bool {
    let Some(rest) = first_line.trim().strip_prefix("{\"") else {
        return false;
    };
    let Some(end) = rest.find('"') else {
        return false;
    };
    if rest[..end].contains('\\') {
        return false;
    }
    rest[end + 1..]
        .trim_start()
        .strip_prefix(':')
        .and_then(|r| r.trim_start().strip_prefix('['))
        .is_some_and(|r| matches!(r.trim(), "" | "{"))
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
    /// The array is the list of an object ([`opens_wrapped`]): its `{`, key
    /// and `:` come before the `[`, and its `}` after the `]`.
    wrapped: bool,
    /// Past the wrapping object's closing `}`.
    unwrapped: bool,
}

impl Splitter {
    /// A splitter for the list an object wraps ([`opens_wrapped`]).
    pub fn wrapped() -> Splitter {
        Splitter {
            wrapped: true,
            ..Splitter::default()
        }
    }

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
                if self.wrapped && !self.unwrapped && b == b'}' {
                    self.unwrapped = true;
                    continue;
                }
                // Text after the end is not read as JSON: a quote there
                // opens no string.
                self.scan = Scanner::default();
                return Err(SplitError::AfterEnd(n));
            }
            if !self.opened {
                // `opens` said the input starts with `[`; `opens_wrapped`,
                // with `{"key":` before it.
                if self.wrapped && b != b'[' {
                    continue;
                }
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
    /// Where the items of its lists start (`items` of a Kubernetes
    /// `List`, `data` of a Datadog page), so that each record is named
    /// by its own line.
    pub lists: Lists,
}

impl Document {
    /// Whether a line opens a pretty-printed object: `{` alone, an object
    /// whose first key opens an object on the same line (`{"Records": [{`,
    /// as CloudTrail writes it), or whose first key and value are on the
    /// `{` line with more to come (`{ "time": "2026-...",`, as some
    /// printers keep the first key by the brace): lines no whole record
    /// ends with. Not `{"Records": [` with a record a line after it: those
    /// lines are read one by one, each named if it is not a record.
    pub fn opens(line: &[u8]) -> bool {
        let line = line.trim_ascii();
        let keyed = line
            .strip_prefix(b"{")
            .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"\""));
        line == b"{" || (keyed && (line.ends_with(b"{") || line.ends_with(b",")))
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
            lists: Lists::new(line),
        }
    }

    /// Feed a line: true when the object closed on it.
    pub fn line(&mut self, line: &str) -> Result<bool, SplitError> {
        if self.text.len() + line.len() + 1 > MAX_LINE_BYTES {
            return Err(SplitError::TooLong(self.line));
        }
        self.lists.line(line.as_bytes());
        self.text.push_str(line);
        self.text.push('\n');
        Ok(self.lists.depth == 0)
    }
}

/// The lists of a JSON object read line by line: for each array that is
/// the value of a key (`"items": [`), also inside nested objects and the
/// items of lists (`"data": {"result": [{"values": [`), the line each of
/// its items starts on. A list is named by its path: its key, after the
/// keys and item indexes (from 0) above it, joined with dots (`items`,
/// `data.result`, `data.result.0.values`). Also how deep the text has
/// nested, which tells when the object closes.
#[derive(Default)]
pub struct Lists {
    /// The number of the next line fed.
    next: usize,
    depth: usize,
    scan: Scanner,
    /// The containers open down to [`Lists::TRACKED`] deep, outermost
    /// first (deeper ones only count in `depth`).
    open: Vec<Open>,
    lists: Vec<(String, Vec<usize>)>,
    /// Where each path is in `lists` (a Loki response has a list for
    /// every stream).
    by_path: HashMap<String, usize>,
}

/// A container open in the object being read.
enum Open {
    /// An object: its path (None inside what is not followed, an array
    /// in an array), and the last string begun in it: the key, when a
    /// `[` or `{` follows.
    Object {
        path: Option<String>,
        key: Option<String>,
    },
    /// An array: its list (None for one not followed), and whether its
    /// next item is still to begin.
    Array { list: Option<usize>, item_due: bool },
}

impl Lists {
    /// How deeply nested a container may be for its lists to be followed:
    /// a Loki response's `values` are at the fifth level (the object,
    /// `data`, `result`, a stream, its `values`).
    const TRACKED: usize = 5;

    /// For an object whose first line is line `first`.
    pub fn new(first: usize) -> Lists {
        Lists {
            next: first,
            ..Lists::default()
        }
    }

    /// The path of a container that opens in the innermost one open, or
    /// None when it is not followed.
    fn child_path(&mut self) -> Option<String> {
        match self.open.last_mut() {
            // The object itself.
            None => Some(String::new()),
            Some(Open::Object { path, key }) => {
                let key = key.take()?;
                match path.as_deref() {
                    Some("") => Some(key),
                    Some(path) => Some(format!("{path}.{key}")),
                    None => None,
                }
            }
            Some(Open::Array { list, .. }) => {
                let (path, starts) = &self.lists[(*list)?];
                Some(format!("{path}.{}", starts.len().saturating_sub(1)))
            }
        }
    }

    /// Feed the next line (bytes: the start of a line cut short may end
    /// inside a character).
    pub fn line(&mut self, line: &[u8]) {
        let n = self.next;
        self.next += 1;
        let mut at = 0;
        while let Some((i, b)) = self.scan.next(line, &mut at) {
            // Directly inside the innermost container followed.
            let here = self.open.len() == self.depth;
            if here
                && let Some(Open::Array { list, item_due }) = self.open.last_mut()
                && *item_due
                && !b.is_ascii_whitespace()
                && b != b']'
            {
                *item_due = false;
                if let Some((_, starts)) = list.and_then(|l| self.lists.get_mut(l)) {
                    starts.push(n);
                }
            }
            match b {
                b'"' if here => {
                    if let Some(Open::Object { key, .. }) = self.open.last_mut() {
                        // A key is written whole on its line; one with an
                        // escape in it is no key pm looks for.
                        let rest = &line[i + 1..];
                        *key = memchr::memchr2(b'"', b'\\', rest)
                            .filter(|&end| rest[end] == b'"')
                            .map(|end| String::from_utf8_lossy(&rest[..end]).into_owned());
                    }
                }
                b',' if here => {
                    if let Some(Open::Array { item_due, .. }) = self.open.last_mut() {
                        *item_due = true;
                    }
                }
                b'{' | b'[' => {
                    if here && self.depth < Self::TRACKED {
                        let path = self.child_path();
                        let open = match b {
                            b'{' => Open::Object { path, key: None },
                            _ => Open::Array {
                                // Only a list that is a key's value is
                                // followed: the items of an array in an
                                // array are not looked for.
                                list: path
                                    .filter(|_| {
                                        matches!(self.open.last(), Some(Open::Object { .. }))
                                    })
                                    .map(|path| {
                                        let at = self.lists.len();
                                        self.by_path.entry(path.clone()).or_insert(at);
                                        self.lists.push((path, Vec::new()));
                                        at
                                    }),
                                item_due: true,
                            },
                        };
                        self.open.push(open);
                    }
                    self.depth += 1;
                }
                b'}' | b']' => {
                    if self.depth > 0 && self.open.len() == self.depth {
                        self.open.pop();
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                _ => {}
            }
        }
    }

    /// The line item `index` (from 0) of the list at `path` starts on.
    pub fn item_line(&self, path: &str, index: usize) -> Option<usize> {
        let list = self.by_path.get(path)?;
        self.lists[*list].1.get(index).copied()
    }

    /// The paths of the lists opened, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.lists.iter().map(|(k, _)| k.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wrapped list opens only over many lines: a JSON-lines record whose
    /// first key is a list of objects is a record, not a wrapper.
    #[test]
    fn a_wrapped_list_opens_only_when_its_records_follow() {
        for opens in [
            r#"{"Records": ["#,
            r#"{"Records": [{"#,
            r#"  {"log_entries":["#,
        ] {
            assert!(opens_wrapped(opens), "{opens}");
        }
        for not in [
            r#"{"Records": [{"a": 1}]}"#,
            r#"{"items": [{"id": 1}], "msg": "x"}"#,
            r#"{"Records": []}"#,
            r#"{"a\"b": ["#,
            "[",
            "{",
        ] {
            assert!(!opens_wrapped(not), "{not}");
        }
        let mut split = Splitter::wrapped();
        let mut out = Vec::new();
        for (n, line) in [r#"{"Records": ["#, r#"{"a": 1},"#, r#"{"b": [2, 3]}"#, "]}"]
            .iter()
            .enumerate()
        {
            split.line(n + 1, line, &mut out).unwrap();
        }
        let texts: Vec<&str> = out.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, [r#"{"a": 1}"#, r#"{"b": [2, 3]}"#]);
        assert_eq!(split.line(5, "}", &mut out), Err(SplitError::AfterEnd(5)));
    }

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
    fn the_items_of_an_objects_lists_are_found_by_their_lines() {
        let text = [
            "{",
            r#"  "apiVersion": "v1","#,
            r#"  "note": "a \"[list]\", not one","#,
            r#"  "items": ["#,
            "    {",
            r#"      "metadata": {"a": [1, 2]},"#,
            r#"      "message": "x, ]""#,
            "    },",
            r#"    {"b": 2}, {"c": 3},"#,
            "    7",
            "  ],",
            r#"  "meta": {"data": [1]},"#,
            r#"  "data": [], "kind": "List""#,
            "}",
        ];
        let mut doc = Document::new(10);
        let mut closed = Vec::new();
        for line in text {
            closed.push(doc.line(line).unwrap());
        }
        assert_eq!(closed.iter().filter(|c| **c).count(), 1);
        assert!(closed[closed.len() - 1]);
        let lines: Vec<Option<usize>> = (0..5).map(|i| doc.lists.item_line("items", i)).collect();
        assert_eq!(lines, [Some(14), Some(18), Some(18), Some(19), None]);
        assert_eq!(
            doc.lists.keys().collect::<Vec<_>>(),
            ["items", "items.0.metadata.a", "meta.data", "data"]
        );
        assert_eq!(doc.lists.item_line("items.0.metadata.a", 1), Some(15));
        assert_eq!(doc.lists.item_line("meta.data", 0), Some(21));
        assert_eq!(doc.lists.item_line("data", 0), None);
        assert_eq!(doc.lists.item_line("meta", 0), None);
    }

    /// Lists inside nested objects and inside the items of lists are found
    /// by their paths (a Loki response's `data.result.N.values`); the items
    /// of an array in an array, and lists nested deeper, are not followed.
    #[test]
    fn nested_lists_are_found_by_their_paths() {
        let text = [
            "{",
            r#"  "status": "success","#,
            r#"  "data": {"#,
            r#"    "resultType": "streams","#,
            r#"    "result": ["#,
            r#"      {"#,
            r#"        "stream": {"app": "a"},"#,
            r#"        "values": ["#,
            r#"          ["#,
            r#"            "1795684200000000000","#,
            r#"            "line [one], {x}""#,
            r#"          ],"#,
            r#"          ["1795684201000000000", "two"]"#,
            r#"        ]"#,
            r#"      },"#,
            r#"      {"stream": {}, "values": [["1", "three"]], "deep": {"x": [1]}}"#,
            r#"    ],"#,
            r#"    "stats": {"summary": {"bytes": 1}}"#,
            r#"  }"#,
            "}",
        ];
        let mut doc = Document::new(1);
        let closed: Vec<bool> = text.iter().map(|l| doc.line(l).unwrap()).collect();
        assert_eq!(closed.iter().filter(|c| **c).count(), 1);
        assert_eq!(doc.lists.item_line("data.result", 0), Some(6));
        assert_eq!(doc.lists.item_line("data.result", 1), Some(16));
        let values: Vec<Option<usize>> = (0..3)
            .map(|i| doc.lists.item_line("data.result.0.values", i))
            .collect();
        assert_eq!(values, [Some(9), Some(13), None]);
        assert_eq!(doc.lists.item_line("data.result.1.values", 0), Some(16));
        assert_eq!(
            doc.lists.keys().collect::<Vec<_>>(),
            [
                "data.result",
                "data.result.0.values",
                "data.result.1.values"
            ]
        );
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
