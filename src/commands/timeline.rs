//! `pm timeline add|list|import`: the timeline, written during the response.

use std::collections::HashSet;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, Timelike};
use serde::Serialize;

use crate::cli::{TimelineAddArgs, TimelineImportArgs, TimelineListArgs};
use crate::clock;
use crate::commands::{Ctx, update_postmortem};
use crate::config::Zone;
use crate::edit::{Edit, Fields, Seg, key};
use crate::error::{Exit, UserError};
use crate::logs::{self, TraceId};
use crate::model::{Figures, PostMortem, TimelineEntry};
use crate::output::{self, Cell, Column};
use crate::store;
use crate::target::{self, Chosen};

/// A timeline entry about to be written.
#[derive(Debug, Clone)]
pub(crate) struct NewEntry {
    pub at: DateTime<FixedOffset>,
    pub kind: String,
    pub text: String,
    pub by: Option<String>,
    pub trace_id: Option<String>,
    pub link: Option<String>,
    /// Where an imported entry's record was read (its first, for a burst).
    pub origin: Option<logs::Origin>,
}

impl NewEntry {
    /// The entry as the post-mortem holds it once written.
    pub(crate) fn into_timeline_entry(self) -> TimelineEntry {
        TimelineEntry {
            at: self.at,
            kind: self.kind,
            text: self.text,
            by: self.by,
            trace_id: self.trace_id,
            link: self.link,
        }
    }

