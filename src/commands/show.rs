//! `pm show ID`: a post-mortem for reading on a terminal.
//!
//! The layout: a header (title, id, severity, status, date, people), then
//! each section under its heading with one blank line between sections.
//! Prose keeps the line breaks its author wrote, and each line is wrapped
//! at word boundaries to the width tables use (`output::width`: `COLUMNS`,
//! else the terminal's, else 80), continuation lines indented under the
//! line's start or its `- ` bullet. Every string from the file is made safe
//! (`output::line` / `output::block`) before it is laid out.

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::ShowArgs;
use crate::clock;
use crate::commands::{Ctx, timeline};
use crate::error::{Exit, UserError};
use crate::model::{self, ActionStatus, Figures, PostMortem};
use crate::output::{self, Style, block, line, paint, text_width};
use crate::yaml;

/// The narrowest a wrapped column gets, however deep its indent.
const MIN_TEXT: usize = 20;

/// The widest a timeline kind is shown, as in `pm timeline list`.
const MAX_KIND: usize = 24;

pub fn run(ctx: &Ctx, args: &ShowArgs) -> Result<Exit> {
    let path = ctx.store.resolve(&args.id)?;
    let loaded = ctx.store.load(&path)?;
    let zone = ctx.store.config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    let pm = &loaded.pm;
    let figures = Figures::from_timeline(&pm.timeline);
    if args.json {
        let doc = yaml::parse_value(&loaded.text).map_err(|err| {
            UserError::new(format!("{}:{err}", ctx.store.shown(&path)))
                .hint(ctx.store.fix_hint(&path))
        })?;
        // Every key the person wrote, but a field pm reads as text is the
        // text every other command (and `--json` output) reads: `title:
        // 2026` is `"2026"`, `text: 4.5e3` is `"4.5e3"`, `.inf` is
        // `".inf"`, never a JSON number (or `null`) YAML's reading would
        // make of it; a null item of a list of text stays null.
        // The span tree gives the text written for a number JSON cannot
        // hold (`.inf`) under a key pm does not read.
        let tree = yaml::parse_tree(&loaded.text).ok();
        let mut json = yaml::to_json_as_read(&doc, &serde_json::to_value(pm)?, tree.as_ref());
        if let Some(obj) = json.as_object_mut() {
            // The id every command takes, as `pm list --json` gives it:
            // the file's name. An `id:` written otherwise (a copied
            // file) is `pm lint`'s id-file-name warning.
            obj.insert("id".into(), pm.id.clone().into());
            obj.insert("file".into(), ctx.store.relative(&path).into());
            obj.insert("figures".into(), serde_json::to_value(&figures)?);
        }
        output::emit_json(&json);
        return Ok(Exit::Ok);
    }
    // `pm.id` is the file's id (Store::load): the one `--json` gives and
    // every command takes.
    let mut page = Page {
        out: String::new(),
        width: usize::from(output::width()),
        color: output::color_stdout(),
    };

    let title = line(&pm.title);
    page.wrapped("", "", &title, Some(Style::Bold));
    page.out.push_str(&format!(
        "{}  {}  {}  {}\n",
        line(&pm.id),
        line(&pm.severity),
        pm.status.as_str(),
        pm.date
    ));
    for (label, list) in [
        ("authors", &pm.authors),
        ("responders", &pm.responders),
        ("services", &pm.services),
        ("tags", &pm.tags),
    ] {
        if !list.is_empty() {
            let first = format!("{label}: ");
            let rest = " ".repeat(first.len());
            page.wrapped(&first, &rest, &line(&list.join(", ")), None);
        }
    }

    for (title, text) in [
        ("Summary", &pm.summary),
        ("Impact", &pm.impact),
        ("Trigger", &pm.trigger),
    ] {
        page.heading(title);
        page.prose(text.as_deref());
    }

    page.heading("Timeline");
    if pm.timeline.is_empty() {
        page.out
            .push_str("  (no entries yet: pm timeline add \"...\")\n");
    } else {
        page.timeline(&timeline::rows(pm, &zone));
    }
    let present = figures.present();
    if !present.is_empty() {
        page.heading("Figures");
        for (label, secs) in present {
            page.out
                .push_str(&format!("  {label}: {}\n", clock::human_duration(secs)));
        }
    }

    page.heading("Root cause");
    page.prose(pm.root_cause.as_deref());
    if !pm.contributing_factors.is_empty() {
        page.heading("Contributing factors");
        page.bullets(2, &pm.contributing_factors);
    }
    page.heading("Detection gap");
    if let Some(ttd) = figures.time_to_detect {
        page.out.push_str(&format!(
            "  measured time to detect: {} (impact-start to detected)\n",
            clock::human_duration(ttd)
        ));
    }
    page.prose(pm.detection_gap.as_deref());
    if pm.response.as_deref().is_some_and(|r| !r.trim().is_empty()) {
        page.heading("Response");
        page.prose(pm.response.as_deref());
    }
    let lessons = &pm.lessons;
    if !(lessons.went_well.is_empty()
        && lessons.went_wrong.is_empty()
        && lessons.got_lucky.is_empty())
    {
        page.heading("Lessons");
        for (label, items) in [
            ("What went well", &lessons.went_well),
            ("What went wrong", &lessons.went_wrong),
            ("Where we got lucky", &lessons.got_lucky),
        ] {
            if !items.is_empty() {
                page.out.push_str(&format!("  {label}:\n"));
                page.bullets(4, items);
            }
        }
    }

    page.heading("Action items");
    page.actions(pm, today);
    page.heading("Follow-up review");
    page.follow_up(pm, today);
    if !pm.links.is_empty() {
        page.heading("Links");
        for link in &pm.links {
            page.link(link.title.as_deref(), &link.url);
        }
    }
    output::emit(&page.out);
    Ok(Exit::Ok)
}

