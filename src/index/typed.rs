//! A summary read straight from the span tree, without the typed parser.
//!
//! [`summary`] gives exactly what `Summary::from_postmortem` of
//! `store::parse_postmortem` gives for the same document, or None, and the
//! caller runs the typed parser (which also words the error when the file
//! is wrong). It mirrors the serde rules of `model::PostMortem` as
//! `yaml_serde` applies them, which were checked one by one:
//! - a `String` field takes any scalar's text as written (`12` and
//!   `true` are strings there), but null (`~`, `null`, nothing) is a
//!   required field missing, which declines;
//! - an `Option` field is None for a plain `~`, `null`, `Null`, `NULL` or
//!   nothing, and takes any other scalar;
//! - a list or mapping field left null is empty; a scalar there is an error;
//! - dates go through the same `NaiveDate` and `DateTime` parsers;
//! - keys it does not know are ignored, as serde ignores unknown fields.
//!
//! Anything outside these rules (a wrong type, a missing required field, a
//! bad date, a format version other than `pm: 1`) declines rather than
//! guesses. It is used only on trees from the strict scanner
//! (`yaml/fast.rs`), so it sees only the plain YAML both parsers read alike.
//! The property test `fast_summary_agrees_with_the_full_parser` compares
//! it with the typed parser on generated documents.

use chrono::NaiveDate;

use super::{ActionSummary, Summary, day_number};
use crate::model::{ActionStatus, Status};
use crate::yaml::{Lite, LiteKind, Style};

pub fn summary(root: &Lite<'_>) -> Option<Summary> {
    let mut pm_version = false;
    let (mut id, mut title, mut status, mut severity, mut date) = (None, None, None, None, None);
    let mut s = Summary::default();
    for (key, value) in map(root)? {
        let name = key_name(key)?;
        match name {
            "pm" => pm_version = plain(value)? == "1",
            "id" => id = Some(required(value)?),
            "title" => title = Some(required(value)?),
            "status" => status = Some(Status::parse(string(value)?)? as u8),
            "severity" => severity = Some(required(value)?),
            "date" => date = Some(self::date(value)?),
            "authors" => s.authors = strings(value)?,
            "services" => s.services = strings(value)?,
            "tags" => s.tags = strings(value)?,
            "responders" | "contributing_factors" => {
                strings(value)?;
            }
            "summary" | "impact" | "trigger" | "root_cause" | "detection_gap" | "response" => {
                optional_string(value)?;
            }
            "timeline" => {
                for entry in list(value)? {
                    timeline_entry(entry)?;
                }
            }
            "lessons" => {
                for (key, value) in map_or_null(value)? {
                    match key_name(key)? {
                        "went_well" | "went_wrong" | "got_lucky" => {
                            strings(value)?;
                        }
                        _ => {}
                    }
                }
            }
            "action_items" => {
                for item in list(value)? {
                    s.actions.push(action(item)?);
                }
            }
            "follow_up" => {
                for (key, value) in map_or_null(value)? {
                    match key_name(key)? {
                        "due" => s.review_due = optional_date(value)?,
                        "held" => s.review_held = optional_date(value)?,
                        "owner" => s.review_owner = optional_string(value)?.map(str::to_string),
                        "notes" => {
                            optional_string(value)?;
                        }
                        "history" => {
                            for review in list(value)? {
                                past_review(review)?;
                            }
                        }
                        _ => {}
                    }
                }
            }
            "links" => {
                for link in list(value)? {
                    let mut url = false;
                    for (key, value) in map(link)? {
                        match key_name(key)? {
                            "title" => {
                                optional_string(value)?;
                            }
                            "url" => url = required(value).is_some(),
                            _ => {}
                        }
                    }
                    if !url {
                        return None;
                    }
                }
            }
            _ => {}
        }
    }
    if !pm_version {
        return None;
    }
    s.id = id?.to_string();
    s.title = title?.to_string();
    s.status = status?;
    s.severity = severity?.to_string();
    s.date = date?;
    Some(s)
}

fn timeline_entry(entry: &Lite<'_>) -> Option<()> {
    let (mut at, mut text) = (false, false);
    for (key, value) in map(entry)? {
        match key_name(key)? {
            "at" => at = crate::clock::read_at(string(value)?).is_some(),
            "text" => text = required(value).is_some(),
            "kind" => {
                string(value)?;
            }
            "by" | "trace_id" | "link" => {
                optional_string(value)?;
            }
            _ => {}
        }
    }
    (at && text).then_some(())
}

