//! The merged file is assembled from the sides' own text: whole lines cut
//! at node spans, moved sideways when the two sides indent differently,
//! and a little glue. Nothing is re-serialised, so each side's quoting,
//! comments and block scalars survive where its text is kept.

use std::collections::HashMap;

use crate::edit::{line_end, line_start};

/// Part of the merged text.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Text copied as is (the `  - ` before an item's first key, a key line).
    Raw(String),
    /// Whole lines. Where the output is in the middle of a line (right
    /// after `- `), the first line's indentation is dropped, since the
    /// dash already stands in that place.
    Lines(String),
    /// Both sides changed the same thing differently.
    Conflict {
        ours: String,
        theirs: String,
        /// Markers made by a line merge, narrower than the whole value.
        marked: Option<String>,
    },
}

/// How conflicts are written, and which side holds the local work.
#[derive(Debug, Clone)]
pub struct Markers {
    pub size: usize,
    pub ours: String,
    pub theirs: String,
    /// Their side is the clone's own unpushed work and ours the upstream
    /// (pm sync's replays and merges, the driver under `PM_MERGE_SWAP`):
    /// an item renumbered only on their side, by an earlier local merge,
    /// keeps the id the upstream knows.
    pub theirs_is_local: bool,
    /// Action items a merge commit in a side's own history renumbered:
    /// base id → that side's id (see `history.rs`), for ours and theirs.
    pub ours_ids: HashMap<String, String>,
    pub theirs_ids: HashMap<String, String>,
    /// A merge of two branches (`git pull`, `git merge`: the driver found
    /// the merged commit), ours being the branch merged into: an action
    /// item our side renumbered itself to an id their side gave a new item
    /// takes the next free id, rather than their new item (see
    /// `engine::Yielded`).
    pub merge_of_branches: bool,
}

impl Default for Markers {
    fn default() -> Self {
        Markers {
            size: 7,
            ours: "ours".into(),
            theirs: "theirs".into(),
            theirs_is_local: false,
            ours_ids: HashMap::new(),
            theirs_ids: HashMap::new(),
            merge_of_branches: false,
        }
    }
}

#[derive(Debug, Default)]
pub struct Out {
    pub pieces: Vec<Piece>,
}

impl Out {
    pub fn raw(&mut self, text: &str) {
        if !text.is_empty() {
            self.pieces.push(Piece::Raw(text.to_string()));
        }
    }

    pub fn lines(&mut self, text: String) {
        if !text.is_empty() {
            self.pieces.push(Piece::Lines(text));
        }
    }

    /// A conflict between two runs of whole lines. Lines both sides share
    /// at the start and at the end are kept outside the markers, so the
    /// markers surround the smallest region.
    pub fn conflict(&mut self, ours: String, theirs: String) {
        let o: Vec<&str> = ours.split_inclusive('\n').collect();
        let t: Vec<&str> = theirs.split_inclusive('\n').collect();
        let mut head = 0;
        while head < o.len() && head < t.len() && o[head] == t[head] {
            head += 1;
        }
        let mut tail = 0;
        while tail < o.len() - head
            && tail < t.len() - head
            && o[o.len() - 1 - tail] == t[t.len() - 1 - tail]
        {
            tail += 1;
        }
        self.lines(o[..head].concat());
        let (om, tm) = (
            o[head..o.len() - tail].concat(),
            t[head..t.len() - tail].concat(),
        );
        if om != tm {
            self.pieces.push(Piece::Conflict {
                ours: om,
                theirs: tm,
                marked: None,
            });
        }
        self.lines(o[o.len() - tail..].concat());
    }

    pub fn conflict_marked(&mut self, ours: String, theirs: String, marked: String) {
        self.pieces.push(Piece::Conflict {
            ours,
            theirs,
            marked: Some(marked),
        });
    }

    /// The comment lines the text so far ends with that describe the item
    /// that comes next in a list with dashes at `dash` (`is_comment_line`),
    /// taken out of it: whole lines, in order. None when the text so far
    /// does not end in whole lines (a conflict).
    pub fn take_trailing_comments(&mut self, dash: usize) -> Vec<String> {
        // A piece of lines right after a `- ` starts in the middle of a line.
        let n = self.pieces.len();
        let mid_line =
            n >= 2 && matches!(&self.pieces[n - 2], Piece::Raw(raw) if !raw.ends_with('\n'));
        let Some(Piece::Lines(text)) = self.pieces.last_mut() else {
            return Vec::new();
        };
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        if lines.last().is_some_and(|l| !l.ends_with('\n')) {
            return Vec::new();
        }
        let first = lines
            .iter()
            .rposition(|l| !is_comment_line(l, dash))
            .map_or(0, |i| i + 1);
        if first == lines.len() || first == 0 && mid_line {
            return Vec::new();
        }
        let taken = lines[first..].iter().map(|l| l.to_string()).collect();
        *text = lines[..first].concat();
        if text.is_empty() {
            self.pieces.pop();
        }
        taken
    }

    pub fn append(&mut self, other: Out) {
        self.pieces.extend(other.pieces);
    }

    pub fn has_conflicts(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Conflict { .. }))
    }
}

/// A line that holds only a comment, indented like a list's dashes at
/// `dash`: directly above an item, such lines describe it (deeper ones are
/// inside the item before), as `pm`'s own edits take them (`edit.rs`).
pub fn is_comment_line(line: &str, dash: usize) -> bool {
    let text = line.trim_start_matches(' ');
    text.starts_with('#') && line.len() - text.len() == dash
}

/// The comment lines directly above the line that starts at `at`, that
/// describe the item there (`is_comment_line`), without their indentation.
pub fn comments_above(text: &str, at: usize, dash: usize) -> Vec<&str> {
    let mut above: Vec<&str> = text[..at]
        .split_inclusive('\n')
        .rev()
        .take_while(|l| is_comment_line(l, dash))
        .map(str::trim)
        .collect();
    above.reverse();
    above
}

