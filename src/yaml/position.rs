//! Lines and columns of a text, the one way pm counts them.
//!
//! A line ends at LF, at CR LF, or at a lone CR (an old Mac OS line
//! break), as YAML and its parsers read them: a file whose every line ends
//! in a CR is a post-mortem pm reads and writes, and a position in it is
//! the one the parser gives and an editor shows. Lines and columns are
//! 1-based; a column counts characters (not bytes) from the line's start.
//!
//! Every position pm reports (lint findings, YAML errors, the lines named
//! by refusals) comes from [`line_col`] or, where many positions in one
//! text are asked for, from the same count over [`line_starts`].

/// Byte offsets where each line after the first starts: just after an LF,
/// after the LF of a CR LF, or after a lone CR.
fn breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(move |&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .map(|i| i + 1)
}

/// Where every line of `text` starts, the first at 0: for [`position`],
/// [`line`] and [`offset_of`] when many positions in one text are needed.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(breaks(text)).collect()
}

/// The 1-based line and column (in characters) of byte `byte` of `text`;
/// past the end is the end, and inside a character is that character.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let byte = char_start(text, byte);
    let (line, start) = breaks(text)
        .take_while(|&start| start <= byte)
        .fold((1, 0), |(line, _), start| (line + 1, start));
    (line, column(text, start, byte))
}

/// [`line_col`] by the [`line_starts`] of `text`: a binary search, for
/// callers that ask for many positions.
pub fn position(text: &str, starts: &[usize], byte: usize) -> (usize, usize) {
    let byte = char_start(text, byte);
    let line = starts.partition_point(|&s| s <= byte).max(1);
    let start = starts.get(line - 1).copied().unwrap_or(0);
    (line, column(text, start, byte))
}

/// Line `line` (1-based) of `text` without its line break, by the
/// [`line_starts`] of `text`; empty past the last line.
pub fn line<'t>(text: &'t str, starts: &[usize], line: usize) -> &'t str {
    let Some(&start) = line.checked_sub(1).and_then(|i| starts.get(i)) else {
        return "";
    };
    let end = starts.get(line).copied().unwrap_or(text.len());
    without_break(&text[start..end])
}

/// The lines of `text`, each with its line break (as
/// `str::split_inclusive('\n')` gives them where every line ends in LF).
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut from = 0;
    breaks(text)
        .chain(std::iter::once(text.len()))
        .filter_map(move |end| {
            let line = &text[from..end];
            from = end;
            (!line.is_empty()).then_some(line)
        })
}

/// The lines of `text` without their line breaks (as `str::lines` gives
/// them where no line ends in a lone CR).
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    lines_inclusive(text).map(without_break)
}

/// A line without the LF, CR LF or CR that ends it.
pub fn without_break(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Whether `text` breaks its lines with a lone CR only (old Mac OS line
/// ends; a CR among LF ones is refused by every reader). pm edits and
/// merges such a text as the same text with LF line ends, byte for byte,
/// so every offset, line and column stays, and writes it back with CRs.
pub fn cr_only(text: &str) -> bool {
    text.contains('\r') && !text.contains('\n')
}

/// The byte offset of a 1-based line and column (in characters), the
/// inverse of [`line_col`]; the end of the text for a line past it.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = match line.checked_sub(1) {
        None | Some(0) => 0,
        Some(n) => breaks(text).nth(n - 1).unwrap_or(text.len()),
    };
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The start of the character `byte` falls in (the end of `text` past it).
fn char_start(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// The 1-based column of `byte` on the line that starts at `start`.
fn column(text: &str, start: usize, byte: usize) -> usize {
    text.get(start..byte).map_or(0, |t| t.chars().count()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with CR line ends is the same file with LF ones, position
    /// for position, and so is one with CR LF ends, line for line.
    #[test]
    fn lf_crlf_and_cr_count_alike() {
        let lf = "a: 1\nb: é x\n\nc: |\n  text\n";
        let cr = lf.replace('\n', "\r");
        for byte in 0..=lf.len() {
            if lf.is_char_boundary(byte) {
                assert_eq!(line_col(lf, byte), line_col(&cr, byte), "{byte}");
            }
        }
        let crlf = lf.replace('\n', "\r\n");
        let at = |t: &str, needle: &str| line_col(t, t.find(needle).unwrap());
        for needle in ["a:", "é", "x", "c:", "text"] {
            assert_eq!(at(lf, needle), at(&crlf, needle), "{needle}");
            assert_eq!(at(lf, needle), at(&cr, needle), "{needle}");
        }
        assert_eq!(at(lf, "x"), (2, 6));
        // The LF of a CR LF is on the line the CR ends.
        assert_eq!(line_col(&crlf, crlf.find("\r\n").unwrap() + 1), (1, 6));
    }

    /// The indexed position is [`line_col`], everywhere in the text.
    #[test]
    fn position_by_line_starts_is_line_col() {
        for text in [
            "",
            "one",
            "one\n",
            "a\r\nb\rc\n\r\n\rü",
            "é\nü\r\n",
            "\r\r\n\n",
        ] {
            let starts = line_starts(text);
            for byte in 0..=text.len() + 2 {
                assert_eq!(
                    position(text, &starts, byte),
                    line_col(text, byte),
                    "{text:?} {byte}"
                );
            }
        }
    }

    /// Lines by their starts, the lines of [`lines`], and [`offset_of`]
    /// going back from a position, agree.
    #[test]
    fn lines_and_offsets_agree() {
        for text in ["", "one", "one\ntwo\n", "a\r\nb\rc\n\r\n\rü", "é\nü\r\n\n"] {
            let starts = line_starts(text);
            let all: Vec<&str> = lines(text).collect();
            for (i, l) in all.iter().enumerate() {
                assert_eq!(line(text, &starts, i + 1), *l, "{text:?}");
            }
            assert_eq!(line(text, &starts, all.len() + 2), "");
            assert_eq!(lines_inclusive(text).collect::<String>(), text);
            for (byte, _) in text.char_indices() {
                let (l, c) = line_col(text, byte);
                if !matches!(text.as_bytes()[byte], b'\r' | b'\n') {
                    assert_eq!(offset_of(text, l, c), byte, "{text:?} {byte}");
                }
            }
        }
        // Where every line ends in LF, as `str::lines` gives them.
        let text = "one\ntwo\r\n\nthree";
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            text.lines().collect::<Vec<_>>()
        );
    }
}
