//! `pm timeline rm` and `pm timeline edit`: correct an entry written in the
//! heat of the response (the wrong post-mortem, a typo, the wrong time).
//!
//! An entry is named by its number in `pm timeline list` (time order, from
//! 1) or by its time. Both edit only that entry's lines.

use anyhow::Result;
use chrono::{DateTime, FixedOffset, Timelike};

use crate::cli::{TimelineEditArgs, TimelineRmArgs};
use crate::clock;
use crate::commands::timeline::{
    TimeFrom, check_kind, check_time, incident_start, non_empty, report_written,
};
use crate::commands::{Ctx, update_postmortem};
use crate::config::Zone;
use crate::edit::{Seg, key};
use crate::error::{Exit, UserError};
use crate::model::PostMortem;
use crate::output;
use crate::target;

pub fn rm(ctx: &Ctx, args: &TimelineRmArgs) -> Result<Exit> {
    let zone = ctx.store.config.zone().map_err(UserError::new)?;
    let now = clock::now_in(&zone)?;
    let (path, _) = target::resolve(&ctx.store, args.target.pm.as_deref())?;
    let mut after = Vec::new();
    let (loaded, what) = update_postmortem(ctx, &path, "timeline", |loaded, edit| {
        after = loaded.pm.timeline.clone();
        let (index, number) = find_entry(&loaded.pm, &args.entry, now, &zone)?;
        let entry = &loaded.pm.timeline[index];
        edit.remove_item(&[key("timeline")], index)?;
        after.remove(index);
        Ok(format!(
            "remove #{number} {} at {}",
            entry.kind,
            clock::format_at(zone.to_local(entry.at))
        ))
    })?;
    output::emitln(&format!("{}: {what}", loaded.pm.id));
    report_written(&loaded.pm, after, &zone);
    Ok(Exit::Ok)
}