    pub(crate) fn fields(&self, zone: &Zone) -> Vec<(&'static str, Option<String>)> {
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
    let now = clock::now_in(&zone)?;
    let text = if args.text == "-" {
        // Never more than a post-mortem may hold: `- < /dev/zero` stops.
        let bytes = store::limits::read_to_limit(std::io::stdin(), store::MAX_FILE_BYTES)
            .map_err(|err| {
                UserError::new(format!("cannot read the entry from standard input: {err}"))
            })?
            .map_err(|why| {
                UserError::new(format!("the entry on standard input is {why}"))
                    .hint("a timeline entry is a few lines; nothing was changed")
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            UserError::new("the entry on standard input is not UTF-8 text")
                .hint("nothing was changed")
        })?;
        // Text piped from Windows tools: no byte-order mark, LF line ends.
        text.strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n")
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
        Some(t) => clock::moment_arg("--at", t, now, &zone)?,
        None => now,
    };
    let read_as_yesterday = args
        .at
        .as_deref()
        .and_then(|t| clock::read_as_yesterday("--at", t, at, now, &zone));
    let entry = NewEntry {
        at,
        kind: args.kind.clone(),
        text,
        by: non_empty(args.by.as_deref(), "--by")?,
        trace_id: non_empty(args.trace_id.as_deref(), "--trace-id")?,
        link: non_empty(args.link.as_deref(), "--link")?,
        origin: None,
    };
    let (path, chosen) = target::resolve(&ctx.store, args.target.pm.as_deref())?;
    if chosen != Chosen::Flag && !args.force {
        check_not_stale(ctx, &path, chosen, now, entry.at)?;
    }
    let margin = config.timeline_margin_minutes;
    let (loaded, _) = update_postmortem(ctx, &path, "timeline", |loaded, edit| {
        if !args.force {
            check_time(
                incident_start(&loaded.pm, &zone),
                &zone,
                entry.at,
                now,
                margin,
                TimeFrom::At,
            )?;
        }
        insert_entries(edit, &loaded.pm, std::slice::from_ref(&entry), &zone)?;
        Ok(format!(
            "{} at {}",
            entry.kind,
            clock::format_at(zone.to_local(entry.at))
        ))
    })?;
    let how = chosen.why();
    output::emitln(&format!(
        "Added to {}{how}: {} {} {}",
        output::line(&loaded.pm.id),
        // In the hour repeated when clocks go back, with its offset.
        clock::wall_time(&zone, entry.at, "%Y-%m-%d %H:%M:%S"),
        output::line(&entry.kind),
        output::truncate(&first_line(&entry.text), 200)
    ));
    if let Some(note) = read_as_yesterday {
        output::note(&note);
    }
    let mut after = loaded.pm.timeline.clone();
    after.push(entry.into_timeline_entry());
    report_written(&loaded.pm, after, &zone);
    Ok(Exit::Ok)
}

/// What a person hears once a change to a timeline is written (it is
/// written all the same): that the post-mortem is closed, since a stale
/// `pm use` or a mistyped --pm writes into a reviewed record without a
/// word; and each milestone the change put before impact started, while
/// the responder still knows what time they meant (`pm lint` would only
/// say so later). A responder correcting the start next is not stopped.
/// `before` is the post-mortem as it was, `after` its timeline as written.
pub(crate) fn report_written(before: &PostMortem, after: Vec<TimelineEntry>, zone: &Zone) {
    if before.status == crate::model::Status::Closed {
        output::note(&format!(
            "note: {} is closed; its timeline was changed all the same (if this was meant for another post-mortem, name that one with --pm ID)",
            before.id
        ));
    }
    let was: HashSet<(String, DateTime<FixedOffset>)> =
        crate::model::milestones_before_impact(&before.timeline)
            .into_iter()
            .map(|e| (e.kind.clone(), e.at))
            .collect();
    let after = PostMortem {
        timeline: after,
        ..before.clone()
    };
    let Some(start) = crate::model::impact_start(&after.timeline) else {
        return;
    };
    let rows = rows(&after, zone);
    for entry in crate::model::milestones_before_impact(&after.timeline) {
        if was.contains(&(entry.kind.clone(), entry.at)) {
            continue;
        }
        let number = rows
            .iter()
            .find(|r| std::ptr::eq(r.entry, entry))
            .map_or(0, |r| r.number);
        let when = |at| clock::wall_time(zone, at, "%Y-%m-%d %H:%M:%S");
        output::note(&format!(
            "warning: #{number} `{}` at {} is before impact started ({}, {}), so the figures from it are negative",
            entry.kind,
            when(entry.at),
            when(start),
            clock::t_offset((entry.at - start).num_seconds()),
        ));
        output::note(&format!(
            "  written as given: a time typed in another zone than pm.yaml's `timezone` ({}), or for another day? Correct it with `pm timeline edit {number} --at 'YYYY-MM-DD HH:MM'` (a bare HH:MM keeps the entry's day), or correct the impact-start entry",
            zone.name()
        ));
    }
}

/// A post-mortem whose timeline has been quiet this long is treated as an
/// incident that is over: an entry chosen for it by `pm use` or "newest
/// draft" (not by --pm) is probably meant for a newer incident.
const STALE_AFTER_DAYS: i64 = 3;

/// Ask on a terminal, warn in scripts, before writing into a post-mortem
/// whose incident looks long over, when the person did not name it. The
/// quiet days are counted up to the new entry's time (`at`), not to now:
/// `--at "2026-11-26 09:40"` written days later for an incident of that
/// day is not meant for a newer one.
fn check_not_stale(
    ctx: &Ctx,
    path: &std::path::Path,
    chosen: Chosen,
    now: DateTime<FixedOffset>,
    at: DateTime<FixedOffset>,
) -> Result<()> {
    // A file that cannot be read is reported by the write itself, with the
    // state of the repository (a merge in progress) checked first.
    let Ok(loaded) = ctx.store.load(path) else {
        return Ok(());
    };
    let pm = &loaded.pm;
    let last = pm.timeline.iter().map(|e| e.at).max();
    // Compared in hours: three and a half days is more than three.
    let quiet_hours = match last {
        Some(last) => (at - last).num_hours(),
        None => (at.date_naive() - pm.date).num_days() * 24,
    };
    if quiet_hours <= STALE_AFTER_DAYS * 24 {
        return Ok(());
    }
    // A post-mortem added within those days is not a forgotten one, however
    // old its incident (`pm new` a moment ago, written up days after). A
    // commit "after" pm's clock (PM_NOW set in the past) says nothing.
    if let Some(added) = crate::git::added_at(&ctx.store.root, path, 1000) {
        let since = now.timestamp() - added;
        if (0..=STALE_AFTER_DAYS * 24 * 3600).contains(&since) {
            return Ok(());
        }
    }
    let quiet_days = quiet_hours / 24;
    let how = match chosen {
        Chosen::Use => "chosen with `pm use`",
        _ => "the newest draft",
    };
    let what = format!(
        "{} ({how}) has had no timeline entry for {quiet_days} days",
        pm.id
    );
    if crate::commands::interactive() {
        let go = dialoguer::Confirm::new()
            .with_prompt(format!("{what}. Add this entry to it anyway?"))
            .default(false)
            .interact()
            .unwrap_or(false);
        if !go {
            return Err(UserError::new("nothing was added")
                .hint("name the post-mortem with --pm ID, or choose it with `pm use ID`")
                .into());
        }
    } else {
        output::note(&format!(
            "warning: {what}; is this entry for a newer incident? Name it with --pm ID (--force silences this)"
        ));
    }
    Ok(())
}

pub(crate) fn non_empty(value: Option<&str>, flag: &str) -> Result<Option<String>> {
    match value {
        Some(v) if v.trim().is_empty() => {
            crate::bail_user!("{flag} is empty; give a value or leave it out")
        }
        Some(v) => Ok(Some(v.trim().to_string())),
        None => Ok(None),
    }
}

pub(crate) fn check_kind(kinds: Vec<&str>, kind: &str) -> Result<()> {
    if kinds.contains(&kind) {
        return Ok(());
    }
    // "detect" for "detected", "mitigate" for "mitigated": a kind that
    // begins with what was typed (or the other way round) is the likely one.
    let lower = kind.to_lowercase();
    let close = (lower.len() >= 3)
        .then(|| {
            kinds
                .iter()
                .find(|k| k.starts_with(&lower) || lower.starts_with(**k))
        })
        .flatten();
    let mut err = UserError::new(format!("--kind `{kind}` is not a timeline kind"));
    if let Some(k) = close {
        err = err.hint(format!("did you mean `--kind {k}`?"));
    }
    Err(err
        .hint(format!("use one of {}", kinds.join(", ")))
        .hint("more kinds can be added under `timeline_kinds` in pm.yaml")
        .into())
}

/// The incident's start: its first impact-start entry, else the start of
/// its date in the repository's zone.
pub(crate) fn incident_start(pm: &PostMortem, zone: &Zone) -> Option<DateTime<FixedOffset>> {
    crate::model::impact_start(&pm.timeline)
        .or_else(|| zone.from_local(pm.date.and_hms_opt(0, 0, 0)?))
}

/// Where an entry's time came from, for what to check when it is refused.
#[derive(Clone, Copy)]
pub(crate) enum TimeFrom<'a> {
    /// `pm timeline add --at`.
    At,
    /// `pm timeline edit --at`, where `HH:MM` is on the entry's own day.
    EditAt,
    /// A log record's timestamp (`pm timeline import`), read there.
    Log(Option<&'a logs::Origin>),
}

pub(crate) fn check_time(
    start: Option<DateTime<FixedOffset>>,
    zone: &Zone,
    at: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    margin_minutes: i64,
    from: TimeFrom,
) -> Result<()> {
    let (future, early) = match from {
        TimeFrom::At => (
            "check --at (HH:MM means the most recent such time); use --force if you mean it",
            "check --at and the post-mortem (--pm); use --force if you mean it",
        ),
        TimeFrom::EditAt => (
            "check --at (HH:MM means that time on the entry's own day); use --force if you mean it",
            "check --at and the post-mortem (--pm); use --force if you mean it",
        ),
        TimeFrom::Log(_) => (
            "check the log's timestamps (--time-field names the field); keep the incident's records with --since/--until, or use --force if you mean it",
            "check the log's timestamps and the post-mortem; keep the incident's records with --since/--until, or use --force if you mean it",
        ),
    };
    // A record says where it was read: `app.jsonl, line 3: the record at ...`.
    let what = match from {
        TimeFrom::Log(Some(origin)) => format!("{origin}: the record at "),
        TimeFrom::Log(None) => "the record at ".to_string(),
        TimeFrom::At | TimeFrom::EditAt => String::new(),
    };
    // A minute of slack for clocks that disagree slightly.
    if clock::add_minutes(now, 1).is_ok_and(|limit| at > limit) {
        return Err(UserError::new(format!(
            "{what}{} is in the future (now is {})",
            zone.to_local(at).format("%Y-%m-%d %H:%M:%S %:z"),
            zone.to_local(now).format("%Y-%m-%d %H:%M:%S %:z")
        ))
        .hint(future)
        .into());
    }
    if let Some(start) = start
        && clock::add_minutes(start, -margin_minutes).is_ok_and(|earliest| at < earliest)
    {
        return Err(UserError::new(format!(
            "{what}{} is more than {} before the incident started ({})",
            zone.to_local(at).format("%Y-%m-%d %H:%M:%S %:z"),
            clock::human_duration(margin_minutes.saturating_mul(60)),
            zone.to_local(start).format("%Y-%m-%d %H:%M:%S %:z"),
        ))
        .hint(early)
        .hint("the margin is `timeline_margin_minutes` in pm.yaml")
        .into());
    }
    Ok(())
}

/// Insert entries at their place in time order: after every entry at the
/// same time or earlier, so that same-second entries keep the order typed.
/// One pass over the file however many entries there are.
fn insert_entries(
    edit: &mut Edit,
    pm: &PostMortem,
    entries: &[NewEntry],
    zone: &Zone,
) -> Result<()> {
    // Entry i goes after the last existing entry at its time or earlier.
    // The timeline as written may be out of order: the last index whose
    // time is <= t is the last index whose suffix minimum is <= t, and
    // suffix minima rise with the index, so a binary search finds it.
    let mut suffix_min: Vec<DateTime<FixedOffset>> = pm.timeline.iter().map(|e| e.at).collect();
    for i in (0..suffix_min.len().saturating_sub(1)).rev() {
        suffix_min[i] = suffix_min[i].min(suffix_min[i + 1]);
    }
    let mut sorted: Vec<&NewEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.at);
    let items: Vec<(usize, Fields)> = sorted
        .into_iter()
        .map(|e| (suffix_min.partition_point(|t| *t <= e.at), e.fields(zone)))
        .collect();
    edit.insert_items(&[key("timeline")], &items)
}

