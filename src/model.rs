//! The post-mortem format, version 1, as typed data.
//!
//! These types are for reading. pm never writes a post-mortem by serialising
//! them: edits are spliced into the person's text (see `edit.rs`), so keys
//! pm does not know, comments and formatting all survive.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// The top-level keys of format version 1, in the order the scaffold writes them.
pub const KNOWN_KEYS: &[&str] = &[
    "pm",
    "id",
    "title",
    "status",
    "severity",
    "date",
    "authors",
    "responders",
    "services",
    "tags",
    "summary",
    "impact",
    "trigger",
    "timeline",
    "root_cause",
    "contributing_factors",
    "detection_gap",
    "response",
    "lessons",
    "action_items",
    "follow_up",
    "links",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Review,
    Published,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Review,
        Status::Published,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
            Status::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PostMortem {
    pub pm: u64,
    #[serde(deserialize_with = "required_id")]
    pub id: String,
    #[serde(deserialize_with = "required_title")]
    pub title: String,
    pub status: Status,
    #[serde(deserialize_with = "required_severity")]
    pub severity: String,
    #[serde(deserialize_with = "date")]
    pub date: NaiveDate,
    #[serde(default, deserialize_with = "text_list")]
    pub authors: Vec<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub responders: Vec<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub services: Vec<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(default)]
    pub trigger: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub timeline: Vec<TimelineEntry>,
    #[serde(default)]
    pub root_cause: Option<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub contributing_factors: Vec<String>,
    #[serde(default)]
    pub detection_gap: Option<String>,
    #[serde(default)]
    pub response: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub lessons: Lessons,
    #[serde(default, deserialize_with = "null_default")]
    pub action_items: Vec<ActionItem>,
    #[serde(default, deserialize_with = "null_default")]
    pub follow_up: FollowUp,
    #[serde(default, deserialize_with = "null_default")]
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Lessons {
    #[serde(default, deserialize_with = "text_list")]
    pub went_well: Vec<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub went_wrong: Vec<String>,
    #[serde(default, deserialize_with = "text_list")]
    pub got_lucky: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TimelineEntry {
    #[serde(deserialize_with = "required_moment")]
    pub at: DateTime<FixedOffset>,
    #[serde(default = "note_kind")]
    pub kind: String,
    #[serde(deserialize_with = "required_text_field")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

fn note_kind() -> String {
    "note".into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Open,
    Done,
    Dropped,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ActionItem {
    #[serde(deserialize_with = "required_id")]
    pub id: String,
    #[serde(deserialize_with = "required_title")]
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    pub due: Option<NaiveDate>,
    #[serde(default = "open_status", deserialize_with = "action_status")]
    pub status: ActionStatus,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The day it was marked done or dropped.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_date"
    )]
    pub closed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The action item types (`type:`), as docs/postmortem.schema.json lists
/// them: `pm action add --type` and `pm lint` both ask this list.
pub const ACTION_TYPES: &[&str] = &["prevent", "mitigate", "detect", "process"];

/// The number of an action item id, `A12` -> 12: the one rule for what an
/// action id is (the schema's `^A[0-9]+$`). `pm action done ID#A2` takes
/// the id in either case; `pm lint` asks for the capital A the schema has.
pub fn action_id_number(id: &str) -> Option<u32> {
    let digits = id.strip_prefix(['A', 'a'])?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The id for a new item: `A<n+1>` where n is the highest number in use,
/// so ids are never reused while items are kept (pm drops items, it never
/// deletes them).
pub fn next_action_id<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let max = ids
        .into_iter()
        .filter_map(|id| action_id_number(id.trim()))
        .max()
        .unwrap_or(0);
    format!("A{}", u64::from(max) + 1)
}

/// The one rule for "overdue", for action items and reviews alike: days
/// past `due` on `today`, when `due` is before today (on its due day a
/// thing is due, not late). Every command asks this function, so `pm
/// show`, `pm list`, `pm due` and the site never disagree.
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> Option<i64> {
    (due < today).then(|| (today - due).num_days())
}

impl ActionItem {
    /// Days past its due date, for an open item due before `today`.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        action_days_overdue(self.status, self.due, today)
    }
}

/// [`days_overdue`] for an action item: only an open one can be late.
pub fn action_days_overdue(
    status: ActionStatus,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<i64> {
    match (status, due) {
        (ActionStatus::Open, Some(due)) => days_overdue(due, today),
        _ => None,
    }
}

fn open_status() -> ActionStatus {
    ActionStatus::Open
}

/// An action item's `status`, optional: left empty (`status:`, `~`,
/// `null`) it is the default, open, as any optional field left empty is
/// absent.
fn action_status<'de, D: Deserializer<'de>>(de: D) -> Result<ActionStatus, D::Error> {
    Ok(Option::<ActionStatus>::deserialize(de)?.unwrap_or(ActionStatus::Open))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct FollowUp {
    /// When the follow-up review is due.
    #[serde(default, deserialize_with = "optional_date")]
    pub due: Option<NaiveDate>,
    /// When the last review was held; empty while the review is pending.
    #[serde(default, deserialize_with = "optional_date")]
    pub held: Option<NaiveDate>,
    #[serde(default)]
    pub notes: Option<String>,
    /// Who runs the review; when empty, the first author does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Earlier reviews, when `pm review --again` scheduled another.
    #[serde(default, deserialize_with = "null_default")]
    pub history: Vec<PastReview>,
}

impl FollowUp {
    /// Days past its due date, for a review not held yet.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        review_days_overdue(self.due, self.held, today)
    }
}

/// [`days_overdue`] for a review: once held it is not late.
pub fn review_days_overdue(
    due: Option<NaiveDate>,
    held: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<i64> {
    match (due, held) {
        (Some(due), None) => days_overdue(due, today),
        _ => None,
    }
}

/// Who runs the review: `follow_up.owner` when written, else the first
/// author; None when there is neither.
pub fn review_owner<'a>(
    owner: Option<&'a str>,
    mut authors: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    owner
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .or_else(|| authors.find(|a| !a.trim().is_empty()))
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PastReview {
    #[serde(default, deserialize_with = "optional_date")]
    pub due: Option<NaiveDate>,
    #[serde(deserialize_with = "date")]
    pub held: NaiveDate,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Link {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(deserialize_with = "required_url")]
    pub url: String,
}

/// Accept `key:` (null) where a list or mapping is expected: a freshly
/// scaffolded file leaves sections empty.
fn null_default<'de, D, T>(de: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(de)?.unwrap_or_default())
}

/// A list of text (`services`, `contributing_factors`, `lessons.went_well`,
/// ...): a null list is empty, and a null item (`- ~`, `[null, api]`) is an
/// empty item, left out, never the text `~` or `null` (quoted, `"~"` is
/// text). A number is its text.
fn text_list<'de, D: Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<Option<String>>>::deserialize(de)?
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect())
}

/// A required text field: YAML's null (`~`, `null`, nothing after the
/// colon) is the field missing, as `pm lint` reports it, never the text
/// `~` or `null` (quoted, `"~"` is text). A number is its text.
fn required_text<'de, D: Deserializer<'de>>(de: D, field: &str) -> Result<String, D::Error> {
    Option::<String>::deserialize(de)?
        .ok_or_else(|| serde::de::Error::custom(null_required(field, field)))
}

/// The words for a required field left null, `path` naming it (for lint,
/// `action_items[0].title`) and `key` as written in the file.
pub fn null_required(path: &str, key: &str) -> String {
    format!("`{path}` {NULL_REQUIRED}; write a value after `{key}:`")
}

const NULL_REQUIRED: &str = "is empty (null), but it is required";

/// Where a loader error says a required field was left null, if it is
/// one: the field's path as lint names it (`severity`,
/// `action_items[0].title`), for the error's position and for lint, which
/// reports it as `missing-field`. serde puts the mapping's path before
/// the message (`action_items[0]: `title` is empty ...`).
pub fn null_required_field(message: &str) -> Option<String> {
    let (path, message) = match message.split_once(": `") {
        Some((path, rest)) if !path.contains(' ') => (path, rest),
        _ => ("", message.strip_prefix('`')?),
    };
    let (field, after) = message.split_once('`')?;
    if !after.trim_start().starts_with(NULL_REQUIRED) {
        return None;
    }
    Some(if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    })
}

