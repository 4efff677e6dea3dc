//! Writing to the terminal and to CI logs: the one place where text from
//! people and files is made safe to print, colour, tables, errors, a
//! broken pipe.
//!
//! Everything pm prints from user text (titles, timeline text, owners,
//! file names, lint source lines, values quoted in errors) may hold
//! terminal escapes (ANSI colours, OSC 8 links, cursor moves), bidi
//! overrides, stray carriage returns and line breaks, or CI workflow
//! commands (`::error ...` at the start of a line on GitHub Actions,
//! `##[...]` and `##vso[...]` anywhere). Commands pass such text through
//! [`line`] (one line: breaks become spaces) or [`block`] (line breaks
//! kept) before formatting it, file names through [`name`] (which also
//! spells out characters that draw nothing); tables do it for every cell. What reaches
//! [`emit`] is checked again: without colour every control character left
//! is replaced, and with or without colour a workflow command is defused.

mod escape;
mod json_stream;
mod refs;
mod table;

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use crate::error::UserError;

use escape::defuse_ci;
pub use escape::{
    arg_word, block, bytes_text, defuse_hash_commands, gitignore_folder, is_bidi_control,
    is_bidi_override, json_safe, line, name, name_apart, name_bytes, shell_word, starts_ci_command,
    stored, subject, unspell,
};
pub use refs::{Short, ShortIds};
pub use table::{Cell, Column, Fit, fit_ids, render_table, text_width, truncate, wrap, wrap_lines};

/// What [`emit`] writes: without colour nothing but text can pass (every
/// control character left is replaced); with colour, pm's own escapes
/// stay and user text was made safe where it was formatted. Workflow
/// commands are defused either way.
fn safe_output(text: &str) -> Cow<'_, str> {
    let text = if color_stdout() {
        Cow::Borrowed(text)
    } else {
        block(text)
    };
    match defuse_ci(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

/// [`emit`] a piece at a time, for output too long to hold as one string
/// (`pm lint` over a whole repository): each piece is made safe as `emit`
/// makes its text, and written through one buffer. A piece ends at a line
/// break, since workflow commands are found line by line.
pub struct Emitter {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
}

impl Emitter {
    /// An emitter to standard output.
    pub fn stdout() -> Emitter {
        Emitter {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
        }
    }

    /// Write one piece (ending at a line break).
    pub fn text(&mut self, piece: &str) {
        if let Err(err) = self.out.write_all(safe_output(piece).as_bytes()) {
            stdout_failed(err);
        }
    }

    /// Write what is still buffered.
    pub fn finish(mut self) {
        if let Err(err) = self.out.flush() {
            stdout_failed(err);
        }
    }
}

/// Text in a format of its own (iCalendar) with every workflow command
/// defused, and nothing else changed: a line whose first visible
/// characters are `::`, and `##[` or `##vso[` anywhere, get a zero-width
/// space after their first character. For text written verbatim (with
/// [`emit_raw`] or to a file) that a CI log may still show.
pub fn ci_safe(text: &str) -> Cow<'_, str> {
    defuse_ci(text)
}

/// "1 day", "3 days": a count and its word, plural with an s. The one
/// place pm agrees a number with its noun.
pub fn count(n: impl Into<i128>, word: &str) -> String {
    let n = n.into();
    format!("{n} {word}{}", plural_s(n))
}

/// [`count`] for a noun whose plural is not an added s: "1 entry",
/// "2 entries".
pub fn count_as(n: impl Into<i128>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The "s" of a plural noun after `n`, or nothing after 1.
pub fn plural_s(n: impl Into<i128>) -> &'static str {
    if n.into() == 1 { "" } else { "s" }
}

/// Print human-readable text to stdout, made safe (see [`safe_output`]).
/// A closed pipe (`pm list | head`) is not an error: the reader has what
/// it wanted, so pm exits quietly with success.
pub fn emit(text: &str) {
    emit_raw(&safe_output(text));
}

/// What this run has already done that a failed write to standard output
/// cannot undo: nothing yet (0), [`WRITTEN`] or [`CHANGED`]. The larger
/// wins: a change to the repository is said over files written. One flag
/// for both, so that a failed stdout is handled one way, only the words
/// differ ([`done_words`]).
static DONE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Files the person asked for were written (`mark_written`).
const WRITTEN: u8 = 1;
/// The repository was changed (`mark_changed`).
const CHANGED: u8 = 2;

fn mark_done(level: u8) {
    DONE.fetch_max(level, std::sync::atomic::Ordering::Relaxed);
}

/// How the warning about a failed stdout says what was done, if anything.
fn done_words() -> Option<&'static str> {
    match DONE.load(std::sync::atomic::Ordering::Relaxed) {
        CHANGED => Some("the change itself was made"),
        WRITTEN => Some("the files themselves were written"),
        _ => None,
    }
}

/// Record that this run changed the repository (the store calls it once a
/// change is written and committed): output that fails after that cannot
/// turn it into "nothing was changed".
pub fn mark_changed() {
    mark_done(CHANGED);
}

