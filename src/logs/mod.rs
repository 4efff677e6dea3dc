//! Reading logs for `pm timeline import`.
//!
//! `--from` names files, folders or `-` ([`input`]); each is read as a
//! stream of bounded lines, unwrapped from gzip or zstd by its first bytes.
//! Each line is unwrapped from its envelope ([`envelope`]: OTLP/JSON,
//! Docker json-file, Kubernetes CRI, a line after its time (`kubectl logs
//! --timestamps`), Fluent Bit, CloudWatch, Datadog's
//! API, Loki's API and logcli, Kubernetes events, or none), and each
//! record's time, message, level, trace id and service are found by field
//! name ([`fields`]). Records that match the query are weighed against the
//! timeline and become [`Entry`]s, bursts of one message grouped
//! ([`group`]). Trace ids match across spellings ([`trace`]).
//!
//! Nothing here writes: the caller gets records, a report, and a plan of
//! the entries to add.

mod array;
mod envelope;
mod fields;
mod group;
mod input;
mod redact;
mod text;
pub mod trace;

use std::borrow::Cow;
use std::collections::hash_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use anyhow::Result;
use rayon::prelude::*;
use serde_json::Value;

use crate::error::UserError;

pub use envelope::Format;
pub use fields::LEVEL_NAMES;
pub use group::{BURST_GAP_SECONDS, Entry, Found, Origin, Plan, Written, plan};
pub use input::{MAX_LINE_BYTES, Source, sources};
pub use trace::TraceId;

/// At most this many matching records are held; a query that matches
/// more is too broad for a timeline.
pub const MAX_MATCHES: usize = 1_000_000;

/// How many entries one import adds at most unless `--max-entries` says
/// more: an incident's timeline holds tens of entries; thousands of log
/// records are a storm to narrow (by level, time or trace id), not to read.
pub const MAX_ENTRIES: usize = 500;
/// At most this much distinct message text is held.
pub const MAX_MATCHED_BYTES: usize = 64 * 1024 * 1024;

/// Which records to take, and how to read them.
#[derive(Debug, Default)]
pub struct Query {
    pub trace: Option<TraceId>,
    /// The lowest level to keep, as a rank (see [`level_rank`]).
    pub min_level: Option<u8>,
    /// Field names given by flags; None means the usual names.
    pub time_field: Option<String>,
    pub message_field: Option<String>,
    pub level_field: Option<String>,
    pub trace_field: Option<String>,
    /// The repository's time zone, where times are written (UTC when
    /// None): a record whose time cannot be written there is skipped.
    pub zone: Option<crate::clock::Zone>,
    /// The zone of times written without a UTC offset (`--log-timezone`);
    /// None: the repository's ([`Query::zone`]).
    pub log_zone: Option<crate::clock::Zone>,
    /// Keep records at or after this time (`--since`).
    pub since: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Keep records at or before this time (`--until`).
    pub until: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// The rank of a level name typed by a person (`--level error`).
pub fn level_rank(name: &str) -> Option<u8> {
    // A name, or a pino/bunyan number (`--level 50`).
    fields::level_rank("level", &Value::String(name.to_string()))
}

/// What reading one input found.
#[derive(Debug, Default)]
pub struct FileReport {
    pub shown: String,
    pub compression: Option<&'static str>,
    /// Records read, by envelope format.
    pub formats: BTreeMap<Format, usize>,
    /// Non-empty lines.
    pub lines: usize,
    /// Lines that are not log records; the first line or element that
    /// is not one, and why.
    pub not_records: usize,
    pub first_not_record: Option<(usize, Cow<'static, str>)>,
    /// Credentials replaced in the matching records' messages.
    pub redacted: usize,
    /// Lines that were not UTF-8, read as Latin-1 (a Windows tool's or an
    /// old server's accented message), and the first of them.
    pub latin1: Option<(usize, usize)>,
    /// In a log of lines that start with a time, the lines that do not
    /// (a stack trace's, a wrapped message's): part of the record before.
    pub continued: usize,
    /// Of those, the ones added to a matching record's entry.
    pub attached: usize,
    /// adb logcat's lines between its buffers (`--------- beginning of
    /// main`), passed over.
    pub dividers: usize,
    /// Elements of a JSON array of records (an input whose first line
    /// opens one), and how many of them are not records: counted apart
    /// from lines, as one line may hold many elements or one element
    /// many lines.
    pub elements: usize,
    pub not_elements: usize,
    /// Matching records without a usable time or message, by what they
    /// lack ("time" or "message"): how many, and the first line.
    pub incomplete: BTreeMap<&'static str, (usize, usize)>,
    /// The first of those records' time fields that holds a value pm does
    /// not read as a time: the field and its value, to quote.
    pub unreadable_time: Option<(String, String)>,
    /// Matching records whose time pm cannot write (outside the years 1
    /// to 9999): how many, and the first line.
    pub out_of_range: Option<(usize, usize)>,
    /// Matching records whose time has no UTC offset, read in
    /// [`Query::naive_zone`]: how many, and the first line.
    pub no_offset: Option<(usize, usize)>,
    /// Matching records whose time cannot happen (a leap second at a
    /// minute other than 23:59 UTC): how many, and the first line.
    pub impossible: Option<(usize, usize)>,
    /// Matching records whose time has no UTC offset and names a
    /// wall-clock time the clocks showed twice (the hour repeated when
    /// they went back), read as the first: how many, and the first line.
    pub ambiguous: Option<(usize, usize)>,
    /// Matching records whose time has no UTC offset and names a
    /// wall-clock time the clocks skipped (the hour they went forward),
    /// read as after the change: how many, and the first line.
    pub skipped_time: Option<(usize, usize)>,
    /// Records read (JSON objects and lines of text), how many of them
    /// were JSON, and whether any had a level (a trace id) pm could find:
    /// with none, `--level` (`--trace-id`) cannot match, and the warning
    /// says why.
    pub records: usize,
    pub json_records: usize,
    pub level_found: bool,
    pub trace_found: bool,
    /// JSON records read for `--level` that have no level pm can find,
    /// in an input where others have one: how many, and the first line
    /// (they cannot match, and would otherwise go unmentioned).
    pub no_level: Option<(usize, usize)>,
    /// Lines passed over unparsed because they cannot hold the trace id.
    pub passed_over: usize,
    /// Why the file was left out (found in a folder, but not a log).
    pub left_out: Option<String>,
    /// The earlier input holding the same log (a copy, the same log
    /// compressed): its records were counted there, not again here.
    pub same_as: Option<String>,
    /// API results that are not all of them (one page of several, a
    /// search that timed out), and the line they start on.
    pub more: Option<(usize, envelope::More)>,
    /// A record that wraps a list of objects (see `Unwrapper::wrapper`).
    pub wrapper: Option<(usize, String, usize)>,
    /// The input starts as journalctl's export format does.
    pub journal_export: bool,
    /// The input starts as a classic syslog line (`Nov 26 04:02:11 ...`).
    pub classic_syslog: bool,
    /// The input starts as a shape pm does not read and knows how to
    /// export as one it does (see [`shape_hint`]): what to do.
    pub shape_hint: Option<&'static str>,
    /// Matching records read already, through an earlier input or earlier
    /// in this one (the same Datadog log, the same Kubernetes event): how
    /// many, and the input the first of them was read from.
    pub repeated: Option<(usize, String)>,
}

/// The records found in all inputs, and what was read.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The matching records, in time order (those at one time in the
    /// order read); [`plan`] makes entries of them.
    pub found: Vec<Found>,
    pub files: Vec<FileReport>,
    /// For each of time, message, level, trace and service: the fields the
    /// matching records took it from, and how often.
    pub fields_used: BTreeMap<&'static str, BTreeMap<String, usize>>,
    /// Where times without a UTC offset were read, in words, for the note
    /// about them.
    pub naive_zone: String,
    /// What was asked, for the warnings about fields never found: the
    /// level (`--level`, and the field `--level-field` names) and the
    /// trace (`--trace-id`, `--trace-field`).
    pub asked_level: Option<Option<String>>,
    pub asked_trace: Option<Option<String>>,
    /// The fields `--time-field` and `--message-field` named, for the
    /// warnings about records without them.
    pub time_field: Option<String>,
    pub message_field: Option<String>,
}

/// What to do with a plain-text log (`2026-12-01 05:13:00,123 ERROR ...`
/// a line): pm reads text lines only inside an envelope (Docker, CRI,
/// Loki...) that gives each its time, so the person wraps them as JSON
/// lines with one.
const PLAIN_TEXT_HINT: &str = "a plain-text log is read when its lines start with a date and time (`2026-12-01 05:13:00,123 ERROR text`, `2026-12-01T05:13:00-0500 host app: text`); for another shape, make it JSON lines with a time, a level and a message, for lines such as `26/11/2026 05:13:00 ERROR text`: \
     jq -R -c 'capture(\"^(?<d>[0-9]+)/(?<m>[0-9]+)/(?<y>[0-9]+) (?<t>[^ ]+) (?<level>[A-Z]+) (?<message>.*)\") | {time: \"\\(.y)-\\(.m)-\\(.d) \\(.t)\", level, message}' app.log | pm timeline import --from - --level error";

/// The words of a warning about `count` records and their times: `1
/// matching record has a time ... it`, `3 matching records have times ...
/// them`.
fn records_with_times(count: usize) -> (&'static str, &'static str, &'static str, &'static str) {
    match count {
        1 => ("record", "has", "a time", "it"),
        _ => ("records", "have", "times", "them"),
    }
}

/// What to do with an input whose first lines show a shape pm does not
/// read but whose tool can write one it does: `kubectl get events`' table
/// (ages, no times), Windows events as XML, Android's `adb logcat` (no
/// year), log4j's `yyMMdd HHmmss` (HDFS; a year of two digits).
fn shape_hint(first: &[u8]) -> Option<&'static str> {
    static LOGCAT: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(
            r"^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}(?:\s+\d+\s+\d+ [VDIWEFA] | [VDIWEFA]/)",
        )
        .expect("the logcat pattern is valid")
    });
    static COMPACT: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r"^\d{6} \d{6} (?:\d+ )?[A-Z]+ ")
            .expect("the compact date pattern is valid")
    });
    if LOGCAT.is_match(first) {
        return Some(
            "this is Android's `adb logcat` (`12-07 14:03:22.123  1234  1250 E Tag: text`), whose times have no year; have logcat write the year and the offset, which pm reads with the priority letter as the level: adb logcat -d -v threadtime,year,zone | pm timeline import --from - --level error",
        );
    }
    if COMPACT.is_match(first) {
        return Some(
            "this looks like log4j's `yyMMdd HHmmss` dates (HDFS: `081109 203615 148 INFO dfs.DataNode: text`), whose years have two digits, and pm does not guess the century; make them JSON lines with the whole year: jq -R -c 'capture(\"^(?<y>[0-9]{2})(?<m>[0-9]{2})(?<d>[0-9]{2}) (?<H>[0-9]{2})(?<M>[0-9]{2})(?<S>[0-9]{2}) ([0-9]+ )?(?<level>[A-Z]+) (?<message>.*)\") | {time: \"20\\(.y)-\\(.m)-\\(.d) \\(.H):\\(.M):\\(.S)\", level, message}' FILE | pm timeline import --from - --level error (or log `%d{ISO8601}` dates from now on)",
        );
    }
    let first = first.trim_ascii_start();
    if (first.starts_with(b"LAST SEEN") || first.starts_with(b"NAMESPACE"))
        && memchr::memmem::find(first, b"REASON").is_some()
    {
        return Some(
            "this is `kubectl get events` as a table, whose ages (3m14s) have no date; export the events with their times: kubectl get events -o json | pm timeline import --from - --level warn",
        );
    }
    if first.starts_with(b"<Event") || first.starts_with(b"<?xml") || first.starts_with(b"<Events")
    {
        return Some(
            "pm does not read XML; export Windows events as JSON: Get-WinEvent -LogName System -MaxEvents 500 | ConvertTo-Json | Out-File -Encoding utf8 events.json, then --from events.json",
        );
    }
    None
}