/// The text being laid out, for a width and with colour or not.
struct Page {
    out: String,
    width: usize,
    color: bool,
}

impl Page {
    /// A section heading, after one blank line.
    fn heading(&mut self, title: &str) {
        self.out.push('\n');
        self.out.push_str(&paint(title, Style::Bold, self.color));
        self.out.push('\n');
    }

    /// One line of safe text wrapped at word boundaries: the first line
    /// starts with `first`, the others with `rest`; painted line by line,
    /// so the colour never counts as width. A word longer than the room (a
    /// URL, a stack trace) is broken at the width.
    fn wrapped(&mut self, first: &str, rest: &str, text: &str, style: Option<Style>) {
        let room = self
            .width
            .saturating_sub(text_width(first).max(text_width(rest)))
            .max(MIN_TEXT);
        for (n, piece) in output::wrap(text, room).iter().enumerate() {
            self.out.push_str(if n == 0 { first } else { rest });
            match style {
                Some(style) => self.out.push_str(&paint(piece, style, self.color)),
                None => self.out.push_str(piece),
            }
            self.out.push('\n');
        }
    }

    /// A section's text, indented by two, or a note that it is not
    /// written yet. The author's line breaks and blank lines stay; an
    /// indented line or a `- ` item wraps under its own start.
    fn prose(&mut self, text: Option<&str>) {
        let text = text.map(str::trim_end).unwrap_or_default();
        if text.trim().is_empty() {
            self.out.push_str("  (not written yet)\n");
            return;
        }
        let text = block(text.trim_start_matches(['\n', '\r']));
        for source in text.lines() {
            let body = source.trim_start();
            if body.is_empty() {
                self.out.push('\n');
                continue;
            }
            let lead: usize = source[..source.len() - body.len()]
                .chars()
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            let first = " ".repeat(2 + lead);
            let rest = " ".repeat(2 + lead + marker_width(body));
            self.wrapped(&first, &rest, body, None);
        }
    }

    /// A list, each item its own `- ` line at `indent`, wrapped under its
    /// text.
    fn bullets(&mut self, indent: usize, items: &[String]) {
        let first = format!("{}- ", " ".repeat(indent));
        let rest = " ".repeat(indent + 2);
        for item in items {
            self.wrapped(&first, &rest, &line(item.trim()), None);
        }
    }

