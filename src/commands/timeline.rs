//! `pm timeline add|list|import`: the timeline, written during the response.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use anyhow::Result;
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::Serialize;

use crate::cli::{TimelineAddArgs, TimelineImportArgs, TimelineListArgs};
use crate::clock;
use crate::commands::{Ctx, update_postmortem};
use crate::config::Zone;
use crate::edit::{Edit, key};
use crate::error::{Exit, UserError};
use crate::model::{Figures, PostMortem, TimelineEntry};
use crate::output;
use crate::target::{self, Chosen};

/// A timeline entry about to be written.
#[derive(Debug, Clone)]
struct NewEntry {
    at: DateTime<FixedOffset>,
    kind: String,
    text: String,
    by: Option<String>,
    trace_id: Option<String>,
    link: Option<String>,
}

impl NewEntry {
    fn fields(&self, zone: &Zone) -> Vec<(&'static str, Option<String>)> {
        let mut fields = vec![
            ("at", Some(clock::format_at(zone.to_local(self.at)))),
            ("kind", Some(self.kind.clone())),
            ("text", Some(self.text.clone())),
        ];
        for (k, v) in [
            ("by", &self.by),
            ("trace_id", &self.trace_id),
            ("link", &self.link),
        ] {
            if let Some(v) = v {
                fields.push((k, Some(v.clone())));
            }
        }
        fields
    }
}

pub fn add(ctx: &Ctx, args: TimelineAddArgs) -> Result<Exit> {
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let now = clock::now()?;
    let text = if args.text == "-" {
        let mut buf = String::new();
        std::io::stdin().read_to_string(&mut buf).map_err(|err| {
            UserError::new(format!("cannot read the entry from standard input: {err}"))
        })?;
        buf
    } else {
        args.text.clone()
    };
    let text = text
        .trim_end_matches(['\n', '\r'])
        .trim_start_matches(['\n', '\r'])
        .to_string();
    if text.trim().is_empty() {
        return Err(UserError::new("the entry's TEXT is empty")
            .hint("say what happened: pm timeline add \"Error rate on checkout above 5%\"")
            .into());
    }
    check_kind(config.timeline_kinds(), &args.kind)?;
    let at = match &args.at {
        Some(t) => clock::parse_moment(t, now, &zone).ok_or_else(|| {
            UserError::new(format!("--at `{t}` is not a time pm understands"))
                .hint(format!("use {}", clock::AT_FORMATS))
        })?,
        None => now,
    };
    let entry = NewEntry {
        at,
        kind: args.kind.clone(),
        text,
        by: non_empty(args.by.as_deref(), "--by")?,
        trace_id: non_empty(args.trace_id.as_deref(), "--trace-id")?,
        link: non_empty(args.link.as_deref(), "--link")?,
    };
    let (path, chosen) = target::resolve(&ctx.store, args.target.pm.as_deref())?;
    let margin = chrono::Duration::minutes(config.timeline_margin_minutes);
    let (loaded, _) = update_postmortem(ctx, &path, "timeline", |loaded, edit| {
        if !args.force {
            check_time(&loaded.pm, &zone, entry.at, now, margin)?;
        }
        insert_entries(edit, &loaded.pm, std::slice::from_ref(&entry), &zone)?;
        Ok(format!(
            "{} at {}",
            entry.kind,
            clock::format_at(zone.to_local(entry.at))
        ))
    })?;
    let how = match chosen {
        Chosen::Flag => "",
        Chosen::Use => " (chosen with pm use)",
        Chosen::NewestDraft => " (the newest draft)",
    };
    output::emitln(&format!(
        "Added to {}{how}: {} {} {}",
        loaded.pm.id,
        zone.to_local(entry.at).format("%Y-%m-%d %H:%M:%S"),
        entry.kind,
        first_line(&entry.text)
    ));
    Ok(Exit::Ok)
}

fn non_empty(value: Option<&str>, flag: &str) -> Result<Option<String>> {
    match value {
        Some(v) if v.trim().is_empty() => {
            crate::bail_user!("{flag} is empty; give a value or leave it out")
        }
        Some(v) => Ok(Some(v.trim().to_string())),
        None => Ok(None),
    }
}