/// The first line of an entry's text, safe on one line of a listing: a
/// break of any other kind (VT, NEL, LINE SEPARATOR) would start a line
/// that looks like another entry.
fn first_line(text: &str) -> std::borrow::Cow<'_, str> {
    output::line(text.lines().next().unwrap_or(""))
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
    let path = match args.id.as_ref().or(args.pm.as_ref()) {
        Some(id) => ctx.store.resolve(id)?,
        // A read: it needs no lock, and a read-only clone has none to take.
        None => target::resolve_now(&ctx.store, None)?.0,
    };
    let loaded = ctx.store.load(&path)?;
    let zone = if args.utc {
        Zone::utc()
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
            // The id commands take, as in every `--json`: the file's name.
            "id": target::id_of(&path),
            "entries": entries,
            "figures": figures,
        }));
        return Ok(Exit::Ok);
    }
    if pm.timeline.is_empty() {
        output::emitln(&format!(
            "{}: no timeline entries yet",
            output::line(&pm.id)
        ));
        return Ok(Exit::Ok);
    }
    // Say which post-mortem this is: without an id it was chosen for you.
    let heading = format!("{}: {}", output::line(&pm.id), output::line(&pm.title));
    let mut out = format!(
        "{}\n",
        output::truncate(&heading, usize::from(output::width()))
    );
    out.push_str(&render_table(pm, &zone, args.utc));
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

