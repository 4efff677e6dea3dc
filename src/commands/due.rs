//! `pm due`: what needs attention, across every post-mortem.

use std::borrow::Cow;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::{DueArgs, DueFormat, DueGroup};
use crate::clock;
use crate::commands::{Ctx, action::same_owner, list};
use crate::error::{Exit, UserError};
use crate::index::{self, ArchivedSummary};
use crate::model;
use crate::model::ActionStatus;
use crate::output::{self, Style, paint};
use crate::store;

mod standup;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Overdue,
    DueSoon,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Action,
    Review,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item<'a> {
    pub kind: Kind,
    pub postmortem: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<&'a str>,
    pub title: Cow<'a, str>,
    pub owner: Option<&'a str>,
    pub due: NaiveDate,
    pub state: State,
    /// Days overdue (positive) for overdue items, days left for the others.
    pub days: i64,
    pub severity: &'a str,
    /// For reviews: the open action items the review must check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_actions: Option<Vec<&'a str>>,
    /// The action item's `link`, for the lists to paste.
    #[serde(skip)]
    pub link: Option<&'a str>,
}

/// An action item done on or after the `--done-since` day.
#[derive(Debug, Clone, Serialize)]
pub struct Done<'a> {
    pub postmortem: &'a str,
    pub action: &'a str,
    pub title: &'a str,
    pub owner: Option<&'a str>,
    pub due: Option<NaiveDate>,
    pub closed: NaiveDate,
    /// Days since it was closed (0 for today).
    pub days_ago: i64,
    pub severity: &'a str,
    #[serde(skip)]
    pub link: Option<&'a str>,
}

/// The action items marked done on or after `since` that pass the
/// filters, the latest first. Items done without a `closed` day (closed by
/// hand, or before pm recorded it) cannot be placed and are left out.
fn collect_done<'a>(
    summaries: &[&'a ArchivedSummary],
    filters: &Filters,
    today: NaiveDate,
    since: NaiveDate,
) -> Vec<Done<'a>> {
    let mut done = Vec::new();
    for s in summaries.iter().filter(|s| filters.postmortem(s)) {
        for a in s.actions() {
            let Some(closed) = a.closed() else { continue };
            // A `closed` day after today is a typo, not work done.
            if a.status() != ActionStatus::Done
                || closed < since
                || closed > today
                || !filters.owner(a.owner())
            {
                continue;
            }
            done.push(Done {
                postmortem: s.id(),
                action: a.id(),
                title: a.title(),
                owner: a.owner(),
                due: a.due(),
                closed,
                days_ago: (today - closed).num_days(),
                severity: s.severity(),
                link: a.link(),
            });
        }
    }
    done.sort_by(|a, b| {
        b.closed
            .cmp(&a.closed)
            .then(a.postmortem.cmp(b.postmortem))
            .then(action_number(Some(a.action)).cmp(&action_number(Some(b.action))))
    });
    done
}

/// The number in an action id (`A12` is 12), for ordering A2 before A10.
fn action_number(a: Option<&str>) -> u32 {
    a.and_then(|a| a.get(1..)?.parse().ok()).unwrap_or(0)
}

struct Filters<'a> {
    owners: &'a [String],
    severity: Option<&'a str>,
    service: Option<&'a str>,
    tag: Option<&'a str>,
}

impl Filters<'_> {
    fn postmortem(&self, s: &ArchivedSummary) -> bool {
        self.severity
            .is_none_or(|sev| s.severity().trim().eq_ignore_ascii_case(sev))
            && self
                .service
                .is_none_or(|svc| s.services().any(|x| x == svc))
            && self.tag.is_none_or(|t| s.tags().any(|x| x == t))
    }

    fn owner(&self, owner: Option<&str>) -> bool {
        self.owners.is_empty()
            || owner.is_some_and(|o| self.owners.iter().any(|want| same_owner(o, want)))
    }
}

