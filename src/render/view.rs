//! The view model: one post-mortem as its reader sees it.
//!
//! Everything a template shows is computed here once, from the post-mortem,
//! the repository's time zone and today: local times, T+ offsets, the
//! derived figures (`model::Figures`), which action items are overdue and
//! where the follow-up review stands. Strings are the person's text,
//! unescaped: the template engine escapes them for its target.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::clock;
use crate::config::Zone;
use crate::model::{self, ActionStatus, Figures, PostMortem};
use crate::render::escape;

#[derive(Debug, Clone, Serialize)]
pub struct PostMortemView {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub date: String,
    pub authors: Vec<String>,
    pub responders: Vec<String>,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    /// The time zone times are shown in, as configured (`Europe/Berlin`, `UTC`).
    pub zone: String,
    pub today: String,
    pub summary: Vec<Block>,
    pub impact: Vec<Block>,
    pub trigger: Vec<Block>,
    pub timeline: Vec<EntryView>,
    /// Whether the timeline spans more than one local day (times then show the date).
    pub multi_day: bool,
    pub has_impact_start: bool,
    pub figures: Vec<FigureView>,
    pub root_cause: Vec<Block>,
    pub contributing_factors: Vec<String>,
    pub detection_gap: Vec<Block>,
    pub response: Vec<Block>,
    pub lessons: LessonsView,
    pub actions: Vec<ActionView>,
    pub actions_summary: ActionsSummary,
    pub follow_up: FollowUpView,
    pub links: Vec<LinkView>,
}