/// One timeline entry as the timeline is shown: its number (what `pm
/// timeline rm` and `pm timeline edit` take), local time, and T+ offset
/// from impact start.
pub struct Row<'a> {
    pub number: usize,
    pub time: String,
    pub offset: String,
    pub entry: &'a TimelineEntry,
}

/// The entries in time order, each with its number, time and offset. The
/// time has the date when the incident spans days.
pub fn rows<'a>(pm: &'a PostMortem, zone: &Zone) -> Vec<Row<'a>> {
    let start = first_impact(pm);
    let multi_day = pm
        .timeline
        .iter()
        .map(|e| zone.to_local(e.at).date_naive())
        .collect::<HashSet<_>>()
        .len()
        > 1;
    sorted(&pm.timeline)
        .into_iter()
        .enumerate()
        .map(|(n, entry)| {
            // As render and the site show it: in the hour repeated when
            // clocks go back, with its offset (`01:30:00 -04:00`).
            let time = clock::wall_time(
                zone,
                entry.at,
                if multi_day {
                    "%Y-%m-%d %H:%M:%S"
                } else {
                    "%H:%M:%S"
                },
            );
            let offset = start
                .map(|s| clock::t_offset((entry.at - s).num_seconds()))
                .unwrap_or_default();
            Row {
                number: n + 1,
                time,
                offset,
                entry,
            }
        })
        .collect()
}