/// Every open action item with a due date and every pending review that
/// pass the filters, with `horizon` as the last day that counts; None
/// means every one, however far away (for the calendar).
///
/// Most urgent first: the longest overdue, then the soonest due; then
/// actions before reviews, then by post-mortem id and action number. The
/// items are sorted by a compact key (day number, kind, the post-mortem's
/// rank by id, action number) rather than compared field by field.
fn collect<'a>(
    summaries: &[&'a ArchivedSummary],
    filters: &Filters,
    today: NaiveDate,
    horizon: Option<NaiveDate>,
) -> Vec<Item<'a>> {
    let today_day = index::day_number(today);
    let horizon = horizon.map(index::day_number);
    let ranks = id_ranks(summaries);
    let mut keyed: Vec<(u128, Item<'a>)> = Vec::new();
    for (s, &rank) in summaries.iter().zip(&ranks) {
        if !filters.postmortem(s) {
            continue;
        }
        let mut make = |kind: Kind,
                        action: Option<&'a str>,
                        title: Cow<'a, str>,
                        owner: Option<&'a str>,
                        due: i32,
                        open: Option<Vec<&'a str>>,
                        link: Option<&'a str>| {
            if horizon.is_some_and(|h| due > h) || !filters.owner(owner) {
                return;
            }
            let due_date = index::from_day_number(due);
            let (state, days) = match model::days_overdue(due_date, today) {
                Some(late) => (State::Overdue, late),
                None => (State::DueSoon, i64::from(due - today_day)),
            };
            let key = (u128::from((due as u32) ^ 0x8000_0000) << 72)
                | (u128::from(kind as u8) << 64)
                | (u128::from(rank) << 32)
                | u128::from(action_number(action));
            keyed.push((
                key,
                Item {
                    kind,
                    postmortem: s.id(),
                    action,
                    title,
                    owner,
                    due: due_date,
                    state,
                    days,
                    severity: s.severity(),
                    open_actions: open,
                    link,
                },
            ));
        };
        for a in s.open_actions() {
            if let Some(due) = a.due_day() {
                make(
                    Kind::Action,
                    Some(a.id()),
                    Cow::Borrowed(a.title()),
                    a.owner(),
                    due,
                    None,
                    a.link(),
                );
            }
        }
        if let Some(due) = s
            .pending_review()
            .map(index::day_number)
            .filter(|d| horizon.is_none_or(|h| *d <= h))
        {
            let open: Vec<&str> = s.open_actions().map(|a| a.id()).collect();
            let owner = s.review_owner();
            let title = format!("Follow-up review: {}", s.title());
            make(
                Kind::Review,
                None,
                Cow::Owned(title),
                owner,
                due,
                Some(open),
                None,
            );
        }
    }
    // Sort the keys and their positions, not the items; equal keys keep
    // their file order.
    let mut order: Vec<(u128, u32)> = keyed
        .iter()
        .enumerate()
        .map(|(i, (key, _))| (*key, i as u32))
        .collect();
    order.sort_unstable();
    let mut items: Vec<Option<Item<'a>>> = keyed.into_iter().map(|(_, item)| Some(item)).collect();
    order
        .into_iter()
        .filter_map(|(_, i)| items[i as usize].take())
        .collect()
}

/// Each summary's rank when sorted by id; equal ids share a rank. Ids are
/// usually in file order already, since files are named after them.
fn id_ranks(summaries: &[&ArchivedSummary]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..summaries.len() as u32).collect();
    if !summaries.is_sorted_by(|a, b| a.id() <= b.id()) {
        order.sort_by(|&a, &b| summaries[a as usize].id().cmp(summaries[b as usize].id()));
    }
    let mut ranks = vec![0; summaries.len()];
    let mut rank = 0;
    for (n, pair) in order.iter().enumerate() {
        if n > 0 && summaries[order[n - 1] as usize].id() != summaries[*pair as usize].id() {
            rank += 1;
        }
        ranks[*pair as usize] = rank;
    }
    ranks
}

