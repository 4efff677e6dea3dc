//! Tables that fit the terminal: every cell made safe, colour through
//! comfy-table's styling (so escape codes never count as width), and a
//! layout linear in the size of the text.
//!
//! pm decides the widths itself and hands comfy-table lines that already
//! fit, so comfy-table never has to split anything: its splitting measures
//! the rest of a long word again for every piece, which made a 200 KB title
//! take seconds.

use std::borrow::Cow;

use comfy_table::{Attribute, Color, ContentArrangement, LineStyle, Table, TableStyle};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Short, ShortIds, Style, block, color_stdout, line, width};

/// Header, a rule under it, rows: quiet enough to read at a glance.
const TABLE_STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

/// The narrowest the wrapped column gets, however little room is left.
const MIN_WRAP: usize = 12;

/// The narrowest the other columns get when the table cannot fit otherwise.
const SHRINK_FLOOR: usize = 8;

/// How a column fits its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Kept whole (dates, counts), up to this many columns.
    Whole(usize),
    /// A post-mortem id or an action reference: never cut, so that what is
    /// shown can be typed (shortened only by [`fit_ids`], to forms that
    /// resolve); the other columns give way.
    Id,
    /// Wrapped at spaces into the room the other columns leave, at most this
    /// many lines (`None`: all of it); a word longer than the room is broken.
    /// One line of text (a title): line breaks in it become spaces.
    Wrap(Option<usize>),
    /// The same for text whose line breaks are meant (a timeline entry
    /// holding command output): each line starts a line in the cell.
    Paragraphs,
}

#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub header: &'a str,
    pub fit: Fit,
}