/// A classic syslog line (`Nov 26 04:02:11 host app[12]: text`) has no
/// year, so pm does not guess one.
const SYSLOG_HINT: &str = "this looks like classic syslog (`Nov 26 04:02:11 host app: ...`), whose times have no year; export the journal with its years: journalctl -o short-iso (or -o json) --since ... | pm timeline import --from - ..., or set rsyslog's RSYSLOG_FileFormat template";

impl FileReport {
    /// Whether the input has shown lines of text that start with a time
    /// (or a syslog header): then a line that does not continues the one
    /// before.
    fn text_lines(&self) -> bool {
        self.formats.contains_key(&Format::Timestamped)
            || self.formats.contains_key(&Format::Syslog)
    }
}

impl Query {
    /// The zone a time written without a UTC offset is read in: the one
    /// `--log-timezone` names, else the repository's.
    pub fn naive_zone(&self) -> crate::clock::Zone {
        self.log_zone
            .or(self.zone)
            .unwrap_or_else(crate::clock::Zone::utc)
    }

    /// [`Query::naive_zone`] in words.
    fn naive_zone_words(&self) -> String {
        let name = self.naive_zone().name();
        if self.log_zone.is_some() {
            format!("{name}, as --log-timezone says")
        } else {
            format!("the repository's time zone, {name} (pm.yaml `timezone`)")
        }
    }
}