/// Record that this run wrote files the person asked for (`pm site`,
/// `--ics FILE`, `-o FILE`, `pm man --out`): a failed summary line on
/// standard output does not undo them, so it is a warning, not an error.
pub fn mark_written() {
    mark_done(WRITTEN);
}

/// Print text exactly as given: machine formats that escape for themselves
/// (JSON, SARIF, GitHub annotations) and shell completion scripts.
///
/// A closed pipe (`pm list | head`) is not an error: the reader has what it
/// wanted, so pm exits quietly with success. Any other failure (a full
/// disk, `> /dev/full`) is: exit 2 with a message, unless this run already
/// changed the repository, which is then said.
pub fn emit_raw(text: &str) {
    let mut out = std::io::stdout().lock();
    let result = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    if let Err(err) = result {
        stdout_failed(err);
    }
}

/// Standard output could not be written: a closed pipe ends pm quietly,
/// anything else is an error (or a warning once a change was made).
fn stdout_failed(err: std::io::Error) {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    if let Some(words) = done_words() {
        write_stderr(&format!(
            "warning: cannot write to standard output: {err} ({words})"
        ));
        std::process::exit(0);
    }
    write_stderr(&format!("error: cannot write to standard output: {err}"));
    std::process::exit(2);
}

/// A line on stderr, and nothing more when stderr cannot take it (a closed
/// pipe, `2>/dev/full`): pm still ends with the exit code it meant, never
/// with a panic (which `eprintln!` would be).
fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}").and_then(|_| err.flush());
}

/// `emit` with a line break.
pub fn emitln(text: &str) {
    if text.ends_with('\n') {
        emit(text);
    } else {
        emit(&format!("{text}\n"));
    }
}

/// A note for the person on stderr (which commit, which file); scripts
/// read stdout. One line, made safe: notes quote file names and values.
pub fn note(text: &str) {
    write_stderr(&defuse_ci(&line(text)));
}

/// Text of several lines for stderr (a usage error from clap), each line
/// made safe.
pub fn print_lines_stderr(text: &str) {
    let lines: Vec<Cow<str>> = text.trim_end().split('\n').map(line).collect();
    write_stderr(&defuse_ci(&lines.join("\n")));
}

/// `error: message` then the hints and causes, indented. Messages quote
/// what was typed and what files hold: each is made one safe line before
/// the label is coloured, so a value with a line break cannot start a
/// line of its own.
pub fn print_error(err: &anyhow::Error) {
    let label = if color_stderr() {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    let mut lines = Vec::new();
    let mut first = true;
    for cause in err.chain() {
        if let Some(user) = cause.downcast_ref::<UserError>() {
            let lead = if first { "" } else { "  " };
            lines.push(format!("{lead}{}", line(&user.message)));
            lines.extend(user.hints.iter().map(|h| format!("  {}", line(h))));
        } else if first {
            lines.push(line(&cause.to_string()).into_owned());
        } else {
            lines.push(format!("  caused by: {}", line(&cause.to_string())));
        }
        first = false;
    }
    let text = defuse_ci(&lines.join("\n")).into_owned();
    write_stderr(&format!("{label}: {text}"));
}

fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

/// Colour on stdout only for a terminal (or with `CLICOLOR_FORCE` set),
/// and never with `NO_COLOR`.
pub fn color_stdout() -> bool {
    !no_color_env() && (force_color() || std::io::stdout().is_terminal())
}

/// `CLICOLOR_FORCE=1`: colour even when piped (to a pager that shows it).
fn force_color() -> bool {
    std::env::var("CLICOLOR_FORCE").is_ok_and(|v| !v.is_empty() && v != "0")
}

pub fn color_stderr() -> bool {
    !no_color_env() && std::io::stderr().is_terminal()
}

/// The width to lay tables out for: `COLUMNS` when set (tests fix it),
/// else the terminal's, else 80.
pub fn width() -> u16 {
    if let Some(cols) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
    {
        return cols.max(40);
    }
    if std::io::stdout().is_terminal()
        && let Some((w, _)) = terminal_size()
    {
        return w;
    }
    80
}

fn terminal_size() -> Option<(u16, u16)> {
    // comfy-table asks the terminal for its size.
    comfy_table::Table::new().width().map(|w| (w, 0))
}

/// Wrap `text` in an ANSI style when colour is on.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match style {
        Style::Red => "31",
        Style::Yellow => "33",
        Style::Bold => "1",
        Style::Dim => "2",
        Style::Cyan => "36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Red,
    Yellow,
    Bold,
    Dim,
    Cyan,
}

/// Pretty JSON with a final newline, for `--json`, made safe like
/// [`json_safe`] and written as it is made (see `json_stream.rs`).
pub fn emit_json<T: serde::Serialize>(value: &T) {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = json_stream::write(&mut out, value).and_then(|_| out.flush());
    if let Err(err) = result {
        stdout_failed(err);
    }
}