impl<'a> Column<'a> {
    pub fn whole(header: &'a str, max: usize) -> Column<'a> {
        Column {
            header,
            fit: Fit::Whole(max),
        }
    }

    pub fn id(header: &'a str) -> Column<'a> {
        Column {
            header,
            fit: Fit::Id,
        }
    }

    pub fn wrap(header: &'a str, max_lines: Option<usize>) -> Column<'a> {
        Column {
            header,
            fit: Fit::Wrap(max_lines),
        }
    }

    pub fn paragraphs(header: &'a str) -> Column<'a> {
        Column {
            header,
            fit: Fit::Paragraphs,
        }
    }
}

/// A cell: text from anywhere (it is made safe here) and a colour, shown
/// only when colour is on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub style: Option<Style>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: None,
        }
    }

    pub fn styled(mut self, style: Style) -> Cell {
        self.style = Some(style);
        self
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

/// Columns on screen: a CJK character takes two, a combining mark none.
pub fn text_width(text: &str) -> usize {
    // Cells are made safe first, so ASCII here is printable: one column each.
    if text.is_ascii() {
        text.len()
    } else {
        UnicodeWidthStr::width(text)
    }
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` cut to `max` columns, with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max || text_width(text) <= max {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Greedy word wrap to `width` columns, linear in the text: words are
/// kept whole when they fit, and a word longer than the width (a URL, a
/// stack trace) is broken at the width. At most `max_lines` lines, the last
/// ending in `…` when text was left out.
/// Put `c` on the line being built, starting a new line when it would
/// pass `width`; false when that would make more than `limit` lines.
fn put_char(
    lines: &mut Vec<String>,
    cur: &mut String,
    cur_w: &mut usize,
    c: char,
    width: usize,
    limit: usize,
) -> bool {
    let cw = char_width(c);
    if *cur_w > 0 && *cur_w + cw > width {
        lines.push(std::mem::take(cur));
        *cur_w = 0;
        if lines.len() >= limit {
            return false;
        }
    }
    cur.push(c);
    *cur_w += cw;
    true
}

/// A line laid out by spaces rather than written as prose: columns
/// aligned with runs of spaces (`checkout-1  0/1     CrashLoopBackOff`),
/// or an indented line. Two spaces after a sentence's end are typing, not
/// layout.
fn preformatted(line: &str) -> bool {
    let body = line.trim_end();
    if body.starts_with([' ', '\t']) && !body.trim_start().is_empty() {
        return true;
    }
    let bytes = body.as_bytes();
    bytes.windows(3).any(|w| {
        w[1] == b' '
            && w[2] == b' '
            && w[0] != b' '
            && !matches!(w[0], b'.' | b'!' | b'?' | b':' | b';' | b',')
    }) || body.contains('\t')
}

pub fn wrap_lines(text: &str, width: usize, max_lines: Option<usize>) -> Vec<String> {
    let width = width.max(1);
    let limit = max_lines.unwrap_or(usize::MAX).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut more = false;
    'paragraphs: for paragraph in text.split('\n') {
        let mut cur = String::new();
        let mut cur_w = 0;
        // Pasted command output (`NAME   READY   STATUS`) keeps its
        // spacing: cut at the width, not wrapped at words.
        let laid_out = preformatted(paragraph);
        if laid_out {
            for c in paragraph.trim_end().chars() {
                let c = if c == '\t' { ' ' } else { c };
                if !put_char(&mut lines, &mut cur, &mut cur_w, c, width, limit) {
                    more = true;
                    break 'paragraphs;
                }
            }
        }
        for word in paragraph.split_whitespace().filter(|_| !laid_out) {
            if lines.len() >= limit {
                more = true;
                break 'paragraphs;
            }
            let w = text_width(word);
            if cur_w > 0 && cur_w + 1 + w > width {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0;
                if lines.len() >= limit {
                    more = true;
                    break 'paragraphs;
                }
            }
            if cur_w > 0 {
                cur.push(' ');
                cur_w += 1;
            }
            if w <= width {
                cur.push_str(word);
                cur_w += w;
                continue;
            }
            for c in word.chars() {
                if !put_char(&mut lines, &mut cur, &mut cur_w, c, width, limit) {
                    more = true;
                    break 'paragraphs;
                }
            }
        }
        if lines.len() >= limit {
            more = more || !cur.is_empty();
            break;
        }
        lines.push(cur);
    }
    while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if more && let Some(last) = lines.last_mut() {
        let cut = truncate(last, width.saturating_sub(1)).into_owned();
        *last = format!("{}…", cut.trim_end_matches('…'));
    }
    lines
}

/// [`wrap_lines`] without a line limit.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_lines(text, width, None)
}

/// Cells made safe and fitted to their column's limit, and the width
/// each column wants.
struct Prepared {
    cells: Vec<Vec<Cell>>,
    widths: Vec<usize>,
    wrap_col: Option<usize>,
}

fn prepare(columns: &[Column], rows: &[Vec<Cell>]) -> Prepared {
    let n = columns.len();
    let mut widths: Vec<usize> = columns.iter().map(|c| text_width(c.header)).collect();
    let wrap_col = columns
        .iter()
        .position(|c| matches!(c.fit, Fit::Wrap(_) | Fit::Paragraphs));
    let mut cells = Vec::with_capacity(rows.len());
    for row in rows {
        let mut out = Vec::with_capacity(n);
        for (i, column) in columns.iter().enumerate() {
            let cell = row.get(i).cloned().unwrap_or_default();
            let text = match column.fit {
                Fit::Whole(max) => truncate(&line(&cell.text), max).into_owned(),
                Fit::Id => line(&cell.text).into_owned(),
                Fit::Wrap(max_lines) => {
                    let text = line(cell.text.trim()).into_owned();
                    // A few lines of at most a wide terminal each: enough to
                    // lay out, and a 200 KB title costs no more than that.
                    match max_lines {
                        Some(lines) => truncate(&text, lines.saturating_mul(512)).into_owned(),
                        None => text,
                    }
                }
                Fit::Paragraphs => block(cell.text.trim_end()).into_owned(),
            };
            let w = text.split('\n').map(text_width).max().unwrap_or(0);
            widths[i] = widths[i].max(w);
            out.push(Cell {
                text,
                style: cell.style,
            });
        }
        cells.push(out);
    }
    Prepared {
        cells,
        widths,
        wrap_col,
    }
}

/// Columns left for the wrapped column at `total` width, and how many it
/// would use if it had all it wants.
fn room_for(widths: &[usize], wrap_col: Option<usize>, total: usize) -> (usize, usize) {
    let Some(wrap_col) = wrap_col else {
        return (0, 0);
    };
    // Each column has one space of padding on either side, and comfy-table
    // puts one separator column between columns.
    let fixed: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != wrap_col)
        .map(|(_, w)| w + 2)
        .sum();
    let room = total.saturating_sub(fixed + 2 + widths.len().saturating_sub(1));
    (room, widths[wrap_col])
}

/// Show the ids in column `id_col` in the longest form that leaves the
/// wrapping column `want` columns (or all it needs) at the current width:
/// whole ids on a wide terminal, shorter ones (see [`ShortIds`]) when the
/// table would not fit. `rows` come with whole ids; `ids[i]` is row i's
/// post-mortem id and `text(i, shown)` the cell's text with the id shown
/// as `shown` (`shown#A2`). `all` is every id in the repository.
pub fn fit_ids(
    columns: &[Column],
    rows: &mut [Vec<Cell>],
    id_col: usize,
    want: usize,
    all: &[&str],
    ids: &[&str],
    text: impl Fn(usize, &str) -> String,
) {
    let total = usize::from(width());
    let (mut widths, wrap_col) = column_widths(columns, rows);
    let roomy = |widths: &[usize]| {
        let (room, natural) = room_for(widths, wrap_col, total);
        room >= want.min(natural)
    };
    if roomy(&widths) {
        return;
    }
    let header = text_width(columns[id_col].header);
    let short = ShortIds::new(all, ids);
    let mut chosen = Short::Fewest;
    for form in [Short::NoDate, Short::Fewest] {
        widths[id_col] = ids
            .iter()
            .enumerate()
            .map(|(i, id)| text_width(&text(i, short.get(id, form))))
            .max()
            .unwrap_or(0)
            .max(header);
        if roomy(&widths) {
            chosen = form;
            break;
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        if let (Some(cell), Some(id)) = (row.get_mut(id_col), ids.get(i)) {
            cell.text = text(i, short.get(id, chosen));
        }
    }
}

/// The width each column wants (cells as `prepare` would make them,
/// without building them), and which column wraps.
fn column_widths(columns: &[Column], rows: &[Vec<Cell>]) -> (Vec<usize>, Option<usize>) {
    let mut widths: Vec<usize> = columns.iter().map(|c| text_width(c.header)).collect();
    let wrap_col = columns
        .iter()
        .position(|c| matches!(c.fit, Fit::Wrap(_) | Fit::Paragraphs));
    for row in rows {
        for (i, column) in columns.iter().enumerate() {
            let Some(cell) = row.get(i) else { continue };
            let w = match column.fit {
                Fit::Whole(max) => text_width(&line(&cell.text)).min(max),
                Fit::Id => text_width(&line(&cell.text)),
                Fit::Wrap(_) => text_width(&line(cell.text.trim())),
                Fit::Paragraphs => block(cell.text.trim_end())
                    .split('\n')
                    .map(text_width)
                    .max()
                    .unwrap_or(0),
            };
            widths[i] = widths[i].max(w);
        }
    }
    (widths, wrap_col)
}

/// A table that fits `width()` columns: every column keeps its cells
/// whole (cut with `…` past its limit) except the one that wraps into the
/// room that is left.
pub fn render_table(columns: &[Column], rows: &[Vec<Cell>]) -> String {
    let mut p = prepare(columns, rows);
    let total = usize::from(width());
    if let Some(wrap_col) = p.wrap_col {
        // Too narrow even so: the widest other columns give way, cut with
        // `…`, down to SHRINK_FLOOR, so that the table still fits.
        let wanted = p.widths.clone();
        loop {
            let (room, natural) = room_for(&p.widths, p.wrap_col, total);
            if room >= natural.min(MIN_WRAP) {
                break;
            }
            let widest = (0..p.widths.len())
                .filter(|&i| {
                    i != wrap_col && columns[i].fit != Fit::Id && p.widths[i] > SHRINK_FLOOR
                })
                .max_by_key(|&i| p.widths[i]);
            match widest {
                Some(i) => p.widths[i] -= 1,
                None => break,
            }
        }
        for (i, (&now, &was)) in p.widths.iter().zip(&wanted).enumerate() {
            if i != wrap_col && now < was {
                for row in &mut p.cells {
                    row[i].text = truncate(&row[i].text, now).into_owned();
                }
            }
        }
        let (room, natural) = room_for(&p.widths, p.wrap_col, total);
        let w = natural.min(room.max(MIN_WRAP)).max(1);
        p.widths[wrap_col] = w;
        let max_lines = match columns[wrap_col].fit {
            Fit::Wrap(m) => m,
            Fit::Whole(_) | Fit::Id | Fit::Paragraphs => None,
        };
        for row in &mut p.cells {
            let cell = &mut row[wrap_col];
            cell.text = wrap_lines(&cell.text, w, max_lines).join("\n");
        }
    }

    assemble(columns, p, color_stdout(), ROWS_AT_A_TIME)
}

/// Rows drawn by one comfy-table at a time: it keeps several strings per
/// cell while it draws, which for `pm list` at 50,000 post-mortems was
/// 170 MB. With every width fixed, tables of a part of the rows each, the
/// first with the header, draw the same lines.
const ROWS_AT_A_TIME: usize = 2048;

fn assemble(columns: &[Column], p: Prepared, color: bool, at_a_time: usize) -> String {
    let mut out = String::new();
    let mut rows = p.cells.into_iter().peekable();
    let mut first = true;
    while first || rows.peek().is_some() {
        let mut table = Table::new();
        table
            .load_style(TABLE_STYLE)
            .set_content_arrangement(ContentArrangement::Disabled);
        if first {
            table.set_header(columns.iter().map(|c| c.header).collect::<Vec<_>>());
        }
        if color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        for row in rows.by_ref().take(at_a_time) {
            table.add_row(row.into_iter().map(|cell| {
                let mut c = comfy_table::Cell::new(cell.text);
                match cell.style {
                    Some(Style::Red) => c = c.fg(Color::Red),
                    Some(Style::Yellow) => c = c.fg(Color::Yellow),
                    Some(Style::Cyan) => c = c.fg(Color::Cyan),
                    Some(Style::Bold) => c = c.add_attribute(Attribute::Bold),
                    Some(Style::Dim) => c = c.add_attribute(Attribute::Dim),
                    None => {}
                }
                c
            }));
        }
        for (i, w) in p.widths.iter().enumerate() {
            if let Some(col) = table.column_mut(i) {
                col.set_constraint(comfy_table::ColumnConstraint::Absolute(
                    comfy_table::Width::Fixed(u16::try_from(*w + 2).unwrap_or(u16::MAX)),
                ));
            }
        }
        if !first {
            out.push('\n');
        }
        out.push_str(&table.to_string());
        first = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_drawn_in_parts_are_the_same_lines() {
        let columns = [
            Column::whole("ID", 64),
            Column::whole("SEV", 16),
            Column::wrap("TITLE", Some(3)),
        ];
        let rows: Vec<Vec<Cell>> = (0..500)
            .map(|i| {
                let title = "word ".repeat(i % 23) + &"x".repeat(i % 7);
                let mut sev = Cell::new(format!("SEV{}", i % 4));
                if i % 5 == 0 {
                    sev = sev.styled(Style::Red);
                }
                vec![
                    Cell::new(format!("2026-11-{:02}-id-{i}", i % 28)),
                    sev,
                    Cell::new(title),
                ]
            })
            .collect();
        for color in [false, true] {
            let whole = assemble(&columns, prepare(&columns, &rows), color, usize::MAX);
            for at_a_time in [1, 7, 128, 499, 500] {
                let parts = assemble(&columns, prepare(&columns, &rows), color, at_a_time);
                assert_eq!(parts, whole, "{at_a_time} rows at a time, colour {color}");
            }
        }
        let empty = assemble(&columns, prepare(&columns, &[]), false, 7);
        assert_eq!(
            empty,
            assemble(&columns, prepare(&columns, &[]), false, usize::MAX)
        );
    }

    #[test]
    fn wrap_keeps_words_and_breaks_only_what_cannot_fit() {
        assert_eq!(wrap("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            vec!["avery", "veryv", "erylo", "ngwor", "d x"]
        );
        assert_eq!(
            wrap("日本語のタイトル", 6),
            vec!["日本語", "のタイ", "トル"]
        );
        assert_eq!(wrap("one\n\ntwo", 10), vec!["one", "", "two"]);
        assert_eq!(
            wrap_lines("one two three four", 7, Some(2)),
            vec!["one two", "three…"]
        );
    }

    #[test]
    fn truncate_counts_columns() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("日本語です", 5), "日本…");
    }
}