fn check_kind(kinds: Vec<&str>, kind: &str) -> Result<()> {
    if kinds.contains(&kind) {
        return Ok(());
    }
    Err(
        UserError::new(format!("--kind `{kind}` is not a timeline kind"))
            .hint(format!("use one of {}", kinds.join(", ")))
            .hint("more kinds can be added under `timeline_kinds` in pm.yaml")
            .into(),
    )
}

/// The incident's start: its first impact-start entry, else the start of
/// its date in the repository's zone.
fn incident_start(pm: &PostMortem, zone: &Zone) -> Option<DateTime<FixedOffset>> {
    crate::model::impact_start(&pm.timeline)
        .or_else(|| zone.from_local(pm.date.and_hms_opt(0, 0, 0)?))
}

fn check_time(
    pm: &PostMortem,
    zone: &Zone,
    at: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    margin: chrono::Duration,
) -> Result<()> {
    // A minute of slack for clocks that disagree slightly.
    if at > now + chrono::Duration::minutes(1) {
        return Err(UserError::new(format!(
            "{} is in the future (now is {})",
            zone.to_local(at).format("%Y-%m-%d %H:%M:%S %:z"),
            zone.to_local(now).format("%Y-%m-%d %H:%M:%S %:z")
        ))
        .hint("check --at (HH:MM means the most recent such time); use --force if you mean it")
        .into());
    }
    if let Some(start) = incident_start(pm, zone)
        && at < start - margin
    {
        return Err(UserError::new(format!(
            "{} is more than {} before the incident started ({})",
            zone.to_local(at).format("%Y-%m-%d %H:%M:%S %:z"),
            clock::human_duration(margin.num_seconds()),
            zone.to_local(start).format("%Y-%m-%d %H:%M:%S %:z"),
        ))
        .hint("check --at and the post-mortem (--pm); use --force if you mean it")
        .into());
    }
    Ok(())
}

/// Insert entries at their place in time order: after every entry at the
/// same time or earlier, so that same-second entries keep the order typed.
fn insert_entries(
    edit: &mut Edit,
    pm: &PostMortem,
    entries: &[NewEntry],
    zone: &Zone,
) -> Result<()> {
    let mut times: Vec<DateTime<FixedOffset>> = pm.timeline.iter().map(|e| e.at).collect();
    for entry in entries {
        let pos = times
            .iter()
            .rposition(|t| *t <= entry.at)
            .map_or(0, |p| p + 1);
        edit.insert_item(&[key("timeline")], Some(pos), &entry.fields(zone))?;
        times.insert(pos, entry.at);
    }
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    at: String,
    offset_seconds: Option<i64>,
    kind: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a str>,
}

pub fn list(ctx: &Ctx, args: &TimelineListArgs) -> Result<Exit> {
    let path = match &args.id {
        Some(id) => ctx.store.resolve(id)?,
        None => target::resolve(&ctx.store, None)?.0,
    };
    let loaded = ctx.store.load(&path)?;
    let zone = if args.utc {
        Zone::Fixed(chrono::FixedOffset::east_opt(0).expect("zero offset"))
    } else {
        ctx.store.config.zone().map_err(UserError::new)?
    };
    let pm = &loaded.pm;
    let figures = Figures::from_timeline(&pm.timeline);
    if args.json {
        let start = first_impact(pm);
        let entries: Vec<JsonEntry> = sorted(&pm.timeline)
            .into_iter()
            .map(|e| JsonEntry {
                at: clock::format_at(zone.to_local(e.at)),
                offset_seconds: start.map(|s| (e.at - s).num_seconds()),
                kind: &e.kind,
                text: &e.text,
                by: e.by.as_deref(),
                trace_id: e.trace_id.as_deref(),
                link: e.link.as_deref(),
            })
            .collect();
        output::emit_json(&serde_json::json!({
            "id": pm.id,
            "entries": entries,
            "figures": figures,
        }));
        return Ok(Exit::Ok);
    }
    if pm.timeline.is_empty() {
        output::emitln(&format!("{}: no timeline entries yet", pm.id));
        return Ok(Exit::Ok);
    }
    let mut out = render_table(pm, &zone, args.utc);
    out.push('\n');
    for (label, secs) in figures.present() {
        out.push_str(&format!("{label}: {}\n", clock::human_duration(secs)));
    }
    output::emit(&out);
    Ok(Exit::Ok)
}