fn required_id<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    required_text(de, "id")
}

fn required_title<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    required_text(de, "title")
}

fn required_severity<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    required_text(de, "severity")
}

fn required_text_field<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    required_text(de, "text")
}

fn required_url<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    required_text(de, "url")
}

/// A day written as YYYY-MM-DD, with an error that says so.
fn date<'de, D: Deserializer<'de>>(de: D) -> Result<NaiveDate, D::Error> {
    struct Day;
    impl serde::de::Visitor<'_> for Day {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date written YYYY-MM-DD, such as 2026-11-27")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NaiveDate, E> {
            crate::clock::iso_date(v.trim()).ok_or_else(|| {
                E::custom(format!(
                    "`{v}` is not a date; write it YYYY-MM-DD, such as 2026-11-27"
                ))
            })
        }
    }
    de.deserialize_str(Day)
}

/// A moment with its offset, as RFC 3339 writes it (the loader also takes
/// a space for the `T`; lint asks for the `T`). A hand-written time
/// without an offset, or out of range, is refused in words, not in the
/// date parser's ("premature end of input").
fn moment<'de, D: Deserializer<'de>>(de: D) -> Result<DateTime<FixedOffset>, D::Error> {
    struct Moment;
    impl serde::de::Visitor<'_> for Moment {
        type Value = DateTime<FixedOffset>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a time with its offset, such as 2026-11-26T09:12:00Z")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            crate::clock::read_at(v).ok_or_else(|| {
                if crate::clock::at_outside_years(v) {
                    return E::custom(format!("`{v}` {}", crate::clock::OUTSIDE_YEARS));
                }
                E::custom(format!(
                    "`{v}` is not a time pm can read; write it like 2026-11-26T09:12:00Z \
                     (the date, the time with seconds, and the offset: Z for UTC, or +02:00)"
                ))
            })
        }
    }
    de.deserialize_str(Moment)
}

