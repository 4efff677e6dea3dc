//! Writing to the terminal: errors, colour, tables, a broken pipe.

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};

use crate::error::UserError;

/// Print text to stdout. A closed pipe (`pm list | head`) is not an error:
/// the reader has what it wanted, so pm exits quietly with success.
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let result = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    if let Err(err) = result
        && err.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// User text made safe for a terminal and a CI log: control characters
/// (escape sequences, carriage returns, bells) are shown as `\u{..}`.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
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
/// read stdout.
pub fn note(text: &str) {
    eprintln!("{text}");
}

/// `error: message` then the hints and causes, indented.
pub fn print_error(err: &anyhow::Error) {
    let color = color_stderr();
    let label = if color {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    let mut lines = Vec::new();
    let mut first = true;
    for cause in err.chain() {
        if let Some(user) = cause.downcast_ref::<UserError>() {
            if first {
                lines.push(format!("{label}: {}", user.message));
            } else {
                lines.push(format!("  {}", user.message));
            }
            lines.extend(user.hints.iter().map(|h| format!("  {h}")));
        } else if first {
            lines.push(format!("{label}: {cause}"));
        } else {
            lines.push(format!("  caused by: {cause}"));
        }
        first = false;
    }
    eprintln!("{}", lines.join("\n"));
}

fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

/// Colour on stdout only for a terminal, and never with `NO_COLOR`.
pub fn color_stdout() -> bool {
    !no_color_env() && std::io::stdout().is_terminal()
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
    Table::new().width().map(|w| (w, 0))
}

/// Header, a rule under it, rows: quiet enough to read at a glance.
const TABLE_STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

/// A table that fits `width()` columns. Every column keeps its cells whole
/// (ids, dates, counts) except `wrap_col`, whose text is wrapped at spaces
/// into the room that is left; a word is never cut.
///
/// comfy-table draws it; pm decides the widths itself, because comfy-table's
/// dynamic arrangement cuts long ids mid-word.
pub fn render_table(header: &[&str], rows: &[Vec<String>], wrap_col: usize) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            let w = cell.lines().map(visible_width).max().unwrap_or(0);
            widths[i] = widths[i].max(w);
        }
    }
    // Each column has one space of padding on either side.
    let fixed: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != wrap_col)
        .map(|(_, w)| w + 2)
        .sum();
    // comfy-table puts one separator column between columns.
    let room = usize::from(width())
        .saturating_sub(fixed + 2 + n.saturating_sub(1))
        .max(12);
    widths[wrap_col] = widths[wrap_col].min(room);

    let mut table = Table::new();
    table
        .load_style(TABLE_STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    if !color_stdout() {
        table.force_no_tty();
    }
    for row in rows {
        let mut cells = row.clone();
        if let Some(cell) = cells.get_mut(wrap_col) {
            *cell = wrap(cell, widths[wrap_col]).join("\n");
        }
        table.add_row(cells);
    }
    for (i, w) in widths.iter().enumerate() {
        if let Some(col) = table.column_mut(i) {
            col.set_constraint(comfy_table::ColumnConstraint::Absolute(
                comfy_table::Width::Fixed((*w + 2) as u16),
            ));
        }
    }
    table.to_string()
}

/// Width of text on screen, ignoring ANSI colour codes.
fn visible_width(text: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

/// Greedy word wrap; a word longer than the width stands alone on its line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
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

#[derive(Debug, Clone, Copy)]
pub enum Style {
    Red,
    Yellow,
    Bold,
    Dim,
    Cyan,
}

/// Pretty JSON with a final newline, for `--json`.
pub fn emit_json<T: serde::Serialize>(value: &T) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    emitln(&text);
}