impl Outcome {
    /// Warnings for the person: lines skipped, records without a time.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.files {
            if let Some(why) = &f.left_out {
                out.push(format!("warning: {}: left out: {why}", f.shown));
                continue;
            }
            if let Some(first) = &f.same_as {
                out.push(format!(
                    "note: {}: the same log as {first}; its records are counted once",
                    f.shown
                ));
                continue;
            }
            if let Some((line, more)) = &f.more {
                out.push(format!("warning: {}: {}", f.shown, more_words(*line, more)));
            }
            if let Some((line, key, count)) = &f.wrapper {
                let path = crate::output::shell_word(&f.shown).into_owned();
                let (objects, are, them) = match count {
                    1 => ("object", "it is a record", "it"),
                    _ => ("objects", "those are the records", "them"),
                };
                let filter = if key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    key.clone()
                } else {
                    format!("[{}]", serde_json::to_string(key).unwrap_or_default())
                };
                // jq reads no compressed file: decompress first.
                let jq = if f.shown.ends_with(".gz") {
                    format!("gzip -dc {path} | jq -c '.{filter}[]'")
                } else if f.shown.ends_with(".zst") {
                    format!("zstd -dc {path} | jq -c '.{filter}[]'")
                } else {
                    format!("jq -c '.{filter}[]' {path}")
                };
                out.push(format!(
                    "note: {}: line {line} is one object whose `{key}` holds {count} {objects}, read as one record; if {are}, give {them} to pm one a line: {jq} | pm timeline import --from - ...",
                    f.shown,
                ));
            }
            if let Some((count, first)) = &f.repeated {
                let (records, was) = match count {
                    1 => ("matching record was", "it is"),
                    _ => ("matching records were", "each is"),
                };
                let source = if *first == f.shown {
                    "earlier in it".to_string()
                } else {
                    format!("from {first}")
                };
                out.push(format!(
                    "note: {}: {count} {records} read already ({source}: the same log by its id); {was} counted once",
                    f.shown
                ));
            }
            if let Some((line, why)) = &f.first_not_record {
                let mut skipped = Vec::new();
                if f.not_elements > 0 {
                    skipped.push(format!(
                        "{} of the JSON array's {} {}",
                        f.not_elements,
                        crate::output::count(f.elements as u64, "element"),
                        if f.not_elements == 1 {
                            "is not a log record and was skipped"
                        } else {
                            "are not log records and were skipped"
                        }
                    ));
                }
                if f.not_records > 0 {
                    skipped.push(format!(
                        "{} of {} {} not JSON or a known log envelope and {} skipped",
                        f.not_records,
                        crate::output::count(f.lines as u64, "line"),
                        if f.not_records == 1 { "is" } else { "are" },
                        if f.not_records == 1 { "was" } else { "were" },
                    ));
                }
                out.push(format!(
                    "warning: {}: {} (first: line {line}, {why})",
                    f.shown,
                    skipped.join("; ")
                ));
            }
            if let Some(flag) = &self.asked_level
                && f.records > 0
                && !f.level_found
            {
                out.push(match flag {
                    Some(field) => format!(
                        "warning: {}: no record has a level in the field `{}` that --level-field names, so none can match --level",
                        f.shown,
                        crate::output::line(field)
                    ),
                    None if f.json_records > 0 => format!(
                        "warning: {}: no record has a level field pm knows ({}), so none can match --level; name the field with --level-field",
                        f.shown,
                        fields::LEVEL_FIELDS.join(", ")
                    ),
                    None => format!(
                        "warning: {}: no line has a level word pm knows (such as `ERROR ...`, `[warn] ...`, a klog header or `level=error`), so none can match --level",
                        f.shown
                    ),
                });
            }
            if let Some(flag) = &self.asked_level
                && f.level_found
                && let Some((count, line)) = f.no_level
            {
                let (records, has, them) = match count {
                    1 => ("JSON record", "has", "it"),
                    _ => ("JSON records", "have", "them"),
                };
                let field = match flag {
                    Some(field) => format!(
                        "in the field `{}` that --level-field names",
                        crate::output::line(field)
                    ),
                    None => "field pm knows".to_string(),
                };
                out.push(format!(
                    "warning: {}: {count} {records} {has} no level {field}, so --level cannot match {them} (first: line {line}); other records have one",
                    f.shown
                ));
            }
            if let Some(flag) = &self.asked_trace
                && f.json_records > 0
                && !f.trace_found
            {
                out.push(match flag {
                    Some(field) => format!(
                        "warning: {}: no record has a trace id in the field `{}` that --trace-field names, so none can match --trace-id",
                        f.shown,
                        crate::output::line(field)
                    ),
                    None => format!(
                        "warning: {}: no record has a trace id field pm knows ({}), so none can match --trace-id; name the field with --trace-field",
                        f.shown,
                        fields::TRACE_FIELDS.join(", ")
                    ),
                });
            }
            for (what, (count, line)) in &f.incomplete {
                let (flag, named) = if *what == "message" {
                    ("--message-field", &self.message_field)
                } else {
                    ("--time-field", &self.time_field)
                };
                let (records, has, was) = match count {
                    1 => ("record", "has", "was"),
                    _ => ("records", "have", "were"),
                };
                let unreadable = f.unreadable_time.as_ref().filter(|_| *what != "message");
                out.push(match (unreadable, named) {
                    // The field is there; its value is what pm cannot read.
                    (Some((field, value)), _) => format!(
                        "warning: {}: {count} matching {records} {has} a time pm cannot read and {was} skipped (first: line {line}, `{field}`: `{}`); pm reads RFC 3339 (also with a space or a comma fraction), epoch seconds to nanoseconds, `... UTC`, `26/Nov/2026:17:19:34 +0800` and RFC 2822; turn the field into one of those (with jq), or name another with {flag}",
                        f.shown,
                        crate::output::truncate(value, 80),
                    ),
                    (None, Some(field)) => format!(
                        "warning: {}: {count} matching {records} {has} no `{field}` field ({flag}) and {was} skipped (first: line {line})",
                        f.shown
                    ),
                    (None, None) => format!(
                        "warning: {}: {count} matching {records} {has} no usable {what} and {was} skipped (first: line {line}); name the field with {flag}",
                        f.shown
                    ),
                });
            }
            if let Some((count, line)) = f.latin1 {
                out.push(format!(
                    "note: {}: {} not all UTF-8, and the bytes that are not were read as Latin-1 (Windows-1252) (first: line {line}); if the accents look wrong, convert the log first: iconv -f WINDOWS-1252 -t UTF-8",
                    f.shown,
                    match count {
                        1 => "1 line was".to_string(),
                        n => format!("{n} lines were"),
                    }
                ));
            }
            if f.redacted > 0 {
                out.push(format!(
                    "note: {}: {} in the matching records (API keys, tokens, passwords) replaced with `[redacted]` before writing; the log itself is unchanged",
                    f.shown,
                    crate::output::count(f.redacted as u64, "credential")
                ));
            }
            if let Some((count, line)) = f.no_offset {
                let (records, have, time, them) = records_with_times(count);
                out.push(format!(
                    "note: {}: {count} matching {records} {have} {time} without a UTC offset (first: line {line}); pm read {them} in {}. If the log was written in another zone, name it with --log-timezone ZONE (such as --log-timezone UTC or --log-timezone +02:00)",
                    f.shown, self.naive_zone
                ));
            }
            if let Some((count, line)) = f.skipped_time {
                let (records, have, time, them) = records_with_times(count);
                out.push(format!(
                    "warning: {}: {count} matching {records} {have} {time} without a UTC offset that the clocks skipped in {}, when they went forward (first: line {line}); pm read {them} as after the change, an hour on, so a log with such times was likely written in a zone that did not change: name it with --log-timezone (such as UTC)",
                    f.shown, self.naive_zone
                ));
            }
            if let Some((count, line)) = f.ambiguous {
                let (records, have, time, them) = records_with_times(count);
                out.push(format!(
                    "warning: {}: {count} matching {records} {have} {time} without a UTC offset that the clocks showed twice in {}, when they went back (first: line {line}); pm read {them} as the first of the two, so check their order against the log's, or name the log's zone with --log-timezone if it kept one offset",
                    f.shown, self.naive_zone
                ));
            }
            if let Some((count, line)) = f.out_of_range {
                let (records, has, was) = match count {
                    1 => ("record", "has", "was"),
                    _ => ("records", "have", "were"),
                };
                out.push(format!(
                    "warning: {}: {count} matching {records} {has} a time outside the years 1 to 9999, which pm cannot write, and {was} skipped (first: line {line})",
                    f.shown
                ));
            }
            // Naming another field would not help: the clock that wrote the
            // log was wrong, and only the person knows when it happened.
            if let Some((count, line)) = f.impossible {
                let (records, has, was) = match count {
                    1 => ("record", "has", "was"),
                    _ => ("records", "have", "were"),
                };
                out.push(format!(
                    "warning: {}: {count} matching {records} {has} a time that did not happen and {was} skipped (first: line {line}): {}, so the clock that wrote the log was off; add what matters with `pm timeline add TEXT --at TIME`, at the time it happened",
                    f.shown,
                    crate::clock::TimeError::LeapSecond
                ));
            }
        }
        out
    }

    /// What was read, one line per input: `app.log.gz: gzip, Docker json-file, 120 lines`.
    pub fn describe_files(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|f| {
                let mut parts: Vec<String> = f.compression.iter().map(|c| c.to_string()).collect();
                if let Some(why) = &f.left_out {
                    parts.push(format!("left out ({why})"));
                } else if let Some(first) = &f.same_as {
                    parts.push(format!("the same log as {first}, counted once"));
                } else {
                    if f.formats.is_empty() {
                        parts.push("no log records".into());
                    }
                    parts.extend(f.formats.keys().map(|k| k.name().to_string()));
                    parts.push(crate::output::count(f.lines as u64, "line"));
                    if f.continued > 0 {
                        let kept = match f.attached {
                            0 => "not imported".to_string(),
                            n if n == f.continued => "added to their records' entries".to_string(),
                            n => format!("{n} of them added to their records' entries"),
                        };
                        parts.push(format!(
                            "{} continuing the line before (a stack trace, a wrapped message), {kept}",
                            crate::output::count(f.continued as u64, "line")
                        ));
                    }
                    if f.dividers > 0 {
                        parts.push(format!(
                            "{} passed over",
                            crate::output::count_as(
                                f.dividers as u64,
                                "logcat divider (`--------- beginning of ...`)",
                                "logcat dividers (`--------- beginning of ...`)"
                            )
                        ));
                    }
                    if f.elements > 0 {
                        parts.push(crate::output::count(f.elements as u64, "array element"));
                    }
                }
                format!("{}: {}", f.shown, parts.join(", "))
            })
            .collect()
    }

    /// Which fields gave time, message, level, trace and service:
    /// `time: timestamp ×3, timeUnixNano ×2`.
    pub fn describe_fields(&self) -> Vec<String> {
        ["time", "message", "level", "trace", "service"]
            .iter()
            .map(|role| {
                let used = match self.fields_used.get(role) {
                    Some(names) => names
                        .iter()
                        .map(|(name, n)| format!("{} ×{n}", crate::output::line(name)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    None => "none".into(),
                };
                format!("{role}: {used}")
            })
            .collect()
    }
}

/// Read every source and return the matching records. Sources are read in
/// parallel; an input error (unreadable, truncated, a line over the bound,
/// binary data named directly) stops everything with a message.
pub fn read(sources: &[Source], query: &Query) -> Result<Outcome> {
    let budget = Budget::default();
    let results: Vec<Result<FileResult>> = sources
        .par_iter()
        .map(|source| read_one(source, query, &budget))
        .collect();
    let mut outcome = Outcome {
        naive_zone: query.naive_zone_words(),
        asked_level: query.min_level.map(|_| query.level_field.clone()),
        asked_trace: query.trace.as_ref().map(|_| query.trace_field.clone()),
        time_field: query.time_field.clone(),
        message_field: query.message_field.clone(),
        ..Outcome::default()
    };
    let mut found = Vec::new();
    // One log read through two inputs (a log and its .gz copy, a copy
    // elsewhere) is one set of records: the later input is not counted.
    let mut seen: HashMap<(u64, usize, usize), String> = HashMap::new();
    // One record read through two inputs (a Datadog page and its `jq -c
    // '.data[]'` lines) is one record: counted where it was first read.
    let mut read_from: HashMap<u64, String> = HashMap::new();
    for result in results {
        let mut result = result?;
        if result.report.left_out.is_none() && result.report.lines > 0 {
            match seen.entry(result.content) {
                Slot::Occupied(first) => {
                    result.report.same_as = Some(first.get().clone());
                    outcome.files.push(result.report);
                    continue;
                }
                Slot::Vacant(slot) => {
                    slot.insert(result.report.shown.clone());
                }
            }
        }
        let mut again = Vec::new();
        for (index, identity, names) in std::mem::take(&mut result.keyed) {
            match read_from.entry(identity) {
                Slot::Occupied(first) => {
                    again.push(index);
                    let repeated = result
                        .report
                        .repeated
                        .get_or_insert_with(|| (0, first.get().clone()));
                    repeated.0 += 1;
                    for (role, name) in names {
                        if let Some(n) = result.used.get_mut(role).and_then(|u| u.get_mut(&name)) {
                            *n -= 1;
                        }
                    }
                }
                Slot::Vacant(slot) => {
                    slot.insert(result.report.shown.clone());
                }
            }
        }
        if !again.is_empty() {
            let mut i = 0;
            result.found.retain(|_| {
                i += 1;
                again.binary_search(&(i - 1)).is_err()
            });
        }
        outcome.files.push(result.report);
        found.extend(result.found);
        for (role, names) in result.used {
            let names: Vec<_> = names.into_iter().filter(|(_, n)| *n > 0).collect();
            if names.is_empty() {
                continue;
            }
            let slot = outcome.fields_used.entry(role).or_default();
            for (name, n) in names {
                *slot.entry(name).or_default() += n;
            }
        }
    }
    found.sort_by_key(|f| f.at);
    outcome.found = found;
    Ok(outcome)
}

/// Limits shared by the inputs read in parallel.
#[derive(Default)]
struct Budget {
    matches: AtomicUsize,
    bytes: AtomicUsize,
}

struct FileResult {
    report: FileReport,
    /// What the input is, to tell a second copy of one log: a hash of
    /// every line (with its number), and the number of lines and bytes,
    /// uncompressed.
    content: (u64, usize, usize),
    found: Vec<Found>,
    used: BTreeMap<&'static str, BTreeMap<String, usize>>,
    /// The matching records that say which record they are (see
    /// [`envelope::Record::identity`]): the index in `found`, the
    /// identity, and the fields each part came from (taken off `used`
    /// when the record was read already).
    keyed: Vec<(usize, u64, FieldsUsed)>,
}

/// The fields one record's parts came from: (role, field).
type FieldsUsed = Vec<(&'static str, String)>;

fn read_one(source: &Source, query: &Query, budget: &Budget) -> Result<FileResult> {
    let shown = source.shown();
    let explicit = source.explicit();
    let mut result = FileResult {
        report: FileReport {
            shown: shown.clone(),
            ..FileReport::default()
        },
        found: Vec::new(),
        used: BTreeMap::new(),
        keyed: Vec::new(),
        content: (0, 0, 0),
    };
    let mut content = twox_hash::XxHash3_64::default();
    let mut bytes = 0usize;
    let opened = match input::open(source) {
        Ok(opened) => opened,
        Err(err) if !explicit => {
            result.report.left_out = Some(first_line_of(&err));
            return Ok(result);
        }
        Err(err) => return Err(err),
    };
    let mut lines = opened.lines;
    result.report.compression = opened.compression;
    let what = opened
        .compression
        .map_or(String::new(), |c| format!(" ({c})"));
    let container: Option<Arc<str>> = source.path().and_then(fields::k8s_container).map(Arc::from);
    let input: Arc<str> = Arc::from(shown.as_str());
    let finders: Option<Vec<memchr::memmem::Finder<'static>>> = query
        .trace
        .as_ref()
        .and_then(TraceId::needles)
        .map(|needles| {
            needles
                .into_iter()
                .map(|n| memchr::memmem::Finder::new(&n).into_owned())
                .collect()
        });
    let level_filter = level_prefilter(query);
    // For lines passed over: whether one has a level (trace) field at all,
    // looked for only until one does.
    let level_key = level_filter
        .as_ref()
        .and_then(|_| key_pattern(fields::LEVEL_FIELDS));
    let trace_key = finders.as_ref().and_then(|_| match &query.trace_field {
        Some(name) => key_pattern(&[name.as_str()]),
        None => key_pattern(fields::TRACE_FIELDS),
    });
    // A JSON object pretty-printed over many lines, being gathered.
    let mut document: Option<array::Document> = None;
    let mut unwrapper = envelope::Unwrapper::default();
    let mut messages: HashSet<Arc<str>> = HashSet::new();
    let mut services: HashSet<Arc<str>> = HashSet::new();
    let mut seen_record = false;
    // The lines that continue the last matching record of a text log (a
    // stack trace, PostgreSQL's DETAIL), gathered for its entry; and those
    // gathered for records before it, added once the input is read.
    let mut trail: Option<Trail> = None;
    let mut trails: Vec<Trail> = Vec::new();
    // A JSON array of records (`gcloud logging read --format=json`),
    // when the input's first line opens one.
    let mut array: Option<array::Splitter> = None;
    'lines: loop {
        let mut text_line = false;
        // For a line of a text log, the compose prefixes pm does not take
        // that it starts with (see `Trail::source`).
        let mut line_source = String::new();
        let records = 'line: {
            let (n, line) = match lines.next_line() {
                Ok(Some(next)) => next,
                Ok(None) => {
                    if let Some(doc) = document.take() {
                        not_record(
                            &mut result.report,
                            doc.line,
                            "a JSON object without its closing `}`",
                        );
                    }
                    // A JSON array cut short: its last item never ended.
                    if let Some(splitter) = &array
                        && let Some(at) = splitter.unfinished()
                    {
                        let why = if at == 0 {
                            "a JSON array without its closing `]`"
                        } else {
                            "the start of an item the JSON array ends inside"
                        };
                        not_record(&mut result.report, at.max(1), why);
                    }
                    // A line split by the runtime whose last part never came
                    // (the container was killed mid-write) is a record all the
                    // same: what was written is its text.
                    let rest = unwrapper.finish();
                    if rest.is_empty() {
                        break 'lines;
                    }
                    let formats = &mut result.report.formats;
                    let records = rest
                        .into_iter()
                        .map(|(format, record)| {
                            *formats.entry(format).or_default() += 1;
                            record
                        })
                        .collect();
                    break 'line records;
                }
                Err(input::ReadError::TooLong(n)) => {
                    // A list of records on one line (`curl` of an API)
                    // is named, with the command that splits it.
                    let mut lists = array::Lists::new(n);
                    lists.line(lines.cut_short());
                    return Err(too_long(&shown, &what, n, one_a_line(source, lists.keys())));
                }
                Err(input::ReadError::Io(err)) => {
                    let after = lines.line_number();
                    let mut e = UserError::new(format!(
                        "--from {shown}{what}: cannot read past line {after}: {err}"
                    ));
                    if opened.compression.is_some() {
                        e = e.hint(input::compressed_hint(&err));
                    }
                    return Err(e.hint("nothing was imported").into());
                }
            };
            bytes += line.len() + 1;
            // journalctl's export format (`-o export`): `KEY=value` lines,
            // a blank line between entries. Named when nothing is read.
            if n == 1 && line.starts_with(b"__CURSOR=") {
                result.report.journal_export = true;
            }
            if n == 1 && text::classic_syslog(line) {
                result.report.classic_syslog = true;
            }
            // Looked for past a first line such as logcat's `---------
            // beginning of main`, until a record is read.
            if n <= 10 && !seen_record && result.report.shape_hint.is_none() {
                result.report.shape_hint = shape_hint(line);
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue 'lines;
            }
            let report = &mut result.report;
            report.lines += 1;
            if report.lines == 1 {
                if std::str::from_utf8(line).is_ok_and(array::opens) {
                    array = Some(array::Splitter::default());
                } else if std::str::from_utf8(line).is_ok_and(array::opens_wrapped) {
                    array = Some(array::Splitter::wrapped());
                }
            }
            // Every line goes into the input's identity, with its number:
            // two logs that differ only in lines that cannot match (two
            // replicas) are two logs.
            content.write_usize(n);
            content.write(line);
            // adb logcat's `--------- beginning of main` (and of `crash`,
            // `system`...) marks where a buffer's lines start: no record,
            // nothing wrong, and no text of the record before it.
            if text::logcat_divider(line) {
                report.dividers += 1;
                trails.extend(trail.take());
                continue 'lines;
            }
            // Once the input has shown it holds records, lines that cannot hold
            // the trace id are passed over without parsing them.
            if seen_record
                && array.is_none()
                && document.is_none()
                && !array::Document::opens(line)
                && (finders.is_some() || level_filter.is_some())
                && !unwrapper.has_pending()
                && !unwrapper.reads_w3c()
                && trail.is_none()
                && !unwrapper.maybe_partial(line)
                && (finders
                    .as_ref()
                    .is_some_and(|f| !f.iter().any(|f| f.find(line).is_some()))
                    || level_filter.as_ref().is_some_and(|r| !r.is_match(line)))
            {
                // Still count what is plainly not a record (text, binary) so
                // that the warning about skipped lines stays true.
                if !report.level_found && level_key.as_ref().is_some_and(|k| k.is_match(line)) {
                    report.level_found = true;
                }
                if !report.trace_found && trace_key.as_ref().is_some_and(|k| k.is_match(line)) {
                    report.trace_found = true;
                }
                let dated = || {
                    std::str::from_utf8(line)
                        .is_ok_and(|l| text::opens_record(&text::strip_ansi(l.trim_start())))
                };
                let continued = match line.iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(b'{') => false,
                    Some(b) if b.is_ascii_digit() => false,
                    Some(b'<') if report.formats.contains_key(&Format::Syslog) => false,
                    Some(_) if dated() => false,
                    _ if report.text_lines() => true,
                    _ => {
                        not_record(report, n, "not JSON");
                        continue 'lines;
                    }
                };
                if continued {
                    report.continued += 1;
                    if let Some(t) = trail.as_mut() {
                        t.push_continued(&text::windows_1252_or_utf8(line));
                    }
                } else {
                    report.passed_over += 1;
                    trails.extend(trail.take());
                }
                continue 'lines;
            }
            // The bytes of a line that are not UTF-8 are read as Windows'
            // Latin-1: its record is kept, accents and all (binary input
            // was refused before, by its NUL bytes).
            let decoded = text::windows_1252_or_utf8(line);
            let utf8 = matches!(decoded, Cow::Borrowed(_));
            if !utf8 {
                report.latin1.get_or_insert((0, n)).0 += 1;
            }
            let text = decoded.as_ref();
            if let Some(splitter) = array.as_mut() {
                let mut items = Vec::new();
                match splitter.line(n, text, &mut items) {
                    Ok(()) => {}
                    Err(array::SplitError::TooLong(at)) => {
                        return Err(UserError::new(format!(
                            "--from {shown}{what}: the JSON array's item at line {at} is longer than {} MiB, the most pm reads as one record",
                            MAX_LINE_BYTES / (1024 * 1024)
                        ))
                        .hint("nothing was imported")
                        .into());
                    }
                    Err(array::SplitError::AfterEnd(at)) => {
                        not_record(report, at, "text after the end of the JSON array");
                    }
                }
                let mut records = Vec::new();
                // An element that is not a record is named by its place in
                // the array and what it is (the first one only: telling
                // means parsing it once more).
                let not_element = |report: &mut FileReport, item: &array::Item| {
                    report.not_elements += 1;
                    if report.first_not_record.is_none() {
                        let why = format!(
                            "element {} of the JSON array, which is {}",
                            item.index,
                            envelope::Kind::of(&item.text).element_is()
                        );
                        report.first_not_record = Some((item.line, Cow::Owned(why)));
                    }
                };
                report.elements += items.len();
                for item in items {
                    if !item.text.starts_with('{') {
                        not_element(report, &item);
                        continue;
                    }
                    match unwrapper.unwrap(item.line, &item.text) {
                        Ok(envelope::Unwrapped::Records(format, found)) => {
                            *report.formats.entry(format).or_default() += found.len();
                            records.extend(found);
                        }
                        Ok(envelope::Unwrapped::Partial(format)) => {
                            report.formats.entry(format).or_default();
                        }
                        Ok(envelope::Unwrapped::NotRecord(_)) => not_element(report, &item),
                        Ok(envelope::Unwrapped::Refused(refusal)) => {
                            return refused(result, explicit, &shown, &what, item.line, refusal);
                        }
                        Err(envelope::TooLong) => {
                            return Err(too_long(&shown, &what, item.line, None));
                        }
                    }
                }
                if records.is_empty() {
                    continue 'lines;
                }
                break 'line records;
            }
            // A `{` alone (or a `{ "key": ...,` line) followed by a line that
            // is a whole record at the margin (a dump cut short by rotation
            // or a killed process, then JSON lines again): the opening line
            // is the one bad line, and records are read again from here, not
            // gathered into it.
            if document.is_some()
                && array::Document::whole_record(text)
                && let Some(doc) = document.take()
            {
                let why = if doc.text.lines().next().map(str::trim) == Some("{") {
                    "a `{` alone: a JSON object cut short, with records after it"
                } else {
                    "a JSON object cut short (its `}` never came), with records after it"
                };
                not_record(report, doc.line, why);
            }
            // A pretty-printed object is read whole once its braces close.
            let mut gathered = None;
            let (n, text) = match document.as_mut() {
                Some(doc) => {
                    match doc.line(text) {
                        Ok(false) => continue 'lines,
                        Ok(true) => {}
                        Err(_) => {
                            let mut e = UserError::new(format!(
                                "--from {shown}{what}: the JSON object at line {} is longer than {} MiB, the most pm reads as one record",
                                doc.line,
                                MAX_LINE_BYTES / (1024 * 1024)
                            ));
                            if let Some(hint) = one_a_line(source, doc.lists.keys()) {
                                e = e.hint(hint);
                            }
                            return Err(e.hint("nothing was imported").into());
                        }
                    }
                    gathered = document.take();
                    match &gathered {
                        Some(doc) => (doc.line, doc.text.as_str()),
                        None => continue 'lines,
                    }
                }
                // A line that opens an object and closes it too (`{"a": 1},`,
                // an item of a list) is read as the line it is.
                None if array::Document::opens(line) => {
                    let mut doc = array::Document::new(n);
                    if matches!(doc.line(text), Ok(true)) {
                        (n, text)
                    } else {
                        document = Some(doc);
                        continue 'lines;
                    }
                }
                None => (n, text),
            };
            let unwrapped = match &gathered {
                Some(doc) => unwrapper.unwrap_document(n, text, &doc.lists),
                None => unwrapper.unwrap(n, text),
            };
            match unwrapped {
                Ok(envelope::Unwrapped::Records(format, records)) => {
                    *report.formats.entry(format).or_default() += records.len();
                    text_line = matches!(format, Format::Timestamped | Format::Syslog);
                    if text_line {
                        line_source = text::rejected_source(&text::strip_ansi(text));
                    }
                    records
                }
                Ok(envelope::Unwrapped::Partial(format)) => {
                    report.formats.entry(format).or_default();
                    continue 'lines;
                }
                // In a log of lines that start with a time, a line that
                // does not is the one before it continued (a stack trace,
                // a wrapped message): not a record, and not a fault.
                Ok(envelope::Unwrapped::NotRecord("not JSON")) if report.text_lines() => {
                    report.continued += 1;
                    if let Some(t) = trail.as_mut() {
                        t.push_continued(text);
                    }
                    continue 'lines;
                }
                // Read as Latin-1 and no record either: named for what it
                // is first.
                Ok(envelope::Unwrapped::NotRecord(_)) if !utf8 => {
                    not_record(report, n, "not UTF-8 text");
                    continue 'lines;
                }
                Ok(envelope::Unwrapped::NotRecord(why)) => {
                    not_record(report, n, why);
                    continue 'lines;
                }
                Ok(envelope::Unwrapped::Refused(refusal)) => {
                    return refused(result, explicit, &shown, &what, n, refusal);
                }
                Err(envelope::TooLong) => return Err(too_long(&shown, &what, n, None)),
            }
        };
        let report = &mut result.report;
        seen_record = true;
        // PostgreSQL writes a message's DETAIL, HINT and STATEMENT as lines
        // of their own, with the same prefix: they continue it.
        if text_line
            && let Some(t) = trail.as_mut()
            && let [record] = records.as_slice()
            && let Some(line) = record.text()
            && text::detail_line(line)
            && record
                .service
                .as_ref()
                .map(|(s, _)| s.as_str())
                .or(container.as_deref())
                == t.service.as_deref()
            && text::leading_pid(line) == t.pid.as_deref()
        {
            report.continued += 1;
            t.push(line);
            continue 'lines;
        }
        trails.extend(trail.take());
        let found_before = result.found.len();
        for record in records {
            report.records += 1;
            if record.text().is_none() {
                report.json_records += 1;
            }
            match evaluate(&record, query, report) {
                Eval::Skip => {}
                // Warnings name the line a record began on.
                Eval::Missing(what) => {
                    report
                        .incomplete
                        .entry(what)
                        .or_insert((0, record.first_line))
                        .0 += 1;
                }
                Eval::Impossible => {
                    report.impossible.get_or_insert((0, record.first_line)).0 += 1;
                }
                Eval::Match(m)
                    if !crate::clock::writable(
                        m.at,
                        &query.zone.unwrap_or_else(crate::clock::Zone::utc),
                    ) =>
                {
                    report.out_of_range.get_or_insert((0, record.first_line)).0 += 1;
                }
                Eval::Match(m) => {
                    if m.no_offset {
                        report.no_offset.get_or_insert((0, record.first_line)).0 += 1;
                    }
                    match m.fold {
                        Fold::Twice => {
                            report.ambiguous.get_or_insert((0, record.first_line)).0 += 1;
                        }
                        Fold::Skipped => {
                            report.skipped_time.get_or_insert((0, record.first_line)).0 += 1;
                        }
                        Fold::None => {}
                    }
                    // The container's folder names the service when the
                    // record and its envelope name none.
                    let service_from = match (&m.service_from, &container) {
                        (Some(from), _) => Some(from.as_str()),
                        (None, Some(_)) => Some("container folder"),
                        (None, None) => None,
                    };
                    let mut names = Vec::new();
                    for (role, name) in [
                        ("time", Some(m.time_from.as_str())),
                        ("message", Some(m.message_from.as_str())),
                        ("level", m.level_from.as_deref()),
                        ("trace", m.trace_from.as_deref()),
                        ("service", service_from),
                    ] {
                        if let Some(name) = name {
                            *result
                                .used
                                .entry(role)
                                .or_default()
                                .entry(name.to_string())
                                .or_default() += 1;
                            if record.identity.is_some() {
                                names.push((role, name.to_string()));
                            }
                        }
                    }
                    if let Some(identity) = record.identity {
                        result.keyed.push((result.found.len(), identity, names));
                    }
                    let message = intern(&mut messages, m.message, budget)?;
                    let service = match m.service {
                        Some(s) => Some(intern_small(&mut services, s)),
                        None => container.clone(),
                    };
                    if budget.matches.fetch_add(1, Ordering::Relaxed) >= MAX_MATCHES {
                        return Err(too_broad(format!(
                            "more than {MAX_MATCHES} log records match"
                        )));
                    }
                    result.found.push(Found {
                        at: m.at,
                        message,
                        service,
                        trace: m.trace,
                        origin: Origin {
                            input: input.clone(),
                            first_line: record.first_line,
                            line: record.last_line,
                        },
                    });
                }
            }
        }
        // A matching line of a text log: the lines after it that start
        // with no date belong to its entry.
        if text_line && result.found.len() > found_before {
            let last = result.found.len() - 1;
            trail = Some(Trail::new(last, &result.found[last], line_source));
        }
    }
    trails.extend(trail.take());
    for t in trails {
        t.attach(&mut result.found, &mut result.report, budget)?;
    }
    bytes += lines.blank_bytes();
    // An input with nothing in it, or only blank lines: no records either.
    if !seen_record && result.report.lines == 0 && explicit {
        let holds = match lines.line_number() {
            0 => "is empty".to_string(),
            1 => "holds only a blank line".to_string(),
            n => format!("holds only blank lines ({n})"),
        };
        return Err(UserError::new(format!(
            "--from {shown}{what} {holds}: there are no log records to import"
        ))
        .hint("nothing was imported")
        .into());
    }
    if !seen_record && result.report.not_records + result.report.not_elements > 0 {
        let (line, why) = result
            .report
            .first_not_record
            .clone()
            .unwrap_or((1, Cow::Borrowed("not JSON")));
        // An array's elements are counted as elements, not as lines.
        let (part, count) = if result.report.elements > 0 {
            (
                "element of the JSON array",
                crate::output::count(result.report.elements as u64, "element"),
            )
        } else {
            (
                "line",
                crate::output::count(result.report.lines as u64, "line"),
            )
        };
        let message = format!(
            "{shown}{what}: no {part} is a log record pm can read ({count}; line {line} is {why})"
        );
        if !explicit {
            result.report.left_out = Some(format!("no log records (line {line} is {why})"));
            result.found.clear();
            return Ok(result);
        }
        let mut err = UserError::new(format!("--from {message}"))
            .hint("pm reads JSON lines, OTLP/JSON, Docker json-file, Kubernetes CRI, lines that start with a date and time (`kubectl logs --timestamps`, `journalctl -o short-iso`, PostgreSQL, Python, nginx, MySQL, NLog, Ruby and Rails, Apache httpd error logs; also as `docker compose logs` prints them), IIS (W3C extended) logs, syslog in RFC 5424's format, logfmt with a time, Fluent Bit, CloudWatch Logs, Datadog Logs API, Loki API and logcli, Windows events as JSON (Get-WinEvent | ConvertTo-Json), and Kubernetes events (kubectl get events -o json), uncompressed or compressed with gzip or zstd");
        // An application's or syslog's text file: the most common log a
        // person has at hand, and pm reads such lines only in envelopes.
        if result.report.journal_export {
            err = err.hint(
                "this is journalctl's export format (`-o export`); pm reads its JSON: journalctl -o json ... | pm timeline import --from - ...",
            );
        } else if result.report.classic_syslog {
            err = err.hint(SYSLOG_HINT);
        } else if let Some(hint) = result.report.shape_hint {
            err = err.hint(hint);
        } else if why == "not JSON" {
            err = err.hint(PLAIN_TEXT_HINT);
        }
        return Err(err.hint("nothing was imported").into());
    }
    // `[]` named directly holds no records, as an empty file does; found
    // in a folder, it is read as no records, as an empty file is.
    if !seen_record && explicit && array.as_ref().is_some_and(array::Splitter::is_empty_array) {
        return Err(UserError::new(format!(
            "--from {shown}{what} holds an empty JSON array (`[]`): there are no log records to import"
        ))
        .hint("nothing was imported")
        .into());
    }
    result.report.more = unwrapper.more.take();
    result.report.wrapper = unwrapper.wrapper.take();
    // API results with no records in them (a Datadog search that found
    // nothing, an empty Kubernetes list) are read as `[]` is: named
    // directly, an error; found in a folder, no records.
    if explicit
        && result.report.records == 0
        && result.report.passed_over == 0
        && let Some((line, format)) = unwrapper.empty
    {
        let holds = match format {
            Format::Datadog => "Datadog Logs API results whose `data` is empty",
            Format::KubernetesEvents => "a Kubernetes events list whose `items` is empty",
            Format::CloudWatch => "CloudWatch Logs output without an event",
            Format::LokiApi => "Loki query results whose `data.result` holds no log line",
            _ => "OTLP/JSON without a log record",
        };
        let mut e = UserError::new(format!(
            "--from {shown}{what} holds {holds} (line {line}): there are no log records to import"
        ));
        if let Some((line, more)) = &result.report.more {
            e = e.hint(more_words(*line, more));
        }
        return Err(e.hint("nothing was imported").into());
    }
    result.content = (content.finish(), result.report.lines, bytes);
    Ok(result)
}