/// A timeline entry's `at`: left null (`at: ~`) it is missing, as a
/// required text is ([`required_text`]), never a time written `~`.
fn required_moment<'de, D: Deserializer<'de>>(de: D) -> Result<DateTime<FixedOffset>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "moment")] DateTime<FixedOffset>);
    Option::<Wrapped>::deserialize(de)?
        .map(|w| w.0)
        .ok_or_else(|| serde::de::Error::custom(null_required("at", "at")))
}

/// An optional day: empty, or YYYY-MM-DD.
fn optional_date<'de, D: Deserializer<'de>>(de: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "date")] NaiveDate);
    Ok(Option::<Wrapped>::deserialize(de)?.map(|w| w.0))
}

/// The derived incident figures, in seconds, computed from timeline milestones.
///
/// Each figure runs from the first `impact-start` entry to the first entry of
/// the milestone kind. A missing milestone leaves its figure absent: pm never
/// guesses.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Figures {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_detect: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_acknowledge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_mitigate: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_resolve: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact_duration: Option<i64>,
}

/// The earliest entry of a kind: figures count from and to the first one.
pub fn first_of_kind(timeline: &[TimelineEntry], kind: &str) -> Option<DateTime<FixedOffset>> {
    timeline
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.at)
        .min()
}

/// When impact started: the first `impact-start` entry. T+ offsets count from it.
pub fn impact_start(timeline: &[TimelineEntry]) -> Option<DateTime<FixedOffset>> {
    first_of_kind(timeline, "impact-start")
}

/// The milestone entries (detected, acknowledged, mitigated, resolved)
/// earlier than impact started: the figures from them are negative. It is
/// usually a time typed in another zone or taken for the wrong day; `pm
/// lint` reports each as `milestone-order`, and the timeline commands warn
/// of one when they write it.
pub fn milestones_before_impact(timeline: &[TimelineEntry]) -> Vec<&TimelineEntry> {
    let Some(start) = impact_start(timeline) else {
        return Vec::new();
    };
    timeline
        .iter()
        .filter(|e| MILESTONES.iter().any(|(kind, ..)| *kind == e.kind) && e.at < start)
        .collect()
}

/// The milestones figures are measured to, in order, with their figure's
/// JSON name and label.
pub const MILESTONES: &[(&str, &str, &str)] = &[
    ("detected", "time_to_detect", "time to detect"),
    ("acknowledged", "time_to_acknowledge", "time to acknowledge"),
    ("mitigated", "time_to_mitigate", "time to mitigate"),
    ("resolved", "time_to_resolve", "time to resolve"),
];

impl Figures {
    pub fn from_timeline(timeline: &[TimelineEntry]) -> Figures {
        let first = |kind: &str| first_of_kind(timeline, kind);
        let Some(start) = impact_start(timeline) else {
            return Figures::default();
        };
        let since = |kind: &str| first(kind).map(|t| (t - start).num_seconds());
        let resolved = since("resolved");
        Figures {
            time_to_detect: since("detected"),
            time_to_acknowledge: since("acknowledged"),
            time_to_mitigate: since("mitigated"),
            time_to_resolve: resolved,
            impact_duration: resolved,
        }
    }

    /// A figure by its JSON name (`time_to_detect`, ...).
    pub fn get(&self, name: &str) -> Option<i64> {
        match name {
            "time_to_detect" => self.time_to_detect,
            "time_to_acknowledge" => self.time_to_acknowledge,
            "time_to_mitigate" => self.time_to_mitigate,
            "time_to_resolve" => self.time_to_resolve,
            "impact_duration" => self.impact_duration,
            _ => None,
        }
    }

    /// Label and value of every figure that is present, in milestone order.
    pub fn present(&self) -> Vec<(&'static str, i64)> {
        [
            ("time to detect", self.time_to_detect),
            ("time to acknowledge", self.time_to_acknowledge),
            ("time to mitigate", self.time_to_mitigate),
            ("time to resolve", self.time_to_resolve),
            ("impact duration", self.impact_duration),
        ]
        .into_iter()
        .filter_map(|(label, v)| v.map(|v| (label, v)))
        .collect()
    }
}

/// The built-in timeline kinds; `pm.yaml` may add more.
pub const TIMELINE_KINDS: &[&str] = &[
    "impact-start",
    "detected",
    "acknowledged",
    "mitigated",
    "resolved",
    "note",
];