/// The timeline as a table: local time, T+ offset from impact start, kind, text.
pub fn render_table(pm: &PostMortem, zone: &Zone, utc: bool) -> String {
    let time_header = if utc { "TIME (UTC)" } else { "TIME" };
    let rows: Vec<Vec<Cell>> = rows(pm, zone)
        .into_iter()
        .map(|r| {
            vec![
                Cell::new(r.number.to_string()),
                Cell::new(r.time),
                Cell::new(r.offset),
                Cell::new(r.entry.kind.as_str()),
                Cell::new(r.entry.text.as_str()),
            ]
        })
        .collect();
    // `#` is what `pm timeline rm` and `pm timeline edit` take.
    output::render_table(
        &[
            Column::whole("#", 5),
            // `2026-11-01 01:30:00 -04:00`: the date, and the offset in
            // the hour repeated when clocks go back.
            Column::whole(time_header, 26),
            Column::whole("T+", 12),
            Column::whole("KIND", 24),
            Column::paragraphs("TEXT"),
        ],
        &rows,
    )
}

type Moment = DateTime<FixedOffset>;

/// `--since`/`--until` of an import. A bare `HH:MM` is that time on the
/// incident's day (the post-mortem's `date`), not today: logs are
/// imported days after the incident, and "the last 09:30" would keep
/// nothing of them. A bare `--until` before a bare `--since` is on the
/// next day (a window across midnight); the same bare time is that
/// moment on the same day (`--since 09:10:22 --until 09:10:22` is that
/// second, as [`clock::until_end`] reads `--until`). Each reading is
/// said on stderr.
fn import_window(
    args: &TimelineImportArgs,
    pm: &PostMortem,
    now: DateTime<FixedOffset>,
    zone: &Zone,
) -> Result<(Option<Moment>, Option<Moment>)> {
    let day = pm.date;
    let read = |flag: &str, text: Option<&str>, day: chrono::NaiveDate| {
        text.map(|t| {
            if clock::time_of_day(t).is_some() {
                clock::moment_arg_on(flag, t, now, zone, day).map(|at| (at, true))
            } else {
                clock::moment_arg(flag, t, now, zone).map(|at| (at, false))
            }
        })
        .transpose()
    };
    let since = read("--since", args.since.as_deref(), day)?;
    // Compared as clock times before either is placed: `--since 03:30
    // --until 02:30` on a day the clocks skip 02:30 is the next day's.
    let clock_time = |t: Option<&str>| t.and_then(clock::time_of_day);
    let until_day = match (
        clock_time(args.since.as_deref()),
        clock_time(args.until.as_deref()),
    ) {
        (Some(from), Some(to)) if to < from => day.succ_opt().unwrap_or(day),
        _ => day,
    };
    let until = read("--until", args.until.as_deref(), until_day)?;
    let given = [
        ("--since", args.since.as_deref(), since),
        ("--until", args.until.as_deref(), until),
    ];
    for (flag, text, value) in given {
        if let (Some(text), Some((at, true))) = (text, value) {
            let which = if zone.to_local(at).date_naive() == day {
                "on the incident's day (the post-mortem's date)"
            } else {
                "on the day after the incident's (the window crosses midnight)"
            };
            output::note(&format!(
                "note: {flag} {} is read {which}: {} in {}; give a date for another day ({flag} 'YYYY-MM-DD HH:MM')",
                output::arg_word(text.trim()),
                clock::wall_time(
                    zone,
                    at,
                    if at.second() == 0 && at.nanosecond() == 0 {
                        "%Y-%m-%d %H:%M"
                    } else {
                        "%Y-%m-%d %H:%M:%S%.f"
                    }
                ),
                zone.name(),
            ));
        }
    }
    Ok((since.map(|(at, _)| at), until.map(|(at, _)| at)))
}

