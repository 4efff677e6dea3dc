//! `--json` output written as it is serialised, made safe as it goes.
//!
//! `pm due --json` prints megabytes at 10,000 post-mortems; building the
//! whole text, escaping it and then writing it cost a copy of each and a
//! peak of memory for each. Here serde_json writes through a buffer, and
//! every piece of string content passes through [`json_safe`] on its way:
//! serde_json splits strings only where it writes an escape of its own, so
//! the pieces are the same runs of text `json_safe` would see in the whole
//! document, and the bytes written are the same.

use std::io::{self, Write};

use serde_json::ser::{Formatter, PrettyFormatter};

use super::json_safe;

/// serde_json's pretty layout, with string content made safe.
struct Safe<'a>(PrettyFormatter<'a>);

impl Formatter for Safe<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Most text has nothing json_safe would change: no `#`, nothing
        // outside ASCII; one pass over the bytes tells.
        if fragment.bytes().all(|b| b != b'#' && b < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        writer.write_all(json_safe(fragment).as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// Pretty, safe JSON of `value` and a line break, to `out`.
pub fn write<T: serde::Serialize, W: Write>(out: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::from)?;
    ser.into_inner().write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_as_escaping_the_whole_text() {
        let values = serde_json::json!({
            "plain": "text",
            "controls": "a\u{7f}b\u{85}c\u{2028}d\u{202e}e\u{1b}[31m\n\t\"q\"",
            "ci": ["##[error]x", "##vso[task.x]", "a##\n[b", "##", "[x"],
            "nested": {"k": [1, 2.5, null, true, "é"]},
            "##[key": "v",
        });
        let mut out = Vec::new();
        write(&mut out, &values).unwrap();
        let whole = serde_json::to_string_pretty(&values).unwrap();
        let expected = format!("{}\n", json_safe(&whole));
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