/// The text of the pieces: with conflict markers, or (to check the result)
/// with every conflict resolved to our side.
pub fn flatten(pieces: &[Piece], markers: Option<&Markers>) -> String {
    let mut buf = String::new();
    for piece in pieces {
        match piece {
            Piece::Raw(text) => buf.push_str(text),
            Piece::Lines(text) => {
                if at_line_start(&buf) {
                    buf.push_str(text);
                } else {
                    buf.push_str(text.trim_start_matches(' '));
                }
            }
            Piece::Conflict {
                ours,
                theirs,
                marked,
            } => {
                // A conflict in the middle of a line (the first key of a
                // list item) takes the line's start into both sides, so
                // that the markers stand at the start of lines.
                let prefix = if at_line_start(&buf) {
                    String::new()
                } else {
                    let start = buf.rfind('\n').map_or(0, |p| p + 1);
                    let prefix = buf[start..].to_string();
                    buf.truncate(start);
                    prefix
                };
                let side = |text: &str| -> String {
                    let mut s = if prefix.is_empty() {
                        text.to_string()
                    } else {
                        format!("{prefix}{}", text.trim_start_matches(' '))
                    };
                    if !s.is_empty() && !s.ends_with('\n') {
                        s.push('\n');
                    }
                    s
                };
                match markers {
                    None => buf.push_str(&side(ours)),
                    Some(m) => match marked {
                        Some(marked) if prefix.is_empty() => buf.push_str(marked),
                        _ => {
                            buf.push_str(&format!("{} {}\n", "<".repeat(m.size), m.ours));
                            buf.push_str(&side(ours));
                            buf.push_str(&"=".repeat(m.size));
                            buf.push('\n');
                            buf.push_str(&side(theirs));
                            buf.push_str(&format!("{} {}\n", ">".repeat(m.size), m.theirs));
                        }
                    },
                }
            }
        }
    }
    buf
}

fn at_line_start(buf: &str) -> bool {
    buf.is_empty() || buf.ends_with('\n')
}

/// Whole lines of `text[start..end]`, moved `delta` columns (right when
/// positive). A first line that begins after other text on its line (the
/// `- ` of a list item) gets spaces in place of that text. The result ends
/// with a line break. None when a line has too little indentation to move
/// left.
pub fn lines_of(text: &str, start: usize, end: usize, delta: isize) -> Option<String> {
    if start >= end {
        return Some(String::new());
    }
    let ls = line_start(text, start);
    let mut out = String::with_capacity(end - start + 16);
    let mut first = true;
    for line in text[start..end].split_inclusive('\n') {
        let virtual_pad = if first { start - ls } else { 0 };
        first = false;
        shift_line(line, virtual_pad, delta, &mut out)?;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

fn shift_line(line: &str, pad: usize, delta: isize, out: &mut String) -> Option<()> {
    let body = line.trim_end_matches('\n');
    if body.trim().is_empty() && pad == 0 {
        // Blank lines carry no indentation worth keeping.
        out.push_str(line);
        return Some(());
    }
    let lead = body.len() - body.trim_start_matches(' ').len();
    let indent = (pad + lead) as isize + delta;
    if indent < 0 {
        return None;
    }
    out.push_str(&" ".repeat(indent as usize));
    out.push_str(&line[lead..]);
    Some(())
}

/// Where the lines after a node's last line begin (see `edit::after_node`),
/// and how many bytes a text has up to there.
pub fn next_line(text: &str, pos: usize) -> usize {
    if pos >= text.len() {
        text.len()
    } else {
        line_end(text, pos)
    }
}

/// The indentation of the line holding `pos`.
pub fn indent_at(text: &str, pos: usize) -> usize {
    let ls = line_start(text, pos);
    text[ls..].len() - text[ls..].trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_moved_and_dash_prefix_becomes_spaces() {
        let text = "x:\n  - at: a\n    text: |\n      hi\n\n      there\n";
        let start = text.find("at:").unwrap();
        let got = lines_of(text, start, text.len(), 2).unwrap();
        assert_eq!(
            got,
            "      at: a\n      text: |\n        hi\n\n        there\n"
        );
        let got = lines_of(text, start, text.len(), -2).unwrap();
        assert_eq!(got, "  at: a\n  text: |\n    hi\n\n    there\n");
        assert!(lines_of(text, start, text.len(), -5).is_none());
    }

    #[test]
    fn conflicts_keep_shared_lines_outside_markers() {
        let mut out = Out::default();
        out.raw("a: 1\n");
        out.conflict("b: 1\nc: 2\nd: 3\n".into(), "b: 1\nc: 9\nd: 3\n".into());
        let text = flatten(&out.pieces, Some(&Markers::default()));
        assert_eq!(
            text,
            "a: 1\nb: 1\n<<<<<<< ours\nc: 2\n=======\nc: 9\n>>>>>>> theirs\nd: 3\n"
        );
        assert_eq!(flatten(&out.pieces, None), "a: 1\nb: 1\nc: 2\nd: 3\n");
    }

    #[test]
    fn a_conflict_after_a_dash_takes_the_dash_into_both_sides() {
        let mut out = Out::default();
        out.raw("l:\n  - ");
        out.conflict("    at: 1\n".into(), "    at: 2\n".into());
        out.lines("    text: x\n".into());
        let text = flatten(&out.pieces, Some(&Markers::default()));
        assert_eq!(
            text,
            "l:\n<<<<<<< ours\n  - at: 1\n=======\n  - at: 2\n>>>>>>> theirs\n    text: x\n"
        );
    }
}