/// What API results that are not all the results mean for the import.
fn more_words(line: usize, more: &envelope::More) -> String {
    use envelope::More;
    match more {
        More::Pages(Format::Datadog, field) => format!(
            "the Datadog Logs API results at line {line} are one page of several (`{field}` is set): logs on the other pages were not read; fetch every page (each names the next in `links.next`) and import them together"
        ),
        More::Pages(Format::KubernetesEvents, field) => format!(
            "the Kubernetes list at line {line} is one chunk of several (`{field}` is set): events in the other chunks were not read; `kubectl get events -o json` fetches them all"
        ),
        More::Pages(_, field) => format!(
            "the CloudWatch Logs output at line {line} is one page of several (`{field}` is set): events on the other pages were not read; run the command again without --max-items and import its output"
        ),
        More::Partial(_, status) => format!(
            "the Datadog search at line {line} stopped before it was done (`meta.status: {}`), so its results may miss logs; search a shorter time range and import again",
            crate::output::line(status)
        ),
    }
}

/// A pattern every line holding a record at `--level` warn or above
/// matches, so that other lines can be passed over unparsed: a level name
/// at or above it (in any case), a number in a level field (pino,
/// OpenTelemetry's severityNumber), or a klog header. Lines it matches are
/// parsed and judged as usual; None when no such pattern can be sure (a
/// lower level, a level field named by flag).
fn level_prefilter(query: &Query) -> Option<regex::bytes::Regex> {
    let min = query.min_level?;
    if min < 3 || query.level_field.is_some() {
        return None;
    }
    let (names, klog) = if min == 3 {
        (
            "warn|wrn|err|eror|fail|severe|fatal|ftl|crit|panic|emerg|alert",
            "WEF",
        )
    } else if min == 4 {
        (
            "err|eror|fail|severe|fatal|ftl|crit|panic|emerg|alert",
            "EF",
        )
    } else {
        ("fatal|ftl|crit|panic|emerg|alert", "F")
    };
    let fields = fields::LEVEL_FIELDS
        .iter()
        .filter(|f| **f != "status")
        .map(|f| regex::escape(f.rsplit('.').next().unwrap_or(f)))
        .collect::<Vec<_>>()
        .join("|");
    // Also logcat's priority letter after the process and thread ids (`A`
    // is its assert, a fatal).
    let pattern = format!(
        r#"(?i:{names})|\\?"(?:{fields})\\?"\s*:\s*(?:\\?")?\s*\d|(?:^|[\s"])[{klog}]\d{{4}}\s|^<\d{{1,3}}>1 |\d\s+\d+\s+\d+ [{klog}A] "#
    );
    regex::bytes::Regex::new(&pattern).ok()
}