pub fn import(ctx: &Ctx, args: &TimelineImportArgs) -> Result<Exit> {
    if args.trace_id.is_none() && args.level.is_none() {
        return Err(UserError::new(
            "say which lines to import: --trace-id ID and/or --level LEVEL",
        )
        .hint("importing a whole log would bury the timeline")
        .into());
    }
    let min_level = match &args.level {
        Some(l) => Some(logs::level_rank(l).ok_or_else(|| {
            UserError::new(format!("--level `{l}` is not a level"))
                .hint(format!("use {}", logs::LEVEL_NAMES))
        })?),
        None => None,
    };
    let trace = non_empty(args.trace_id.as_deref(), "--trace-id")?.map(|t| TraceId::parse(&t));
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let now = clock::now_in(&zone)?;
    // `ID` and `--pm ID` are one choice, made as every writer makes it.
    let named = args.id.as_deref().or(args.pm.as_deref());
    let (path, chosen) = target::resolve(&ctx.store, named)?;
    let sources = logs::sources(&args.from).map_err(|err| {
        // `pm timeline import --from a.log ID`: the id was taken for a file.
        match args.from.last() {
            Some(last)
                if chosen != Chosen::Flag
                    && last.as_os_str() != "-"
                    && !last.exists()
                    && ctx.store.resolve(&last.to_string_lossy()).is_ok() =>
            {
                UserError::new(format!(
                    "--from {}: no such file, but it is a post-mortem id",
                    last.display()
                ))
                .hint(format!(
                    "put the id before --from: pm timeline import {} --from FILE...",
                    crate::output::arg_word(&last.to_string_lossy())
                ))
                .into()
            }
            _ => err,
        }
    })?;
    let query = logs::Query {
        trace,
        min_level,
        time_field: non_empty(args.time_field.as_deref(), "--time-field")?,
        message_field: non_empty(args.message_field.as_deref(), "--message-field")?,
        level_field: non_empty(args.level_field.as_deref(), "--level-field")?,
        trace_field: non_empty(args.trace_field.as_deref(), "--trace-field")?,
        zone: Some(zone),
        log_zone: args
            .log_timezone
            .as_deref()
            .map(|z| {
                clock::Zone::parse(z).map_err(|err| {
                    UserError::new(format!("--log-timezone: {err}")).hint("nothing was imported")
                })
            })
            .transpose()?,
        since: None,
        until: None,
    };
    let loaded = ctx.store.load(&path)?;
    let (since, until) = import_window(args, &loaded.pm, now, &zone)?;
    let query = logs::Query {
        since,
        until: until.map(|at| clock::until_end(args.until.as_deref().unwrap_or(""), at)),
        ..query
    };
    // An empty window matches nothing by construction, as `pm stats` says.
    if let (Some(since), Some(end), Some(until)) = (query.since, query.until, until)
        && since > end
    {
        return Err(UserError::new(format!(
            "--since {} is after --until {}; no log line could match",
            since.to_rfc3339(),
            until.to_rfc3339()
        ))
        .hint("give --since the earlier time; nothing was imported")
        .into());
    }
    // The logs are read before the repository is locked: a long read never
    // keeps another pm from writing.
    let outcome = logs::read(&sources, &query)?;
    for warning in outcome.warnings() {
        output::note(&warning);
    }
    let from = match sources.as_slice() {
        [one] => one.file_name(),
        many => format!("{} files", many.len()),
    };

    if outcome.found.is_empty() {
        // Records that matched but could not be written (no time pm reads,
        // no message) are not "no match": the warnings above say why.
        let skipped: usize = outcome
            .files
            .iter()
            .map(|f| {
                f.incomplete.values().map(|(count, _)| count).sum::<usize>()
                    + f.impossible.map_or(0, |(count, _)| count)
                    + f.out_of_range.map_or(0, |(count, _)| count)
            })
            .sum();
        output::emitln(&match skipped {
            0 => "No log lines matched; nothing added.".to_string(),
            1 => "Nothing added: the 1 matching record was skipped (the warning above says why)."
                .to_string(),
            n => format!(
                "Nothing added: the {n} matching records were skipped (the warnings above say why)."
            ),
        });
        for line in outcome.describe_files() {
            output::note(&format!("  read {line}"));
        }
        return Ok(Exit::Ok);
    }
    let group = !args.no_group;
    let (fresh, updates, _) = weigh(&loaded.pm, &outcome.found, group, &zone);
    let mut too_many = check_entry_count(args, fresh.len(), &loaded.pm.id).err();
    if !args.dry_run
        && let Some(err) = too_many.take()
    {
        return Err(err);
    }
    let margin = config.timeline_margin_minutes;
    if args.dry_run {
        // The same checks as the real run: a dry run that promises entries
        // the import then refuses tells nothing. One refused for too many
        // entries shows the first of them before it refuses, so the person
        // sees what to narrow.
        if too_many.is_none() && !args.force {
            let start = incident_start(&loaded.pm, &zone);
            for e in &fresh {
                let from = TimeFrom::Log(e.origin.as_ref());
                check_time(start, &zone, e.at, now, margin, from)?;
            }
        }
        let mut out = String::new();
        out.push_str("Read:\n");
        for line in outcome.describe_files() {
            out.push_str(&format!("  {line}\n"));
        }
        out.push_str(&format!(
            "Fields used by the {}:\n",
            output::count(outcome.found.len() as u64, "matching record")
        ));
        for line in outcome.describe_fields() {
            out.push_str(&format!("  {line}\n"));
        }
        if fresh.is_empty() && updates.is_empty() {
            out.push_str(&format!(
                "All matching lines are already in {}; nothing would be added.\n",
                loaded.pm.id
            ));
        } else if fresh.is_empty() {
            out.push_str(&format!("Nothing new to add to {}.\n", loaded.pm.id));
        } else {
            out.push_str(&format!(
                "Would add {} to {}:\n",
                output::count_as(fresh.len() as u64, "entry", "entries"),
                loaded.pm.id
            ));
            let shown = if too_many.is_none() {
                fresh.len()
            } else {
                TOO_MANY_SHOWN
            };
            for e in fresh.iter().take(shown) {
                out.push_str(&format!(
                    "  {} {}\n",
                    clock::format_at(zone.to_local(e.at)),
                    preview(&e.text)
                ));
            }
            if fresh.len() > shown {
                let more = (fresh.len() - shown) as u64;
                out.push_str(&format!(
                    "  … and {}\n",
                    output::count_as(more, "more entry", "more entries")
                ));
            }
        }
        if !updates.is_empty() {
            out.push_str(&match updates.len() {
                1 => "Would update 1 burst that grew since the last import:\n".to_string(),
                n => format!("Would update {n} bursts that grew since the last import:\n"),
            });
            for (i, text) in &updates {
                out.push_str(&format!(
                    "  {} {}\n",
                    clock::format_at(zone.to_local(loaded.pm.timeline[*i].at)),
                    preview(text)
                ));
            }
        }
        output::emit(&out);
        return match too_many {
            Some(err) => Err(err),
            None => Ok(Exit::Ok),
        };
    }
    if fresh.is_empty() && updates.is_empty() {
        output::emitln(&format!(
            "All matching lines are already in {}; nothing added.",
            output::line(&loaded.pm.id)
        ));
        return Ok(Exit::Ok);
    }
    let (mut count, mut updated, mut grouped) = (0, 0, false);
    let mut written: Vec<TimelineEntry> = Vec::new();
    let (loaded, _) = update_postmortem(ctx, &path, "timeline", |loaded, edit| {
        // Another writer may have added some meanwhile: weigh again under the lock.
        let (fresh, updates, bursts) = weigh(&loaded.pm, &outcome.found, group, &zone);
        check_entry_count(args, fresh.len(), &loaded.pm.id)?;
        count = fresh.len();
        updated = updates.len();
        grouped = bursts || updated > 0;
        if !args.force {
            let start = incident_start(&loaded.pm, &zone);
            for e in &fresh {
                let from = TimeFrom::Log(e.origin.as_ref());
                check_time(start, &zone, e.at, now, margin, from)?;
            }
        }
        for (i, text) in &updates {
            edit.set(&[key("timeline"), Seg::Index(*i)], "text", Some(text))?;
        }
        insert_entries(edit, &loaded.pm, &fresh, &zone)?;
        written = fresh
            .into_iter()
            .map(NewEntry::into_timeline_entry)
            .collect();
        let entries = output::count_as(count as u64, "entry", "entries");
        let bursts = output::count(updated as u64, "grown burst");
        Ok(match (count, updated) {
            (_, 0) => format!("import {entries} from {from}"),
            (0, _) => format!("update {bursts} from {from}"),
            (_, _) => format!("import {entries} from {from}, update {bursts}"),
        })
    })?;
    let grouped = if grouped {
        format!(
            " ({} log records; bursts of one message grouped, --no-group keeps them apart)",
            outcome.found.len()
        )
    } else {
        String::new()
    };
    let updated = match updated {
        0 => String::new(),
        1 => "; updated 1 burst that grew since the last import".to_string(),
        n => format!("; updated {n} bursts that grew since the last import"),
    };
    output::emitln(&format!(
        "Added {} to {}{}{grouped}{updated}",
        output::count_as(count as u64, "entry", "entries"),
        output::line(&loaded.pm.id),
        chosen.why()
    ));
    let mut after = loaded.pm.timeline.clone();
    after.extend(written);
    report_written(&loaded.pm, after, &zone);
    Ok(Exit::Ok)
}