/// A paragraph or a list, from prose split at blank lines. A block whose
/// every line starts with `- ` or `* ` is a list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Block {
    /// `p`, `ul`, `ol` (a numbered list) or `pre` (a fenced code block).
    pub kind: &'static str,
    /// The paragraph's text, its lines joined with spaces (`p`, and `ol`
    /// for templates that show only `text`); the code block's lines as
    /// written, joined with line breaks (`pre`).
    pub text: String,
    /// The list's items (`ul`, `ol`).
    pub items: Vec<String>,
    /// The number of a numbered list's first item (`ol`).
    pub start: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// Local time: `09:12:00`, or `2026-11-26 09:12:00` when the incident spans days.
    pub time: String,
    /// RFC 3339, for machines (`<time datetime>`).
    pub at: String,
    /// `T+0:42` from impact start; empty without an impact-start entry.
    pub offset: String,
    /// Seconds from impact start; `None` without an impact-start entry.
    pub offset_seconds: Option<i64>,
    pub kind: String,
    /// Whether the kind is a milestone figures are measured from or to.
    pub milestone: bool,
    pub text: String,
    pub lines: Vec<String>,
    pub by: Option<String>,
    pub trace_id: Option<String>,
    pub link: Option<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// The JSON name: `time_to_detect`, ...
    pub key: &'static str,
    /// `Time to detect`.
    pub label: String,
    /// The milestone kind measured to.
    pub milestone: &'static str,
    pub seconds: Option<i64>,
    /// `19m 30s`; empty when missing.
    pub human: String,
    /// Why it is missing: `no detected entry`, `no impact-start entry`.
    pub missing: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LessonsView {
    pub went_well: Vec<String>,
    pub went_wrong: Vec<String>,
    pub got_lucky: Vec<String>,
    pub any: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: &'static str,
    pub kind: Option<String>,
    pub priority: Option<String>,
    pub link: Option<LinkView>,
    pub closed: Option<String>,
    pub note: Option<String>,
    /// Days past due for an open item due before today.
    pub overdue_days: Option<i64>,
    /// `overdue by 12 days`, `due 2026-12-01`, `no due date`, `done 2026-11-20`.
    pub state: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionsSummary {
    pub total: usize,
    pub open: usize,
    pub done: usize,
    pub dropped: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    pub due: Option<String>,
    pub held: Option<String>,
    pub notes: Vec<Block>,
    pub overdue_days: Option<i64>,
    /// `held`, `overdue`, `scheduled`, `not scheduled`, or `not held` (a
    /// closed post-mortem's review that was never held).
    pub state: &'static str,
    /// `held 2026-12-10`, `due 2026-12-10, overdue by 3 days`, ...
    pub text: String,
    pub history: Vec<PastReviewView>,
    /// Who runs a pending review: `follow_up.owner`, else the first
    /// author; None once held, or when there is neither.
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PastReviewView {
    pub due: Option<String>,
    pub held: String,
    pub notes: Vec<Block>,
}

/// A link as shown: the text, and the URL only when it is safe to follow.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub text: String,
    /// http(s) or relative; `None` for anything else (shown as text, not a link).
    pub url: Option<String>,
    /// The URL as written, for showing a refused one as text.
    pub raw: String,
    /// An absolute http(s) link (printed after its text on paper).
    pub external: bool,
}

impl LinkView {
    pub fn new(text: Option<&str>, url_raw: &str) -> LinkView {
        let url = url_raw;
        let text = text
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(url)
            .trim()
            .to_string();
        let url = escape::safe_url(url);
        LinkView {
            text,
            external: url
                .as_deref()
                .is_some_and(|u| u.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http"))),
            url,
            raw: url_raw.trim().to_string(),
        }
    }
}

/// Split prose into blocks: paragraphs (lines joined with spaces), lists
/// (every line `- `/`* `, or every line a number and `.` or `)`), and
/// fenced code blocks (` ``` ` or `~~~`, three or more, to the same fence or
/// the end), whose lines are kept as written. Nothing else is Markdown:
/// the text is shown as typed (docs/format.md, "Prose"). Empty or missing
/// prose gives no blocks.
pub fn blocks(text: Option<&str>) -> Vec<Block> {
    let Some(text) = text else {
        return Vec::new();
    };
    let text = text.replace("\r\n", "\n");
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let block = |kind, text: String, items: Vec<String>, start| Block {
        kind,
        text,
        items,
        start,
    };
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if para.is_empty() {
            return;
        }
        let is_list = para
            .iter()
            .all(|l| l.starts_with("- ") || l.starts_with("* "));
        let numbered: Option<Vec<(u64, &str)>> = para.iter().map(|l| numbered_item(l)).collect();
        if is_list {
            let items = para.iter().map(|l| l[2..].trim().to_string()).collect();
            out.push(block("ul", String::new(), items, 0));
        } else if let Some(numbered) = numbered {
            let start = numbered[0].0;
            let items = numbered.iter().map(|(_, t)| t.to_string()).collect();
            // `text` too, for a template made before numbered lists.
            out.push(block("ol", para.join(" "), items, start));
        } else {
            out.push(block("p", para.join(" "), Vec::new(), 0));
        }
        para.clear();
    };
    let mut lines = text.lines();
    while let Some(raw) = lines.next() {
        let line = raw.trim();
        if let Some((mark, len)) = fence(line) {
            flush(&mut para, &mut out);
            let mut code: Vec<&str> = Vec::new();
            for raw in lines.by_ref() {
                if fence(raw.trim()).is_some_and(|(m, l)| {
                    m == mark && l >= len && raw.trim().chars().all(|c| c == mark)
                }) {
                    break;
                }
                code.push(raw.trim_end());
            }
            out.push(block("pre", code.join("\n"), Vec::new(), 0));
        } else if line.is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A code fence: three or more backticks or tildes at the start of a
/// (trimmed) line, and which and how many.
fn fence(line: &str) -> Option<(char, usize)> {
    let mark = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = line.chars().take_while(|&c| c == mark).count();
    (len >= 3).then_some((mark, len))
}

/// A numbered list item: up to 9 digits, `.` or `)`, a space, the text.
fn numbered_item(line: &str) -> Option<(u64, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &line[digits..];
    let text = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))?
        .trim();
    Some((line[..digits].parse().ok()?, text))
}

fn clean_list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// Build the view of one post-mortem.
pub fn build(pm: &PostMortem, zone: &Zone, zone_name: &str, today: NaiveDate) -> PostMortemView {
    let start = model::impact_start(&pm.timeline);
    let mut entries: Vec<&model::TimelineEntry> = pm.timeline.iter().collect();
    entries.sort_by_key(|e| e.at);
    let local_days: std::collections::BTreeSet<NaiveDate> = entries
        .iter()
        .map(|e| zone.to_local(e.at).date_naive())
        .collect();
    let multi_day = local_days.len() > 1;
    let timeline = entries
        .iter()
        .map(|e| entry_view(e, zone, start, multi_day))
        .collect();

    let figures = figure_views(pm, start.is_some());

    let actions: Vec<ActionView> = pm
        .action_items
        .iter()
        .map(|a| {
            let overdue_days = a.days_overdue(today);
            let state = match (a.status, a.due, overdue_days) {
                (ActionStatus::Open, Some(_), Some(n)) => format!("overdue by {}", days(n)),
                (ActionStatus::Open, Some(d), None) => format!("due {d}"),
                (ActionStatus::Open, None, _) => "no due date".into(),
                (s, _, _) => match a.closed {
                    Some(c) => format!("{} {c}", s.as_str()),
                    None => s.as_str().to_string(),
                },
            };
            ActionView {
                id: a.id.clone(),
                title: a.title.trim().to_string(),
                owner: a.owner.clone().filter(|o| !o.trim().is_empty()),
                due: a.due.map(|d| d.to_string()),
                status: a.status.as_str(),
                kind: a.kind.clone(),
                priority: a.priority.clone(),
                link: a.link.as_deref().map(|l| LinkView::new(Some("link"), l)),
                closed: a.closed.map(|d| d.to_string()),
                note: a.note.clone().filter(|n| !n.trim().is_empty()),
                overdue_days,
                state,
            }
        })
        .collect();
    let actions_summary = ActionsSummary {
        total: actions.len(),
        open: count_status(pm, ActionStatus::Open),
        done: count_status(pm, ActionStatus::Done),
        dropped: count_status(pm, ActionStatus::Dropped),
        overdue: actions.iter().filter(|a| a.overdue_days.is_some()).count(),
    };

    let lessons = LessonsView {
        went_well: clean_list(&pm.lessons.went_well),
        went_wrong: clean_list(&pm.lessons.went_wrong),
        got_lucky: clean_list(&pm.lessons.got_lucky),
        any: false,
    };
    let lessons = LessonsView {
        any: !(lessons.went_well.is_empty()
            && lessons.went_wrong.is_empty()
            && lessons.got_lucky.is_empty()),
        ..lessons
    };

    PostMortemView {
        id: pm.id.clone(),
        title: pm.title.clone(),
        severity: pm.severity.clone(),
        status: pm.status.as_str().to_string(),
        date: pm.date.to_string(),
        authors: clean_list(&pm.authors),
        responders: clean_list(&pm.responders),
        services: clean_list(&pm.services),
        tags: clean_list(&pm.tags),
        zone: zone_name.to_string(),
        today: today.to_string(),
        summary: blocks(pm.summary.as_deref()),
        impact: blocks(pm.impact.as_deref()),
        trigger: blocks(pm.trigger.as_deref()),
        timeline,
        multi_day,
        has_impact_start: start.is_some(),
        figures,
        root_cause: blocks(pm.root_cause.as_deref()),
        contributing_factors: clean_list(&pm.contributing_factors),
        detection_gap: blocks(pm.detection_gap.as_deref()),
        response: blocks(pm.response.as_deref()),
        lessons,
        actions,
        actions_summary,
        follow_up: follow_up_view(pm, today),
        links: pm
            .links
            .iter()
            .map(|l| LinkView::new(l.title.as_deref(), &l.url))
            .collect(),
    }
}

fn count_status(pm: &PostMortem, status: ActionStatus) -> usize {
    pm.action_items
        .iter()
        .filter(|a| a.status == status)
        .count()
}

fn entry_view(
    e: &model::TimelineEntry,
    zone: &Zone,
    start: Option<DateTime<FixedOffset>>,
    multi_day: bool,
) -> EntryView {
    let local = zone.to_local(e.at);
    // In the hour repeated when clocks go back, with its offset.
    let time = clock::wall_time(
        zone,
        e.at,
        if multi_day {
            "%Y-%m-%d %H:%M:%S"
        } else {
            "%H:%M:%S"
        },
    );
    let text = e.text.trim_end().to_string();
    let offset_seconds = start.map(|s| (e.at - s).num_seconds());
    EntryView {
        time,
        at: clock::format_at(local),
        offset: offset_seconds.map(clock::t_offset).unwrap_or_default(),
        offset_seconds,
        kind: e.kind.clone(),
        milestone: e.kind == "impact-start" || model::MILESTONES.iter().any(|m| m.0 == e.kind),
        lines: text.lines().map(str::to_string).collect(),
        text,
        by: e.by.clone(),
        trace_id: e.trace_id.clone(),
        link: e.link.as_deref().map(|l| LinkView::new(Some("link"), l)),
    }
}

fn figure_views(pm: &PostMortem, has_start: bool) -> Vec<FigureView> {
    let figures = Figures::from_timeline(&pm.timeline);
    model::MILESTONES
        .iter()
        .map(|(kind, key, label)| {
            let seconds = figures.get(key);
            let missing = match seconds {
                Some(_) => String::new(),
                None if !has_start => "no impact-start entry".into(),
                None => format!("no {kind} entry"),
            };
            let mut label = label.to_string();
            label[..1].make_ascii_uppercase();
            FigureView {
                key,
                label,
                milestone: kind,
                seconds,
                human: seconds.map(clock::human_duration).unwrap_or_default(),
                missing,
            }
        })
        .collect()
}

fn follow_up_view(pm: &PostMortem, today: NaiveDate) -> FollowUpView {
    let f = &pm.follow_up;
    // A closed post-mortem's review is no longer pending (docs/format.md,
    // `pm due`): not overdue however old its due date.
    let closed = pm.status == crate::model::Status::Closed;
    let overdue_days = f.days_overdue(today).filter(|_| !closed);
    let (state, text) = match (f.due, f.held, overdue_days) {
        (Some(due), Some(held), _) if held > due => (
            "held",
            format!("held {held}, {} late", days((held - due).num_days())),
        ),
        (_, Some(held), _) => ("held", format!("held {held}")),
        (Some(due), None, _) if closed => (
            "not held",
            format!("due {due}, not held: the post-mortem was closed without it"),
        ),
        (Some(due), None, Some(n)) => ("overdue", format!("due {due}, overdue by {}", days(n))),
        (Some(due), None, None) => ("scheduled", format!("due {due}")),
        (None, None, _) => ("not scheduled", "not scheduled".into()),
    };
    FollowUpView {
        due: f.due.map(|d| d.to_string()),
        held: f.held.map(|d| d.to_string()),
        notes: blocks(f.notes.as_deref()),
        overdue_days,
        state,
        text,
        history: f
            .history
            .iter()
            .map(|p| PastReviewView {
                due: p.due.map(|d| d.to_string()),
                held: p.held.to_string(),
                notes: blocks(p.notes.as_deref()),
            })
            .collect(),
        owner: model::review_owner(f.owner.as_deref(), pm.authors.iter().map(String::as_str))
            .filter(|_| f.held.is_none() && f.due.is_some() && !closed)
            .map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_blocks() {
        let b = blocks(Some("One line\nwrapped.\n\n- a\n- b\n\n\nLast."));
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].text, "One line wrapped.");
        assert_eq!(b[1].items, ["a", "b"]);
        assert_eq!(b[2].text, "Last.");
        assert!(blocks(Some("  \n ")).is_empty());
        let b = blocks(Some(
            "Ran:\n```sh\n$ wafctl kill --global\n  indented\n```\n1. first\n2) second\n\n~~~\nopen",
        ));
        assert_eq!(b.len(), 4);
        assert_eq!((b[0].kind, b[0].text.as_str()), ("p", "Ran:"));
        assert_eq!(b[1].kind, "pre");
        assert_eq!(b[1].text, "$ wafctl kill --global\n  indented");
        assert_eq!((b[2].kind, b[2].start), ("ol", 1));
        assert_eq!(b[2].items, ["first", "second"]);
        assert_eq!((b[3].kind, b[3].text.as_str()), ("pre", "open"));
        assert!(blocks(None).is_empty());
    }
}