/// A pattern that finds any of `names` as a JSON key (also inside an
/// envelope's escaped JSON): whether a line has the field at all.
fn key_pattern(names: &[&str]) -> Option<regex::bytes::Regex> {
    let names = names
        .iter()
        .map(|f| regex::escape(f.rsplit('.').next().unwrap_or(f)))
        .collect::<Vec<_>>()
        .join("|");
    regex::bytes::Regex::new(&format!(r#"\\?"(?:{names})\\?"\s*:"#)).ok()
}

/// An input that holds what is not logs, and says so (a Loki response of
/// metrics, or of an error) at line `line`: named directly, it is refused
/// (nothing is imported); found in a folder, it is left out, as a file
/// that is not a log is.
fn refused(
    mut result: FileResult,
    explicit: bool,
    shown: &str,
    what: &str,
    line: usize,
    refusal: envelope::Refusal,
) -> Result<FileResult> {
    if !explicit {
        result.report.left_out = Some(format!("line {line} holds {}", refusal.holds));
        result.found.clear();
        result.used.clear();
        result.keyed.clear();
        return Ok(result);
    }
    Err(UserError::new(format!(
        "--from {shown}{what}: line {line} holds {}",
        refusal.holds
    ))
    .hint(refusal.hint)
    .hint("nothing was imported")
    .into())
}

fn first_line_of(err: &anyhow::Error) -> String {
    match err.downcast_ref::<UserError>() {
        Some(u) => u.message.clone(),
        None => err.to_string(),
    }
}

fn not_record(report: &mut FileReport, line: usize, why: impl Into<Cow<'static, str>>) {
    report.not_records += 1;
    report
        .first_not_record
        .get_or_insert_with(|| (line, why.into()));
}

fn too_long(shown: &str, what: &str, line: usize, list: Option<String>) -> anyhow::Error {
    let e = UserError::new(format!(
        "--from {shown}{what}: line {line} is longer than {} MiB, the most pm reads as one line",
        MAX_LINE_BYTES / (1024 * 1024)
    ));
    match list {
        Some(hint) => e.hint(hint).hint("nothing was imported"),
        None => e.hint("is this a log with one record per line? nothing was imported"),
    }
    .into()
}

/// For an object too long to read whole that holds a list of records pm
/// reads one a line (a Kubernetes `List`'s `items`, a Datadog page's
/// `data`, CloudWatch's `events`, the log lines of a Loki response as
/// logcli's lines): the `jq` command that writes them so, as the input's
/// own command line (`keys`: the paths of the object's lists, in order).
fn one_a_line<'a>(source: &Source, mut keys: impl Iterator<Item = &'a str>) -> Option<String> {
    let (filter, what, records, command) = keys.find_map(|key| match key {
        "items" => Some((
            ".items[]",
            "a Kubernetes list this long is",
            "one event a line",
            "kubectl get events -o json",
        )),
        "data" => Some((
            ".data[]",
            "Datadog Logs API results this long are",
            "one log a line",
            "curl ...",
        )),
        "events" => Some((
            ".events[]",
            "CloudWatch Logs events this long are",
            "one event a line",
            "aws logs filter-log-events ...",
        )),
        "data.result" => Some((
            ".data.result[] | .stream as $s | .values[] | {labels: $s, line: .[1], timestamp: .[0]}",
            "Loki query results this long are",
            "one log line a line (as logcli's `-o jsonl`)",
            "curl ...",
        )),
        _ => None,
    })?;
    let jq = format!("jq -c '{filter}'");
    let pipe = match source.path() {
        Some(path) => format!(
            "{jq} {} | pm timeline import --from - ...",
            crate::output::shell_word(&path.to_string_lossy())
        ),
        None => format!("{command} | {jq} | pm timeline import --from - ..."),
    };
    Some(format!("{what} read {records}, however many: `{pipe}`"))
}

fn too_broad(what: String) -> anyhow::Error {
    UserError::new(format!(
        "{what}; a timeline needs the few that tell the story"
    ))
    .hint("narrow the import with --trace-id, a higher --level, or a shorter stretch of log")
    .hint("nothing was imported")
    .into()
}

fn intern(set: &mut HashSet<Arc<str>>, text: String, budget: &Budget) -> Result<Arc<str>> {
    if let Some(known) = set.get(text.as_str()) {
        return Ok(known.clone());
    }
    if budget.bytes.fetch_add(text.len(), Ordering::Relaxed) + text.len() > MAX_MATCHED_BYTES {
        return Err(too_broad(format!(
            "the matching log records hold more than {} MiB of distinct messages",
            MAX_MATCHED_BYTES / (1024 * 1024)
        )));
    }
    let text: Arc<str> = Arc::from(text);
    set.insert(text.clone());
    Ok(text)
}

fn intern_small(set: &mut HashSet<Arc<str>>, text: String) -> Arc<str> {
    if let Some(known) = set.get(text.as_str()) {
        return known.clone();
    }
    let text: Arc<str> = Arc::from(text);
    set.insert(text.clone());
    text
}

/// The lines that continue a matching record of a text log (a stack
/// trace, a wrapped message, PostgreSQL's `DETAIL:`), kept for its entry:
/// all of them up to [`TRAIL_LINES`], else the first and the last half of
/// that with a line that counts those between (a traceback's last line
/// names the exception).
struct Trail {
    /// The record's index among those found.
    index: usize,
    /// Its service (`docker compose logs` prefixes lines of many) and the
    /// process id in brackets its text starts with (PostgreSQL's
    /// `[2211]`): lines of another are not its.
    service: Option<Arc<str>>,
    pid: Option<String>,
    /// The `docker compose logs` prefixes pm does not take that its line
    /// started with ([`text::rejected_source`]; empty for none): the
    /// container that wrote it, when compose named no service pm takes.
    source: String,
    head: Vec<String>,
    tail: std::collections::VecDeque<String>,
    left_out: usize,
    /// Inside a PEM private key's lines: each is left out, the key counted
    /// once as a credential.
    in_key: bool,
    keys: usize,
}

/// At most this many continuation lines go into an entry.
const TRAIL_LINES: usize = 16;

/// A continuation line longer than this is cut (with `…`).
const TRAIL_LINE_CHARS: usize = 400;

impl Trail {
    fn new(index: usize, found: &Found, source: String) -> Trail {
        Trail {
            index,
            service: found.service.clone(),
            pid: text::leading_pid(&found.message).map(str::to_string),
            source,
            head: Vec::new(),
            tail: std::collections::VecDeque::new(),
            left_out: 0,
            in_key: false,
            keys: 0,
        }
    }

    /// Takes a line that continues the record, unless `docker compose
    /// logs` says another container wrote it: a prefix of another name,
    /// also after prefixes whose names pm does not take (`../x | db-1 |
    /// ...` is db-1's line), or prefixes whose names pm does not take
    /// (`../x |`, a name of more than 64 characters) other than those the
    /// record's line started with. Such a prefix names no service, but it
    /// names the container: its line continues only a record whose line
    /// started with the same prefixes (a record with none, or another
    /// service's, is not its), kept whole, prefixes and all, so the entry
    /// shows who wrote it. A line with no prefix continues the record
    /// whatever its service.
    fn push_continued(&mut self, line: &str) {
        let plain = text::strip_ansi(line);
        let past = text::past_rejected_prefixes(&plain);
        match text::compose_prefix(past) {
            Some((Some(name), rest)) => {
                if self.service.as_deref() == Some(name) {
                    self.push(rest);
                }
            }
            _ if past.len() < plain.len() => {
                if text::rejected_source(&plain) == self.source {
                    self.push(&plain);
                }
            }
            _ => self.push(&plain),
        }
    }

    fn push(&mut self, line: &str) {
        let line = stored(line);
        let line = line.trim_end();
        if line.trim().is_empty() {
            return;
        }
        // A private key written out line by line: one `[redacted]`.
        if line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
            self.in_key = !line.contains("-----END");
            self.keys += 1;
            return self.keep(redact::REDACTED.to_string());
        }
        // Its lines are base64, up to its END line (a line of anything
        // else, the key cut short, is read as a line again).
        if self.in_key {
            let body = line.trim();
            if body.contains("-----END") {
                self.in_key = false;
                return;
            }
            if body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            {
                return;
            }
            self.in_key = false;
        }
        let line = match line.char_indices().nth(TRAIL_LINE_CHARS) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line.to_string(),
        };
        self.keep(line);
    }

    fn keep(&mut self, line: String) {
        if self.head.len() < TRAIL_LINES / 2 {
            self.head.push(line);
            return;
        }
        self.tail.push_back(line);
        if self.tail.len() > TRAIL_LINES / 2 {
            self.tail.pop_front();
            self.left_out += 1;
        }
    }

    /// Adds the lines to the record's message, credentials redacted.
    fn attach(self, found: &mut [Found], report: &mut FileReport, budget: &Budget) -> Result<()> {
        let Some(record) = found.get_mut(self.index) else {
            return Ok(());
        };
        if self.head.is_empty() {
            return Ok(());
        }
        report.redacted += self.keys;
        let mut message = record.message.to_string();
        let gap = (self.left_out > 0).then(|| match self.left_out {
            1 => "… (1 more line in the log)".to_string(),
            n => format!("… ({n} more lines in the log)"),
        });
        let lines = self.head.iter().chain(gap.iter()).chain(self.tail.iter());
        let mut added = 0;
        for line in lines {
            let (line, redacted) = redact::redact(line);
            report.redacted += redacted;
            message.push('\n');
            message.push_str(&line);
            added += 1;
        }
        let extra = message.len() - record.message.len();
        if budget.bytes.fetch_add(extra, Ordering::Relaxed) + extra > MAX_MATCHED_BYTES {
            return Err(too_broad(format!(
                "the matching log records hold more than {} MiB of distinct messages",
                MAX_MATCHED_BYTES / (1024 * 1024)
            )));
        }
        record.message = Arc::from(message);
        report.attached += added - usize::from(self.left_out > 0);
        Ok(())
    }
}