fn action(item: &Lite<'_>) -> Option<ActionSummary> {
    let (mut id, mut title) = (None, None);
    let mut a = ActionSummary {
        status: ActionStatus::Open as u8,
        ..ActionSummary::default()
    };
    for (key, value) in map(item)? {
        match key_name(key)? {
            "id" => id = Some(required(value)?),
            "title" => title = Some(required(value)?),
            "owner" => a.owner = optional_string(value)?.map(str::to_string),
            "due" => a.due = optional_date(value)?,
            // Left empty, it is the default, as `model::action_status` reads it.
            "status" if is_null(value) => {}
            "status" => {
                a.status = match string(value)? {
                    "open" => ActionStatus::Open,
                    "done" => ActionStatus::Done,
                    "dropped" => ActionStatus::Dropped,
                    _ => return None,
                } as u8
            }
            "closed" => a.closed = optional_date(value)?,
            "link" => a.link = optional_string(value)?.map(str::to_string),
            "type" | "priority" | "note" => {
                optional_string(value)?;
            }
            _ => {}
        }
    }
    a.id = id?.to_string();
    a.title = title?.to_string();
    Some(a)
}

fn past_review(review: &Lite<'_>) -> Option<()> {
    let mut held = false;
    for (key, value) in map(review)? {
        match key_name(key)? {
            "due" => {
                optional_date(value)?;
            }
            "held" => held = date(value).is_some(),
            "notes" => {
                optional_string(value)?;
            }
            _ => {}
        }
    }
    held.then_some(())
}

/// A key serde would read as this field name; words YAML might read as a
/// boolean or null decline, whatever serde would make of them.
fn key_name<'a>(key: &'a Lite<'_>) -> Option<&'a str> {
    let name = plain(key)?;
    let odd = [
        "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ]
    .iter()
    .any(|word| name.eq_ignore_ascii_case(word));
    (!odd).then_some(name)
}

fn is_null(node: &Lite<'_>) -> bool {
    plain(node).is_some_and(|v| matches!(v, "" | "~" | "null" | "Null" | "NULL"))
}

fn map<'n, 'a>(node: &'n Lite<'a>) -> Option<&'n [(Lite<'a>, Lite<'a>)]> {
    match &node.kind {
        LiteKind::Map(entries) => Some(entries),
        _ => None,
    }
}

fn map_or_null<'n, 'a>(node: &'n Lite<'a>) -> Option<&'n [(Lite<'a>, Lite<'a>)]> {
    if is_null(node) { Some(&[]) } else { map(node) }
}

fn list<'n, 'a>(node: &'n Lite<'a>) -> Option<&'n [Lite<'a>]> {
    match &node.kind {
        LiteKind::Seq(items) => Some(items),
        _ if is_null(node) => Some(&[]),
        _ => None,
    }
}

fn string<'n>(node: &'n Lite<'_>) -> Option<&'n str> {
    match &node.kind {
        LiteKind::Scalar(value, _) => Some(value),
        _ => None,
    }
}

fn plain<'n>(node: &'n Lite<'_>) -> Option<&'n str> {
    match &node.kind {
        LiteKind::Scalar(value, Style::Plain) => Some(value),
        _ => None,
    }
}

/// A required text: null declines, as the loader refuses it
/// (`model::required_text`).
fn required<'n>(node: &'n Lite<'_>) -> Option<&'n str> {
    if is_null(node) { None } else { string(node) }
}

/// Some(None) for null, Some(Some(text)) for another scalar, None otherwise.
fn optional_string<'n>(node: &'n Lite<'_>) -> Option<Option<&'n str>> {
    if is_null(node) {
        return Some(None);
    }
    string(node).map(Some)
}

/// A list of text, as `model::text_list` reads it: a null item is left out.
fn strings(node: &Lite<'_>) -> Option<Vec<String>> {
    list(node)?
        .iter()
        .filter(|item| !is_null(item))
        .map(|item| string(item).map(str::to_string))
        .collect()
}

/// The same result as `model::date`, which parses the trimmed text with
/// `%Y-%m-%d`: for the usual `2026-11-27` the fields are read directly
/// (chrono re-reads its format string on every call).
fn date(node: &Lite<'_>) -> Option<i32> {
    let text = string(node)?;
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        match (digits(0..4), digits(5..7), digits(8..10)) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => crate::clock::iso_date(text.trim()),
        }
    } else {
        crate::clock::iso_date(text.trim())
    };
    date.map(day_number)
}

fn optional_date(node: &Lite<'_>) -> Option<Option<i32>> {
    if is_null(node) {
        return Some(None);
    }
    date(node).map(Some)
}