fn first_impact(pm: &PostMortem) -> Option<DateTime<FixedOffset>> {
    crate::model::impact_start(&pm.timeline)
}

fn sorted(timeline: &[TimelineEntry]) -> Vec<&TimelineEntry> {
    let mut entries: Vec<&TimelineEntry> = timeline.iter().collect();
    entries.sort_by_key(|e| e.at);
    entries
}

/// The timeline as a table: local time, T+ offset from impact start, kind, text.
pub fn render_table(pm: &PostMortem, zone: &Zone, utc: bool) -> String {
    let start = first_impact(pm);
    let multi_day = pm
        .timeline
        .iter()
        .map(|e| zone.to_local(e.at).date_naive())
        .collect::<HashSet<_>>()
        .len()
        > 1;
    let time_header = if utc { "TIME (UTC)" } else { "TIME" };
    let mut rows = Vec::new();
    for e in sorted(&pm.timeline) {
        let local = zone.to_local(e.at);
        // Always show the date when the incident spans days.
        let time = if multi_day {
            local.format("%Y-%m-%d %H:%M:%S").to_string()
        } else {
            local.format("%H:%M:%S").to_string()
        };
        let offset = start
            .map(|s| clock::t_offset((e.at - s).num_seconds()))
            .unwrap_or_default();
        rows.push(vec![
            time,
            offset,
            e.kind.clone(),
            e.text.trim_end().to_string(),
        ]);
    }
    output::render_table(&[time_header, "T+", "KIND", "TEXT"], &rows, 3)
}

/// Field names tried in order when no flag names the field.
const TIME_FIELDS: &[&str] = &["timestamp", "time", "ts", "@timestamp", "Timestamp", "date"];
const MESSAGE_FIELDS: &[&str] = &["message", "msg", "Body", "body", "event"];
const LEVEL_FIELDS: &[&str] = &[
    "level",
    "severity",
    "SeverityText",
    "severity_text",
    "log.level",
    "lvl",
];
const TRACE_FIELDS: &[&str] = &[
    "trace_id",
    "traceId",
    "trace.id",
    "dd.trace_id",
    "otelTraceID",
    "TraceId",
    "traceID",
    "xray_trace_id",
];