/// A record that matched, and the fields each part came from.
struct Match {
    at: chrono::DateTime<chrono::FixedOffset>,
    /// The time was written without a UTC offset and read in
    /// [`Query::naive_zone`].
    no_offset: bool,
    /// Whether that wall-clock time came twice there (the clocks went
    /// back) or never (they went forward).
    fold: Fold,
    time_from: String,
    message: String,
    message_from: String,
    level_from: Option<String>,
    trace: Option<String>,
    trace_from: Option<String>,
    service: Option<String>,
    service_from: Option<String>,
}

/// How a wall-clock time reads in the log's zone: once, twice (the hour
/// the clocks went back), or never (the hour they skipped going forward).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fold {
    None,
    Twice,
    Skipped,
}

impl Fold {
    fn of(local: crate::clock::Local) -> Fold {
        match local {
            crate::clock::Local::One(_) => Fold::None,
            crate::clock::Local::Twice(..) => Fold::Twice,
            crate::clock::Local::Skipped(_) => Fold::Skipped,
        }
    }
}

enum Eval {
    Skip,
    Missing(&'static str),
    /// The time reads as one but cannot happen (a leap second at the
    /// wrong minute).
    Impossible,
    Match(Match),
}

/// The first field (the flag's, else the usual names in order) whose value
/// `read` accepts, with its name.
fn find<T>(
    value: &Value,
    flag: Option<&str>,
    defaults: &[&str],
    read: impl Fn(&str, &Value) -> Option<T>,
) -> Option<(String, T)> {
    let try_name = |name: &str| {
        let v = fields::lookup(value, name)?;
        read(name, v).map(|t| (name.to_string(), t))
    };
    match flag {
        Some(name) => try_name(name),
        None => defaults.iter().find_map(|name| try_name(name)),
    }
}

fn non_empty(_: &str, v: &Value) -> Option<String> {
    fields::scalar_string(v).filter(|s| !s.trim().is_empty())
}

fn evaluate(record: &envelope::Record, q: &Query, report: &mut FileReport) -> Eval {
    let value = &record.value;
    let text = record.text();
    // The trace id: a field of a JSON record; in a line of text, a word
    // that is the wanted id in any spelling.
    let trace = match text {
        Some(text) => q
            .trace
            .as_ref()
            .and_then(|want| trace_in_text(text, want))
            .map(|t| ("a word of the line".to_string(), t)),
        None => find(
            value,
            q.trace_field.as_deref(),
            fields::TRACE_FIELDS,
            |name, v| {
                // A bare `trace` is often a stack trace: there, only a value
                // that is a trace id in a known spelling counts.
                non_empty(name, v).filter(|t| {
                    name != "trace"
                        || q.trace_field.is_some()
                        || !matches!(TraceId::parse(t), TraceId::Opaque(_))
                })
            },
        ),
    };
    report.trace_found |= trace.is_some();
    let level = match (text, record.level) {
        // The envelope's level (a Kubernetes event's `type`, a Loki label).
        (_, Some((rank, from))) if q.level_field.is_none() => Some((from.to_string(), rank)),
        (Some(text), _) => {
            text::plain_level(text).map(|r| ("the line's level word".to_string(), r))
        }
        (None, _) => find(
            value,
            q.level_field.as_deref(),
            fields::LEVEL_FIELDS,
            fields::level_rank,
        )
        .or_else(|| {
            // Serilog's CLEF leaves `@l` out at Information.
            (q.level_field.is_none()
                && value.get("@t").is_some()
                && (value.get("@mt").is_some() || value.get("@m").is_some()))
            .then(|| ("@l (left out: Information)".to_string(), 2))
        })
        .or_else(|| {
            q.level_field
                .is_none()
                .then(|| fields::cloudtrail_level(value))
                .flatten()
        }),
    };
    report.level_found |= level.is_some();
    if let Some(want) = &q.trace {
        match &trace {
            Some((_, t)) if TraceId::parse(t).matches(want) => {}
            _ => return Eval::Skip,
        }
    }
    if let Some(min) = q.min_level {
        match level {
            Some((_, rank)) if rank >= min => {}
            None if text.is_none() => {
                report.no_level.get_or_insert((0, record.first_line)).0 += 1;
                return Eval::Skip;
            }
            _ => return Eval::Skip,
        }
    }
    let time = match text {
        Some(_) => None,
        None => find(
            value,
            q.time_field.as_deref(),
            fields::TIME_FIELDS,
            |name, v| match name {
                // Google's `timestampSeconds` with its `timestampNanos`.
                "timestampSeconds" => {
                    let seconds = fields::parse_time(v)?;
                    let nanos = value
                        .get("timestampNanos")
                        .and_then(|n| fields::scalar_string(n)?.parse::<i64>().ok())
                        .filter(|n| (0..1_000_000_000).contains(n))
                        .unwrap_or(0);
                    Some(seconds + chrono::Duration::nanoseconds(nanos))
                }
                _ => fields::parse_time(v),
            },
        ),
    };
    // A time written without a UTC offset is a wall-clock time: read in
    // the log's zone (`--log-timezone`, else the repository's), and noted.
    let naive = || {
        let (name, naive) = find(
            value,
            q.time_field.as_deref(),
            fields::TIME_FIELDS,
            |_, v| fields::naive_time(v),
        )?;
        let zone = q.naive_zone();
        let fold = Fold::of(zone.resolve(naive)?);
        Some((name, zone.from_local(naive)?, fold))
    };
    let mut no_offset = false;
    let mut fold = Fold::None;
    // The wall-clock time a line of text started with, for a record with
    // no time of its own (the line's text, or the JSON after the time).
    let line_time = || {
        let naive = record.naive?;
        let zone = q.naive_zone();
        let fold = Fold::of(zone.resolve(naive)?);
        Some((record.time_from.to_string(), zone.from_local(naive)?, fold))
    };
    let time = match (text, time) {
        (None, None) if record.time.is_none() => naive().or_else(line_time).map(|(name, at, f)| {
            no_offset = true;
            fold = f;
            (name, at)
        }),
        (Some(_), None) if record.time.is_none() => line_time().map(|(name, at, f)| {
            no_offset = true;
            fold = f;
            (name, at)
        }),
        (_, time) => time,
    };
    let Some((time_from, at)) =
        time.or_else(|| record.time.map(|t| (record.time_from.to_string(), t)))
    else {
        // `12:34:60` is a time, but not one that happened: said apart
        // from a record with no time.
        let impossible = text.is_none()
            && find(
                value,
                q.time_field.as_deref(),
                fields::TIME_FIELDS,
                |_, v| fields::impossible_time(v).then_some(()),
            )
            .is_some();
        if !impossible && text.is_none() && report.unreadable_time.is_none() {
            report.unreadable_time = find(
                value,
                q.time_field.as_deref(),
                fields::TIME_FIELDS,
                non_empty,
            );
        }
        return if impossible {
            Eval::Impossible
        } else {
            Eval::Missing("timestamp")
        };
    };
    // `--since` / `--until`: the incident's window, before any grouping.
    if q.since.is_some_and(|s| at < s) || q.until.is_some_and(|u| at > u) {
        return Eval::Skip;
    }
    let message = match text {
        Some(text) => (!text.is_empty()).then(|| ("the line's text".to_string(), text.to_string())),
        None => find(
            value,
            q.message_field.as_deref(),
            fields::MESSAGE_FIELDS,
            |name, v| match name {
                // Serilog's template, its properties filled in.
                "@mt" => v.as_str().map(|t| fields::render_template(t, value)),
                _ => fields::message_text(name, v),
            },
        ),
    };
    // A Google Cloud request or audit entry, or an AWS CloudTrail record,
    // when no field was named.
    let message = message.or_else(|| {
        (text.is_none() && q.message_field.is_none())
            .then(|| {
                fields::cloud_entry_message(value).or_else(|| fields::cloudtrail_message(value))
            })
            .flatten()
    });
    let Some((message_from, message)) = message else {
        return Eval::Missing("message");
    };
    let service = match text {
        Some(_) => None,
        None => find(value, None, fields::SERVICE_FIELDS, non_empty),
    }
    .or_else(|| {
        record
            .service
            .as_ref()
            .map(|(s, from)| (from.to_string(), s.clone()))
    });
    let (trace_from, trace) = trace.unzip();
    let (service_from, service) = service.unzip();
    if no_offset && !crate::clock::happens(at) {
        return Eval::Impossible;
    }
    let message = stored(&message);
    // A message of nothing but control characters is no message.
    if message.trim().is_empty() {
        return Eval::Missing("message");
    }
    let (message, redacted) = redact::redact(message.trim_end());
    report.redacted += redacted;
    Eval::Match(Match {
        at,
        no_offset,
        fold,
        time_from,
        message: message.into_owned(),
        message_from,
        level_from: level.map(|(name, _)| name),
        trace,
        trace_from,
        service: service.map(|s| stored(s.trim()).replace('\n', " ")),
        service_from,
    })
}

/// A record's text (its message, service, the lines that continue it) as
/// the timeline stores it, the one rule for all of them: terminal escapes
/// taken out ([`text::strip_ansi`]), then every line break made `\n`, a
/// tab a space, and any other control or bidi character dropped
/// ([`crate::output::stored`]).
fn stored(text: &str) -> Cow<'_, str> {
    match text::strip_ansi(text) {
        Cow::Borrowed(text) => crate::output::stored(text),
        Cow::Owned(text) => Cow::Owned(crate::output::stored(&text).into_owned()),
    }
}

/// A word of a line of text that is `want` in some spelling: `trace_id=…`,
/// `Root=1-…;Parent=…`, a GCP path, a bare id.
fn trace_in_text(text: &str, want: &TraceId) -> Option<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '[' | ']' | '(' | ')' | '{' | '}')
    })
    .filter(|w| !w.is_empty())
    .find_map(|word| {
        let candidates = [word.split_once('=').map(|(_, v)| v), Some(word)];
        candidates
            .into_iter()
            .flatten()
            .map(|w| w.trim_end_matches(['.', ';', ':']))
            .find(|w| TraceId::parse(w).matches(want))
            .map(String::from)
    })
}