pub fn edit(ctx: &Ctx, args: &TimelineEditArgs) -> Result<Exit> {
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let now = clock::now_in(&zone)?;
    if args.text.is_none()
        && args.at.is_none()
        && args.kind.is_none()
        && args.by.is_none()
        && args.link.is_none()
        && args.trace_id.is_none()
    {
        return Err(UserError::new("nothing to change")
            .hint("give one or more of --text, --at, --kind, --by, --link, --trace-id")
            .into());
    }
    if let Some(kind) = &args.kind {
        check_kind(config.timeline_kinds(), kind)?;
    }
    let text = non_empty(args.text.as_deref(), "--text")?;
    let by = non_empty(args.by.as_deref(), "--by")?;
    let link = non_empty(args.link.as_deref(), "--link")?;
    let trace_id = non_empty(args.trace_id.as_deref(), "--trace-id")?;
    // A bare HH:MM is read on the entry's own day, once the entry is
    // found; anything else is read (and refused when wrong) before.
    let at_now = match &args.at {
        Some(t) if clock::time_of_day(t).is_none() => {
            Some(clock::moment_arg("--at", t, now, &zone)?)
        }
        _ => None,
    };
    let (path, _) = target::resolve(&ctx.store, args.target.pm.as_deref())?;
    let mut after = Vec::new();
    // Set when every value given is the entry's already: nothing is
    // written or committed, and that is all the command says.
    let mut unchanged = false;
    let (loaded, what) = update_postmortem(ctx, &path, "timeline", |loaded, edit| {
        let (index, number) = find_entry(&loaded.pm, &args.entry, now, &zone)?;
        let old = &loaded.pm.timeline[index];
        let at = match (&args.at, at_now) {
            (_, Some(at)) => Some(at),
            (Some(t), None) => {
                let day = zone.to_local(old.at).date_naive();
                Some(clock::moment_arg_on("--at", t, now, &zone, day)?)
            }
            (None, None) => None,
        };
        // The guards of `timeline add --at`, against the incident as the
        // other entries date it (moving its first impact-start entry years
        // back must not move the yardstick with it).
        if let Some(at) = at.filter(|at| *at != old.at)
            && !args.force
        {
            let mut others = loaded.pm.clone();
            others.timeline.remove(index);
            check_time(
                incident_start(&others, &zone),
                &zone,
                at,
                now,
                ctx.store.config.timeline_margin_minutes,
                TimeFrom::EditAt,
            )?;
        }
        let list = [key("timeline")];
        let item = [key("timeline"), Seg::Index(index)];
        // Only the values given that differ from the entry's change, in
        // place: the entry's other keys, its comments and its layout are
        // the person's and stay (a value given as it already is is not
        // rewritten, not even requoted).
        let new_at = at
            .filter(|at| *at != old.at)
            .map(|at| clock::format_at(zone.to_local(at)));
        let differs = |value: &Option<String>, current: Option<&str>| {
            value.as_deref().filter(|v| Some(*v) != current).is_some()
        };
        let changes = [
            ("at", new_at.is_some(), &new_at),
            ("text", differs(&text, Some(&old.text)), &text),
            ("kind", differs(&args.kind, Some(&old.kind)), &args.kind),
            ("by", differs(&by, old.by.as_deref()), &by),
            ("link", differs(&link, old.link.as_deref()), &link),
            (
                "trace_id",
                differs(&trace_id, old.trace_id.as_deref()),
                &trace_id,
            ),
        ];
        if changes.iter().all(|(_, changed, _)| !changed) {
            unchanged = true;
            let short = output::truncate(old.text.lines().next().unwrap_or(""), 48);
            return Ok(format!(
                "#{number} at {} (\"{short}\")",
                clock::format_at(zone.to_local(old.at))
            ));
        }
        for (field, changed, value) in changes {
            if let (true, Some(value)) = (changed, value) {
                edit.set(&item, field, Some(value))?;
            }
        }
        after = loaded.pm.timeline.clone();
        let changed = &mut after[index];
        changed.at = at.unwrap_or(old.at);
        for (field, value) in [(&mut changed.text, &text), (&mut changed.kind, &args.kind)] {
            if let Some(value) = value {
                value.clone_into(field);
            }
        }
        for (field, value) in [
            (&mut changed.by, &by),
            (&mut changed.link, &link),
            (&mut changed.trace_id, &trace_id),
        ] {
            if value.is_some() {
                field.clone_from(value);
            }
        }
        // A new time moves the entry, lines and comments as they are, to
        // its place in time order (after the entries at the same time).
        if let Some(at) = at.filter(|at| *at != old.at) {
            let mut times: Vec<DateTime<FixedOffset>> =
                loaded.pm.timeline.iter().map(|e| e.at).collect();
            times.remove(index);
            let pos = times.iter().rposition(|t| *t <= at).map_or(0, |p| p + 1);
            edit.move_item(&list, index, pos)?;
        }
        let when = clock::format_at(zone.to_local(old.at));
        // Which entry it was, by its words: numbers shift when an entry
        // moves, and the next edit by number can land on another one.
        let short = |t: &str| output::truncate(t.lines().next().unwrap_or(""), 48).into_owned();
        let words = match &text {
            Some(new) if *new != old.text => {
                format!(" (\"{}\" → \"{}\")", short(&old.text), short(new))
            }
            _ => format!(" (\"{}\")", short(&old.text)),
        };
        // What else changed, said as the text is: `kind note → detected`.
        let mut words = words;
        if let Some(kind) = args.kind.as_ref().filter(|k| **k != old.kind) {
            words.push_str(&format!(", kind {} → {kind}", old.kind));
        }
        if let Some(role) = by.as_ref().filter(|b| old.by.as_ref() != Some(*b)) {
            match &old.by {
                Some(was) => words.push_str(&format!(", by {was} → {role}")),
                None => words.push_str(&format!(", by {role}")),
            }
        }
        Ok(match at {
            Some(at) if at != old.at => format!(
                "edit #{number} at {when}{words}, moved to {}",
                clock::format_at(zone.to_local(at))
            ),
            _ => format!("edit #{number} at {when}{words}"),
        })
    })?;
    if unchanged {
        // As `pm action edit` says it: exit 0, nothing written, no note
        // about a closed post-mortem whose timeline was not touched.
        output::emitln(&format!(
            "Nothing changed: {} {what} already has the values given",
            output::line(&loaded.pm.id)
        ));
        return Ok(Exit::Ok);
    }
    output::emitln(&format!("{}: {what}", loaded.pm.id));
    report_written(&loaded.pm, after, &zone);
    Ok(Exit::Ok)
}