pub fn import(ctx: &Ctx, args: &TimelineImportArgs) -> Result<Exit> {
    if args.trace_id.is_none() && args.level.is_none() {
        return Err(UserError::new(
            "say which lines to import: --trace-id ID and/or --level LEVEL",
        )
        .hint("importing a whole log would bury the timeline")
        .into());
    }
    let min_level = match &args.level {
        Some(l) => Some(
            level_rank(&serde_json::Value::String(l.clone())).ok_or_else(|| {
                UserError::new(format!("--level `{l}` is not a level"))
                    .hint("use trace, debug, info, warn, error or fatal")
            })?,
        ),
        None => None,
    };
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let now = clock::now()?;
    let path = match &args.id {
        Some(id) => ctx.store.resolve(id)?,
        None => target::resolve(&ctx.store, None)?.0,
    };

    let reader: Box<dyn BufRead> = if args.from.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let file = File::open(&args.from).map_err(|err| {
            UserError::new(format!("--from {}: {err}", args.from.display()))
                .hint("give the path of a JSON-lines log file")
        })?;
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let fields = FieldNames {
        time: args.time_field.as_deref(),
        message: args.message_field.as_deref(),
        level: args.level_field.as_deref(),
        trace: args.trace_field.as_deref(),
    };
    let mut scan = Scan::default();
    let mut picked: Vec<NewEntry> = Vec::new();
    // Streamed line by line: a log of millions of lines never sits in memory.
    for (n, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|err| {
            UserError::new(format!(
                "--from {}: read failed: {err}",
                args.from.display()
            ))
        })?;
        scan.lines += 1;
        let Ok(text) = std::str::from_utf8(&line) else {
            scan.not_json += 1;
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            scan.lines -= 1;
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            scan.not_json += 1;
            if scan.first_bad.is_none() {
                scan.first_bad = Some(n + 1);
            }
            continue;
        };
        match pick(&value, &fields, args.trace_id.as_deref(), min_level) {
            Picked::Skip => {}
            Picked::Missing(what) => {
                scan.incomplete += 1;
                if scan.first_incomplete.is_none() {
                    scan.first_incomplete = Some((n + 1, what));
                }
            }
            Picked::Entry { at, message, trace } => picked.push(NewEntry {
                at,
                kind: "note".into(),
                text: message,
                by: None,
                trace_id: trace,
                link: None,
            }),
        }
    }
    scan.report(&args.from.display().to_string());
    picked.sort_by_key(|e| e.at);

    if picked.is_empty() {
        output::emitln("No log lines matched; nothing added.");
        return Ok(Exit::Ok);
    }
    let loaded = ctx.store.load(&path)?;
    let fresh = dedupe(&loaded.pm, picked);
    if fresh.is_empty() {
        output::emitln(&format!(
            "All matching lines are already in {}; nothing added.",
            loaded.pm.id
        ));
        return Ok(Exit::Ok);
    }
    if args.dry_run {
        output::emitln(&format!(
            "Would add {} entries to {}:",
            fresh.len(),
            loaded.pm.id
        ));
        for e in &fresh {
            output::emitln(&format!(
                "  {} {}",
                clock::format_at(zone.to_local(e.at)),
                first_line(&e.text)
            ));
        }
        return Ok(Exit::Ok);
    }
    let margin = chrono::Duration::minutes(config.timeline_margin_minutes);
    let mut count = 0;
    let (loaded, _) = update_postmortem(ctx, &path, "timeline", |loaded, edit| {
        // Another writer may have added some meanwhile: dedupe again under the lock.
        let fresh = dedupe(&loaded.pm, fresh);
        count = fresh.len();
        if !args.force {
            for e in &fresh {
                check_time(&loaded.pm, &zone, e.at, now, margin)?;
            }
        }
        insert_entries(edit, &loaded.pm, &fresh, &zone)?;
        Ok(format!(
            "import {} entries from {}",
            fresh.len(),
            file_name(&args.from)
        ))
    })?;
    output::emitln(&format!("Added {count} entries to {}", loaded.pm.id));
    Ok(Exit::Ok)
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map_or_else(|| "stdin".into(), |n| n.to_string_lossy().into_owned())
}

/// Entries not already in the timeline (same time and text), nor repeated.
fn dedupe(pm: &PostMortem, entries: Vec<NewEntry>) -> Vec<NewEntry> {
    let mut seen: HashSet<(i64, u32, String)> = pm
        .timeline
        .iter()
        .map(|e| {
            (
                e.at.timestamp(),
                e.at.timestamp_subsec_nanos(),
                e.text.clone(),
            )
        })
        .collect();
    entries
        .into_iter()
        .filter(|e| {
            seen.insert((
                e.at.timestamp(),
                e.at.timestamp_subsec_nanos(),
                e.text.clone(),
            ))
        })
        .collect()
}

#[derive(Default)]
struct Scan {
    lines: usize,
    not_json: usize,
    first_bad: Option<usize>,
    incomplete: usize,
    first_incomplete: Option<(usize, &'static str)>,
}

impl Scan {
    fn report(&self, file: &str) {
        if self.not_json > 0 {
            output::note(&format!(
                "warning: {file}: {} of {} lines are not JSON and were skipped (first: line {})",
                self.not_json,
                self.lines,
                self.first_bad.unwrap_or(0)
            ));
        }
        if let Some((line, what)) = self.first_incomplete {
            output::note(&format!(
                "warning: {file}: {} matching lines have no usable {what} and were skipped (first: line {line}); name the field with a flag such as --time-field",
                self.incomplete
            ));
        }
    }
}

struct FieldNames<'a> {
    time: Option<&'a str>,
    message: Option<&'a str>,
    level: Option<&'a str>,
    trace: Option<&'a str>,
}