pub fn run(ctx: &Ctx, args: &DueArgs) -> Result<Exit> {
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    let horizon = clock::window_arg("--within", &args.within, today)?;
    let within = (horizon - today).num_days();
    let severity = match &args.severity {
        Some(s) => Some(config.severity(s).ok_or_else(|| {
            UserError::new(format!(
                "--severity `{s}` is not one of {}",
                config.severities.join(", ")
            ))
        })?),
        None => None,
    };
    if args.owners.iter().any(|o| o.trim().is_empty()) {
        crate::bail_user!("--owner is empty; give an owner's name");
    }
    let filters = Filters {
        owners: &args.owners,
        severity,
        service: args.service.as_deref(),
        tag: args.tag.as_deref(),
    };

    let format = if args.json {
        DueFormat::Json
    } else {
        args.format
    };
    let since = match &args.done_since {
        Some(text) => Some(clock::since_arg("--done-since", text, today)?),
        None => None,
    };
    // `--ics -` is standard output: the calendar alone goes there.
    let ics_to_stdout = args.ics.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if ics_to_stdout && format != DueFormat::Table {
        let flag = if args.json {
            "--json".to_string()
        } else {
            format!("--format {}", format_name(format))
        };
        crate::bail_user!("--ics - and {flag} both write to standard output; give --ics a file");
    }

    let all = index::load_all(&ctx.store)?;
    // A broken file's valid action items and review are still listed, and
    // the file is named in the output itself.
    let summaries: Vec<&ArchivedSummary> = all.iter().filter_map(|i| i.summary).collect();
    let broken: Vec<Broken> = all
        .iter()
        .filter_map(|i| {
            Some(Broken {
                file: i.file,
                error: i.error?,
            })
        })
        .collect();
    let items = collect(&summaries, &filters, today, Some(horizon));
    let done = since.map(|since| collect_done(&summaries, &filters, today, since));
    if let Some(path) = &args.ics {
        let every = collect(&summaries, &filters, today, None);
        let now = clock::now_in(&zone)?;
        let text = crate::commands::due::ics(&every, now);
        if ics_to_stdout {
            // RFC 5545 needs its CRLFs; the text escapes control characters
            // itself (see `escape`), so it is written as it is.
            output::emit_raw(&text);
        } else {
            store::paths::write_named(path, text.as_bytes(), "--ics", &ctx.store.own_files())?;
            output::note(&format!(
                "Wrote {} to {}",
                output::count(every.len() as u64, "event"),
                path.display()
            ));
        }
    }

    // Overdue counts everything late, reviews too: a row that says "5d
    // overdue" is never summed up as merely "due".
    let overdue = items.iter().filter(|i| i.state == State::Overdue).count();
    let overdue_reviews = items
        .iter()
        .filter(|i| i.state == State::Overdue && i.kind == Kind::Review)
        .count();
    let soon_actions = items
        .iter()
        .filter(|i| i.state == State::DueSoon && i.kind == Kind::Action)
        .count();
    let soon_reviews = items
        .iter()
        .filter(|i| i.state == State::DueSoon && i.kind == Kind::Review)
        .count();
    // "0 reviews due" after "1 of them review" read as a contradiction:
    // both counts of what is due soon are said to be within the window.
    let late_reviews = match overdue_reviews {
        0 => String::new(),
        1 => " (1 of them a review)".to_string(),
        n => format!(" ({n} of them reviews)"),
    };
    let mut summary = format!(
        "{overdue} overdue{late_reviews}, {soon_actions} action item{} and {soon_reviews} review{} due within {within} day{}",
        output::plural_s(soon_actions as u64),
        output::plural_s(soon_reviews as u64),
        if within == 1 { "" } else { "s" },
    );
    if let (Some(since), Some(done)) = (since, &done) {
        summary.push_str(&format!(", {} done since {since}", done.len()));
    }
    if !broken.is_empty() {
        summary.push_str(&format!(
            ", {} post-mortem{} cannot be read fully",
            broken.len(),
            if broken.len() == 1 { "" } else { "s" }
        ));
    }

    if format == DueFormat::Json {
        #[derive(Serialize)]
        struct Out<'a> {
            today: NaiveDate,
            within_days: i64,
            items: &'a [Item<'a>],
            #[serde(skip_serializing_if = "Option::is_none")]
            done_since: Option<NaiveDate>,
            #[serde(skip_serializing_if = "Option::is_none")]
            done: Option<&'a [Done<'a>]>,
            summary: &'a str,
            broken: &'a [Broken<'a>],
            errors: Vec<&'a str>,
        }
        output::emit_json(&Out {
            today,
            within_days: within,
            items: &items,
            done_since: since,
            done: done.as_deref(),
            summary: &summary,
            broken: &broken,
            errors: broken.iter().map(|b| b.error).collect(),
        });
        index::warn_broken(&all);
    } else if matches!(format, DueFormat::Markdown | DueFormat::Slack) {
        let list = standup::List {
            items: &items,
            done: since.zip(done.as_deref()),
            by: args.by,
            today,
            summary: &summary,
        };
        output::emit(&match format {
            DueFormat::Slack => list.slack(),
            _ => list.markdown(),
        });
        index::warn_broken(&all);
    } else if ics_to_stdout {
        output::note(&summary);
        index::warn_broken(&all);
    } else {
        let width = output::width();
        // References in the longest form with which every detail line
        // fits on one line: whole ids on a wide terminal, shorter ones that
        // still resolve when not.
        let room = text_width(width);
        let done = since.zip(done.as_deref());
        let fits = |show: &dyn Fn(&str) -> String| {
            items
                .iter()
                .all(|i| output::text_width(&detail(i, args.by, show)) <= room)
                && done.is_none_or(|(_, done)| {
                    done.iter()
                        .all(|d| output::text_width(&done_detail(d, show)) <= room)
                })
        };
        let whole = |id: &str| id.to_string();
        let color = output::color_stdout();
        let page = |show: &dyn Fn(&str) -> String| {
            let mut text = if items.is_empty() && !broken.is_empty() {
                // Not "nothing needs attention": pm could not read everything.
                "Nothing needs attention in the post-mortems pm could read.\n".to_string()
            } else {
                render(&items, args.by, color, width, show)
            };
            if let Some((since, done)) = done {
                if items.is_empty() {
                    text.push('\n');
                }
                text.push_str(&render_done(since, done, color, width, show));
            }
            text
        };
        let text = if fits(&whole) {
            page(&whole)
        } else {
            let stems: Vec<String> = all.iter().map(|i| list::file_stem(i.file)).collect();
            let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
            let wanted: Vec<&str> = items
                .iter()
                .map(|i| i.postmortem)
                .chain(
                    done.iter()
                        .flat_map(|(_, d)| d.iter().map(|d| d.postmortem)),
                )
                .collect();
            let short = output::ShortIds::new(&stems, &wanted);
            let no_date = |id: &str| short.get(id, output::Short::NoDate).to_string();
            let fewest = |id: &str| short.get(id, output::Short::Fewest).to_string();
            let show: &dyn Fn(&str) -> String = if fits(&no_date) { &no_date } else { &fewest };
            page(show)
        };
        output::emit(&text);
        output::emit(&render_broken(&broken, output::color_stdout()));
        output::emitln(&summary);
    }
    let any_broken = !broken.is_empty();
    if args.check && any_broken {
        return Ok(Exit::Error);
    }
    if args.check && overdue > 0 {
        return Ok(Exit::Findings);
    }
    Ok(Exit::Ok)
}