/// How many of the entries a dry run refused for `--max-entries` lists
/// before it refuses: enough to see which messages fill the timeline.
const TOO_MANY_SHOWN: usize = 20;

/// Refuses an import that would add more entries than `--max-entries`.
fn check_entry_count(args: &TimelineImportArgs, count: usize, id: &str) -> Result<()> {
    if args.max_entries == 0 || count <= args.max_entries {
        return Ok(());
    }
    let narrow = if args.no_group {
        "drop --no-group, or narrow the import"
    } else {
        "narrow the import"
    };
    Err(UserError::new(format!(
        "the import would add {} to {}, more than --max-entries {}: a timeline that long buries the incident",
        output::count_as(count as u64, "entry", "entries"),
        output::line(id),
        args.max_entries
    ))
    .hint(format!(
        "{narrow} (--level fatal, --since/--until, --trace-id), or raise --max-entries; nothing was imported"
    ))
    .into())
}

/// An entry's text in the dry run's list: its first line, and for a
/// message of several lines how many more the entry holds (the import
/// writes them all).
fn preview(text: &str) -> String {
    let more = text.lines().count().saturating_sub(1);
    match more {
        0 => first_line(text).into_owned(),
        1 => format!("{} … (1 more line)", first_line(text)),
        n => format!("{} … ({n} more lines)", first_line(text)),
    }
}

/// The entries an import adds and the bursts it updates (index in the
/// timeline, new text), the records already in the timeline left out
/// ([`logs::plan`] says which), and whether a new entry is a burst.
fn weigh(
    pm: &PostMortem,
    found: &[logs::Found],
    group: bool,
    zone: &Zone,
) -> (Vec<NewEntry>, Vec<(usize, String)>, bool) {
    let written: Vec<logs::Written> = pm
        .timeline
        .iter()
        .map(|e| logs::Written {
            at: e.at,
            text: &e.text,
            // Only entries as import writes them grow.
            updatable: e.kind == "note" && e.by.is_none(),
        })
        .collect();
    let plan = logs::plan(found, group, &written, zone);
    let bursts = plan.added.iter().any(|e| e.count > 1);
    let fresh = plan
        .added
        .into_iter()
        .map(|e| NewEntry {
            at: e.at,
            kind: "note".into(),
            text: e.text(zone),
            by: None,
            trace_id: e.trace.clone(),
            link: None,
            origin: Some(e.origin),
        })
        .collect();
    (fresh, plan.grown, bursts)
}