/// The entry a reference names: (index in the file, number in time order).
/// A number counts entries in time order from 1, as `pm timeline list`
/// shows them; a time must name exactly one entry (to the second when it
/// has seconds, else to the minute).
fn find_entry(
    pm: &PostMortem,
    reference: &str,
    now: DateTime<FixedOffset>,
    zone: &Zone,
) -> Result<(usize, usize)> {
    let mut order: Vec<usize> = (0..pm.timeline.len()).collect();
    order.sort_by_key(|&i| pm.timeline[i].at);
    if pm.timeline.is_empty() {
        crate::bail_user!("{} has no timeline entries", pm.id);
    }
    let reference = reference.trim();
    if let Ok(number) = reference.parse::<usize>() {
        return match number.checked_sub(1).and_then(|n| order.get(n)) {
            Some(&index) => Ok((index, number)),
            None => Err(UserError::new(format!(
                "{} has no timeline entry #{number}; its entries are #1 to #{}",
                pm.id,
                order.len()
            ))
            .hint(format!(
                "see them with `pm timeline list {}`",
                output::arg_word(&pm.id)
            ))
            .into()),
        };
    }
    // A bare HH:MM[:SS] is a time of day on whichever day of the incident;
    // anything longer is a moment.
    let time_of_day = clock::time_of_day(reference);
    let at = match time_of_day {
        Some(_) => None,
        // Parsed without the note about a time that happened twice: as a
        // wall-clock time it names both readings' entries (see `same`).
        None => Some(clock::parse_moment(reference, now, zone).map(|m| m.at).map_err(|_| {
            UserError::new(format!("`{reference}` is neither an entry number nor a time"))
                .hint(format!(
                    "give the entry's # from `pm timeline list {}`, or its time (HH:MM, 'YYYY-MM-DD HH:MM')",
                    output::arg_word(&pm.id)
                ))
        })?),
    };
    let has_seconds = reference.matches(':').count() >= 2;
    // A time with its offset (RFC 3339) names one instant: in the hour the
    // clocks went back, 01:30-04:00 and 01:30-05:00 are different entries.
    let exact = DateTime::parse_from_rfc3339(reference).ok();
    let same = |t: DateTime<FixedOffset>| -> bool {
        if let Some(exact) = exact {
            return t.timestamp() == exact.timestamp();
        }
        let local = zone.to_local(t);
        let (t, want) = match (time_of_day, at) {
            (Some(tod), _) => (local.time(), tod),
            (None, Some(at)) => (local.time(), zone.to_local(at).time()),
            (None, None) => return false,
        };
        let day_ok = at.is_none_or(|at| zone.to_local(at).date_naive() == local.date_naive());
        let minute = |x: chrono::NaiveTime| x.with_second(0).and_then(|x| x.with_nanosecond(0));
        day_ok
            && if has_seconds {
                t.with_nanosecond(0) == want.with_nanosecond(0)
            } else {
                minute(t) == minute(want)
            }
    };
    let matches: Vec<(usize, usize)> = order
        .iter()
        .enumerate()
        .filter(|(_, i)| same(pm.timeline[**i].at))
        .map(|(n, i)| (*i, n + 1))
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(
            UserError::new(format!("{} has no timeline entry at {reference}", pm.id,))
                .hint(format!(
                    "see the entries with `pm timeline list {}`",
                    output::arg_word(&pm.id)
                ))
                .into(),
        ),
        several => {
            let numbers: Vec<String> = several.iter().map(|(_, n)| format!("#{n}")).collect();
            Err(UserError::new(format!(
                "{} timeline entries are at {reference}: {}",
                several.len(),
                numbers.join(", ")
            ))
            .hint("name one by its number")
            .into())
        }
    }
}