/// A post-mortem that could not be read fully: its valid items are listed,
/// the rest may be missing.
#[derive(Debug, Serialize)]
pub struct Broken<'a> {
    pub file: &'a str,
    pub error: &'a str,
}

/// The broken files under the table: the first few and a count.
fn render_broken(broken: &[Broken], color: bool) -> String {
    const SHOWN: usize = 5;
    if broken.is_empty() {
        return String::new();
    }
    let mut out = paint(
        "Cannot be read fully (items in them may be missing; `pm lint` says why):",
        Style::Red,
        color,
    );
    out.push('\n');
    for b in broken.iter().take(SHOWN) {
        out.push_str(&format!("  {}\n", output::line(b.error)));
    }
    if broken.len() > SHOWN {
        out.push_str(&format!("  ... and {} more\n", broken.len() - SHOWN));
    }
    out.push('\n');
    out
}

/// The grouped table, fitted to `width` columns: titles wrapped at spaces,
/// three lines at most; only a word longer than the column is broken.
/// The dimmed line under a title: which item (and whose, when not grouped
/// by owner) and, for reviews, the items to check.
fn detail(item: &Item, by: DueGroup, show_id: &dyn Fn(&str) -> String) -> String {
    use std::fmt::Write as _;
    let mut detail = match by {
        DueGroup::Owner | DueGroup::Due => match &item.action {
            Some(a) => action_ref(&show_id(item.postmortem), a),
            None => output::arg_word(&show_id(item.postmortem)).into_owned(),
        },
        DueGroup::Postmortem => item.action.unwrap_or("review").to_string(),
    };
    if by != DueGroup::Owner
        && let Some(o) = &item.owner
    {
        let _ = write!(detail, " · {o}");
    }
    if let Some(open) = item.open_actions.as_ref().filter(|o| !o.is_empty()) {
        let _ = write!(detail, " · check {}", open.join(", "));
    }
    detail
}