    /// The timeline, one entry a row: number, time, T+ offset, kind, and
    /// the text with who acted (`— role`), wrapped in its column; an
    /// entry's link on a line of its own under the text, never broken.
    /// When the columns leave the text too little room, the text goes on
    /// the lines under its row instead.
    fn timeline(&mut self, rows: &[timeline::Row]) {
        let kinds: Vec<String> = rows
            .iter()
            .map(|r| output::truncate(&line(&r.entry.kind), MAX_KIND).into_owned())
            .collect();
        let widest = |header: &str, cells: Vec<usize>| {
            cells.into_iter().fold(text_width(header), usize::max)
        };
        let w_number = widest(
            "#",
            rows.iter().map(|r| r.number.to_string().len()).collect(),
        );
        let w_time = widest("TIME", rows.iter().map(|r| r.time.len()).collect());
        let w_offset = widest("T+", rows.iter().map(|r| r.offset.len()).collect());
        let w_kind = widest("KIND", kinds.iter().map(|k| text_width(k)).collect());
        let lead = 2 + w_number + 2 + w_time + 2 + w_offset + 2 + w_kind + 2;
        let beside = self.width.saturating_sub(lead) >= MIN_TEXT;
        let pad = |text: &str, width: usize| {
            format!(
                "{text}{}",
                " ".repeat(width.saturating_sub(text_width(text)))
            )
        };
        let columns = |number: &str, time: &str, offset: &str, kind: &str| {
            format!(
                "  {}{number}  {}  {}  {}  ",
                " ".repeat(w_number.saturating_sub(number.len())),
                pad(time, w_time),
                pad(offset, w_offset),
                pad(kind, w_kind),
            )
        };
        let header = columns("#", "TIME", "T+", "KIND");
        let header = if beside {
            format!("{header}TEXT")
        } else {
            header.trim_end().to_string()
        };
        self.out.push_str(&paint(&header, Style::Dim, self.color));
        self.out.push('\n');
        let under = " ".repeat(if beside { lead } else { 6 });
        for (row, kind) in rows.iter().zip(&kinds) {
            let e = row.entry;
            // The entry's own line breaks stay (pasted command output), as
            // in `pm timeline list`.
            let mut text = block(e.text.trim()).into_owned();
            if let Some(by) = e.by.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
                text.push_str(" — ");
                text.push_str(&line(by));
            }
            let start = columns(&row.number.to_string(), &row.time, &row.offset, kind);
            if beside {
                self.wrapped(&start, &under, &text, None);
            } else {
                self.out.push_str(start.trim_end());
                self.out.push('\n');
                self.wrapped(&under, &under, &text, None);
            }
            if let Some(link) = e.link.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
                self.out.push_str(&format!("{under}{}\n", line(link)));
            }
        }
    }

    /// A link: `title: url` when it fits, else the URL on its own line
    /// under the title. A URL is never broken, so that it stays whole to
    /// click or copy.
    fn link(&mut self, title: Option<&str>, url: &str) {
        let url = line(url.trim());
        match title.map(str::trim).filter(|t| !t.is_empty()) {
            Some(title) => {
                let title = format!("{}:", line(title));
                if 2 + text_width(&title) + 1 + text_width(&url) <= self.width {
                    self.out.push_str(&format!("  {title} {url}\n"));
                } else {
                    self.wrapped("  ", "    ", &title, None);
                    self.out.push_str(&format!("    {url}\n"));
                }
            }
            None => self.out.push_str(&format!("  {url}\n")),
        }
    }

    /// Each action item on its own line: id, status, title, then owner
    /// and its state, wrapped under the title; red when overdue, yellow
    /// when open without a due date.
    fn actions(&mut self, pm: &PostMortem, today: NaiveDate) {
        if pm.action_items.is_empty() {
            self.out
                .push_str("  (none yet: pm action add \"...\" --owner TEAM --due +2w)\n");
            return;
        }
        for a in &pm.action_items {
            let (state, style) = match (a.status, a.due, a.days_overdue(today)) {
                (ActionStatus::Open, Some(d), Some(late)) => (
                    format!("due {d}, {} overdue", output::count(late, "day")),
                    Some(Style::Red),
                ),
                (ActionStatus::Open, Some(d), None) => (format!("due {d}"), None),
                (ActionStatus::Open, None, _) => ("no due date".to_string(), Some(Style::Yellow)),
                (s, _, _) => match a.closed {
                    Some(c) => (format!("{} {c}", s.as_str()), None),
                    None => (s.as_str().to_string(), None),
                },
            };
            let owner = line(a.owner.as_deref().unwrap_or("no owner"));
            let first = format!("  {} [{}] ", line(&a.id), a.status.as_str());
            let rest = " ".repeat(text_width(&first));
            let text = format!("{} ({owner}; {state})", line(a.title.trim()));
            self.wrapped(&first, &rest, &text, style);
        }
    }

    /// Earlier reviews, then the current one: held, or due (red when
    /// overdue) with who runs it, or not scheduled.
    fn follow_up(&mut self, pm: &PostMortem, today: NaiveDate) {
        let f = &pm.follow_up;
        let held = |out: &mut Page, held: NaiveDate, notes: Option<&str>| {
            let text = match notes.map(str::trim).filter(|n| !n.is_empty()) {
                Some(n) => format!("held {held}: {}", line(n)),
                None => format!("held {held}"),
            };
            out.wrapped("  ", "    ", &text, None);
        };
        for past in &f.history {
            held(self, past.held, past.notes.as_deref());
        }
        let owner = model::review_owner(f.owner.as_deref(), pm.authors.iter().map(String::as_str))
            .map(|o| format!(" (owner {})", line(o)))
            .unwrap_or_default();
        match (f.due, f.held, f.days_overdue(today)) {
            (_, Some(h), _) => held(self, h, f.notes.as_deref()),
            (Some(due), None, Some(late)) => {
                let text = format!(
                    "due {due}, {} overdue{owner}: pm review {}",
                    output::count(late, "day"),
                    output::arg_word(&line(&pm.id))
                );
                self.wrapped("  ", "    ", &text, Some(Style::Red));
            }
            (Some(due), None, None) => {
                self.wrapped("  ", "    ", &format!("due {due}{owner}"), None)
            }
            (None, None, _) => self.out.push_str("  not scheduled\n"),
        }
    }
}

/// The width of a list marker a line starts with (`- `, `* `, `+ `, `1. `,
/// `2) `), so that the line's continuation lines up with its text; 0 for
/// none.
fn marker_width(text: &str) -> usize {
    if ["- ", "* ", "+ "].iter().any(|m| text.starts_with(m)) {
        return 2;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    match text.as_bytes().get(digits..digits + 2) {
        Some([b'.' | b')', b' ']) if (1..=3).contains(&digits) => digits + 2,
        _ => 0,
    }
}