enum Picked {
    Skip,
    Missing(&'static str),
    Entry {
        at: DateTime<FixedOffset>,
        message: String,
        trace: Option<String>,
    },
}

fn pick(
    value: &serde_json::Value,
    fields: &FieldNames,
    trace_id: Option<&str>,
    min_level: Option<u8>,
) -> Picked {
    let get = |flag: Option<&str>, defaults: &[&str]| match flag {
        Some(name) => lookup(value, name),
        None => defaults.iter().find_map(|name| lookup(value, name)),
    };
    let trace = get(fields.trace, TRACE_FIELDS).and_then(scalar_string);
    if let Some(want) = trace_id
        && trace.as_deref() != Some(want)
    {
        return Picked::Skip;
    }
    if let Some(min) = min_level {
        match get(fields.level, LEVEL_FIELDS).and_then(level_rank) {
            Some(rank) if rank >= min => {}
            _ => return Picked::Skip,
        }
    }
    let Some(at) = get(fields.time, TIME_FIELDS).and_then(parse_log_time) else {
        return Picked::Missing("timestamp");
    };
    let Some(message) = get(fields.message, MESSAGE_FIELDS).and_then(scalar_string) else {
        return Picked::Missing("message");
    };
    if message.trim().is_empty() {
        return Picked::Missing("message");
    }
    Picked::Entry { at, message, trace }
}

/// A field by name: a literal key (`trace.id` as one key) first, then a
/// dotted path into nested objects (`trace` → `id`).
fn lookup<'a>(value: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    if let Some(v) = value.get(name) {
        return Some(v);
    }
    let mut cur = value;
    for part in name.split('.') {
        cur = cur.get(part)?;
    }
    Some(cur)
}

fn scalar_string(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// RFC 3339 (also with a space), or epoch seconds, milliseconds,
/// microseconds or nanoseconds, told apart by magnitude.
fn parse_log_time(v: &serde_json::Value) -> Option<DateTime<FixedOffset>> {
    match v {
        serde_json::Value::String(s) => {
            let s = s.trim();
            DateTime::parse_from_rfc3339(s)
                .or_else(|_| DateTime::parse_from_rfc3339(&s.replacen(' ', "T", 1)))
                .ok()
                .or_else(|| s.parse::<f64>().ok().and_then(epoch))
        }
        serde_json::Value::Number(n) => n.as_f64().and_then(epoch),
        _ => None,
    }
}

fn epoch(n: f64) -> Option<DateTime<FixedOffset>> {
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    let nanos = if n < 1e11 {
        n * 1e9
    } else if n < 1e14 {
        n * 1e6
    } else if n < 1e17 {
        n * 1e3
    } else {
        n
    };
    let nanos = nanos.round() as i64;
    Some(Utc.timestamp_nanos(nanos).fixed_offset())
}

/// Levels from the common logging libraries, as a rank: trace < debug <
/// info < warn < error < fatal. Numbers are pino/bunyan levels (10..60).
fn level_rank(v: &serde_json::Value) -> Option<u8> {
    match v {
        serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "trace" | "verbose" => Some(0),
            "debug" => Some(1),
            "info" | "information" | "notice" => Some(2),
            "warn" | "warning" => Some(3),
            "error" | "err" => Some(4),
            "fatal" | "critical" | "crit" | "panic" | "emergency" | "alert" => Some(5),
            other => other
                .parse::<u64>()
                .ok()
                .and_then(|n| level_rank(&n.into())),
        },
        serde_json::Value::Number(n) => {
            // pino and bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
            let n = n.as_u64()?;
            Some(match n {
                0..=10 => 0,
                11..=20 => 1,
                21..=30 => 2,
                31..=40 => 3,
                41..=50 => 4,
                _ => 5,
            })
        }
        _ => None,
    }
}