/// An action item as the lists name it: `ID#A2`, which `pm action done`
/// takes (after `--` when the id starts with `-`: `-- -rf#A1`). An item
/// whose id no command takes (`id: foo` written by hand, which `pm lint`
/// reports) is never printed as a reference that would be refused: its
/// post-mortem is named, with the id as written and what to run.
pub fn action_ref(postmortem: &str, action: &str) -> String {
    if model::action_id_number(action.trim()).is_some() {
        output::arg_word(&format!("{postmortem}#{action}")).into_owned()
    } else {
        format!(
            "{postmortem}, item `{action}`: no command takes that id; `pm lint {}` says how to fix it",
            output::arg_word(postmortem)
        )
    }
}

/// The dimmed line under a done item's title: which item, whose.
fn done_detail(done: &Done, show_id: &dyn Fn(&str) -> String) -> String {
    let mut detail = action_ref(&show_id(done.postmortem), done.action);
    if let Some(o) = done.owner {
        detail.push_str(&format!(" · {o}"));
    }
    detail
}

/// The `--done-since` section under the table: `done 2d ago`, the day it
/// was closed, the title, and which item and whose.
fn render_done(
    since: NaiveDate,
    done: &[Done],
    color: bool,
    width: u16,
    show_id: &dyn Fn(&str) -> String,
) -> String {
    use std::fmt::Write as _;
    let mut out = paint(
        &format!("Recently done (since {since})"),
        Style::Bold,
        color,
    );
    out.push('\n');
    if done.is_empty() {
        out.push_str("  nothing\n\n");
        return out;
    }
    let text_width = text_width(width);
    for d in done {
        let when = match d.days_ago {
            n if n <= 0 => "done today".to_string(),
            n => format!("done {n}d ago"),
        };
        for (i, line) in output::wrap_lines(&output::line(d.title), text_width, Some(3))
            .iter()
            .enumerate()
        {
            if i == 0 {
                let when = paint(&format!("{when:<WHEN$}"), Style::Cyan, color);
                let _ = writeln!(out, "{:INDENT$}{when}  {}  {line}", "", d.closed);
            } else {
                let _ = writeln!(out, "{:TEXT_COL$}{line}", "");
            }
        }
        for line in output::wrap(&output::line(&done_detail(d, show_id)), text_width) {
            let _ = writeln!(out, "{:TEXT_COL$}{}", "", paint(&line, Style::Dim, color));
        }
    }
    out.push('\n');
    out
}

/// How `--format` spells a format.
fn format_name(format: DueFormat) -> &'static str {
    match format {
        DueFormat::Table => "table",
        DueFormat::Json => "json",
        DueFormat::Markdown => "markdown",
        DueFormat::Slack => "slack",
    }
}

/// Columns left for what is due, at `width`.
fn text_width(width: u16) -> usize {
    usize::from(width).max(60).saturating_sub(TEXT_COL).max(20)
}

/// WHEN (13) + DUE (10) + gaps, indented by 2: where the text starts.
const WHEN: usize = 13;
const DUE: usize = 10;
const INDENT: usize = 2;
const TEXT_COL: usize = INDENT + WHEN + 2 + DUE + 2;

pub fn render(
    items: &[Item],
    by: DueGroup,
    color: bool,
    width: u16,
    show_id: &dyn Fn(&str) -> String,
) -> String {
    if items.is_empty() {
        return "Nothing needs attention.\n".into();
    }
    // Groups in order of their most urgent item (items come sorted).
    let mut groups: Vec<(String, Vec<&Item>)> = Vec::new();
    let mut group_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for item in items {
        let key = match by {
            DueGroup::Owner => item.owner.unwrap_or("(no owner)").to_string(),
            DueGroup::Postmortem => format!("{} ({})", item.postmortem, item.severity),
            DueGroup::Due => String::new(),
        };
        let key = output::line(&key).into_owned();
        match group_of.get(&key) {
            Some(&i) => groups[i].1.push(item),
            None => {
                group_of.insert(key.clone(), groups.len());
                groups.push((key, vec![item]));
            }
        }
    }
    let (indent, text_col) = (INDENT, TEXT_COL);
    let text_width = text_width(width);
    use std::fmt::Write as _;
    let mut out = String::with_capacity(256 + items.len() * 160);
    let header = format!("{:indent$}{:<WHEN$}  {:<DUE$}  WHAT", "", "WHEN", "DUE");
    let _ = writeln!(out, "{}", paint(&header, Style::Dim, color));
    for (key, list) in groups {
        if !key.is_empty() {
            let _ = write!(out, "\n{}\n", paint(&key, Style::Bold, color));
        }
        for item in list {
            let when = match (item.state, item.days) {
                (State::Overdue, d) => format!("{d}d overdue"),
                (State::DueSoon, 0) => "today".to_string(),
                (State::DueSoon, d) => format!("in {d}d"),
            };
            let style = match (item.state, item.kind) {
                (State::Overdue, _) => Style::Red,
                (_, Kind::Review) => Style::Cyan,
                _ => Style::Yellow,
            };
            // Under the title, dimmed: which item (and whose, when not
            // grouped by owner) and, for reviews, the items to check.
            let detail = detail(item, by, show_id);
            // A few lines at most: this is a list to read at a glance.
            for (i, line) in output::wrap_lines(&output::line(&item.title), text_width, Some(3))
                .iter()
                .enumerate()
            {
                if i == 0 {
                    let when = paint(&format!("{when:<WHEN$}"), style, color);
                    let _ = writeln!(out, "{:indent$}{when}  {}  {line}", "", item.due);
                } else {
                    let _ = writeln!(out, "{:text_col$}{line}", "");
                }
            }
            for line in output::wrap(&output::line(&detail), text_width) {
                let _ = writeln!(out, "{:text_col$}{}", "", paint(&line, Style::Dim, color));
            }
        }
    }
    out.push('\n');
    out
}

/// An iCalendar (RFC 5545) file: one all-day event per item, with a UID
/// made from the post-mortem and action ids so that a subscribed calendar
/// updates events instead of duplicating them.
pub fn ics(items: &[Item], now: chrono::DateTime<chrono::FixedOffset>) -> String {
    let stamp = now
        .with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//pm//post-mortem due dates//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "X-WR-CALNAME:Post-mortem follow-ups".to_string(),
    ];
    for item in items {
        let uid = uid(item.postmortem, item.action);
        let summary = match &item.action {
            Some(a) => format!("{a}: {}", item.title),
            None => item.title.to_string(),
        };
        let mut description = format!("Post-mortem {}", item.postmortem);
        if let Some(o) = &item.owner {
            description.push_str(&format!("\nOwner: {o}"));
        }
        if let Some(open) = item.open_actions.as_ref().filter(|o| !o.is_empty()) {
            description.push_str(&format!("\nCheck action items: {}", open.join(", ")));
        }
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", escape(&uid)));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", item.due.format("%Y%m%d")));
        // The day after, as iCalendar's all-day events end; with no DTEND
        // an all-day event lasts one day (RFC 5545), which is what a date
        // whose next day has five digits (after 9999-12-31) gets.
        if let Some(end) = item
            .due
            .succ_opt()
            .filter(|d| chrono::Datelike::year(d) <= 9999)
        {
            lines.push(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        }
        lines.push(format!("SUMMARY:{}", escape(&summary)));
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    // Calendars go to CI logs too (`pm due --ics -` in a job, a file
    // shown with `cat`): each line's workflow commands are defused before
    // folding, and folding never starts a line with one.
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&crate::output::ci_safe(&line)));
        out.push_str("\r\n");
    }
    // What folding could not avoid (a line of blanks before `::`) is
    // defused here; its line was kept short enough for it.
    crate::output::ci_safe(&out).into_owned()
}

/// An event's UID: `<id>.A2@pm` for an action item, `<id>.review@pm` for
/// the follow-up review, and `<id>.item.<its id>@pm` for an item whose id
/// is not `A` and a number (`id: review` written by hand). Each id has
/// every character but letters, digits, `-` and `_` percent-encoded, so
/// the dots between them are the only ones and no two events share a
/// UID (RFC 5545 wants them unique); the ids pm writes read as they are.
fn uid(postmortem: &str, action: Option<&str>) -> String {
    const KEEP: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_');
    let id = |text: &str| percent_encoding::utf8_percent_encode(text, KEEP).to_string();
    // The schema's spelling only: `a2` is another event's id.
    let canonical = |a: &str| a.starts_with('A') && crate::model::action_id_number(a).is_some();
    match action {
        Some(a) if canonical(a) => format!("{}.{a}@pm", id(postmortem)),
        Some(a) => format!("{}.item.{}@pm", id(postmortem), id(a)),
        None => format!("{}.review@pm", id(postmortem)),
    }
}

/// TEXT escaping of RFC 5545 section 3.3.11; control and bidi characters
/// are dropped (a calendar shows the text as it comes).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() || crate::output::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold lines longer than 75 octets (RFC 5545 section 3.1), never inside a
/// UTF-8 character, and never so that a continuation line (which a CI log
/// shows without its leading blank) starts with `::` or `##`: the fold
/// moves earlier. When no earlier fold helps (nothing but blanks before
/// the `::`), that line is left 3 octets short, for the zero-width space
/// that defuses it (see `ics`).
fn fold(line: &str) -> String {
    const MAX: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 24);
    let mut rest = line;
    let mut first = true;
    loop {
        // A continuation line starts with one blank.
        let mut budget = if first { MAX } else { MAX - 1 };
        if !first && crate::output::starts_ci_command(rest) {
            budget -= '\u{200b}'.len_utf8();
        }
        if rest.len() <= budget {
            out.push_str(rest);
            return out;
        }
        let mut cut = budget;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut earlier = cut;
        while earlier > 0 && crate::output::starts_ci_command(&rest[earlier..]) {
            earlier -= 1;
            while !rest.is_char_boundary(earlier) {
                earlier -= 1;
            }
        }
        if earlier > 0 {
            cut = earlier;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_never_collide() {
        let uids = [
            uid("x", None),
            uid("x", Some("A2")),
            uid("x", Some("review")),
            uid("x", Some("a2")),
            uid("x.review", None),
            uid("x", Some("item.review")),
            uid("x.item", Some("review")),
        ];
        let mut unique = uids.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), uids.len(), "{uids:?}");
        assert_eq!(uids[0], "x.review@pm");
        assert_eq!(uids[1], "x.A2@pm");
        assert_eq!(uids[2], "x.item.review@pm");
        assert_eq!(
            uid("2026-11-20-due_test", Some("A10")),
            "2026-11-20-due_test.A10@pm"
        );
    }

    #[test]
    fn fold_keeps_lines_short() {
        let long = format!("SUMMARY:{}", "é".repeat(80));
        for part in fold(&long).split("\r\n") {
            assert!(part.len() <= 75);
        }
    }

    #[test]
    fn fold_never_starts_a_line_with_a_workflow_command() {
        for pad in 0..80 {
            for blanks in [0, 3, 80] {
                let line = format!(
                    "SUMMARY:{}{}::error file=x::pwned ##vso[x] ::",
                    "x".repeat(pad),
                    " ".repeat(blanks)
                );
                let folded = fold(&crate::output::ci_safe(&line));
                let safe = crate::output::ci_safe(&folded);
                for part in safe.split("\r\n") {
                    assert!(part.len() <= 75, "{part:?}");
                    assert!(!part.trim_start().starts_with("::"), "{part:?}");
                    assert!(!part.contains("##vso["), "{part:?}");
                }
                let unfolded = safe.replace("\r\n ", "");
                assert_eq!(unfolded.replace('\u{200b}', ""), line);
            }
        }
    }
}
