//! `pm list`: every post-mortem, with open and overdue action counts.

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::ListArgs;
use crate::clock;
use crate::commands::Ctx;
use crate::error::{Exit, UserError};
use crate::index::{self, ArchivedSummary};
use crate::model::Status;
use crate::output::{self, Cell, Column};

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    date: NaiveDate,
    severity: &'a str,
    status: &'a str,
    title: &'a str,
    file: &'a str,
    open_actions: usize,
    overdue_actions: usize,
    review_due: Option<NaiveDate>,
}

/// The columns a title should have (or all it needs, when fewer) before
/// ids are shortened to make room.
pub const TITLE_ROOM: usize = 16;

/// A post-mortem's id as `resolve` knows it: its file name.
pub fn file_stem(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn run(ctx: &Ctx, args: &ListArgs) -> Result<Exit> {
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    let mut statuses = args
        .status
        .iter()
        .map(|s| {
            Status::parse(s.trim()).ok_or_else(|| {
                UserError::new(format!(
                    "--status `{s}` is not one of draft, review, published, closed"
                ))
                .hint("give one or several, separated by commas: --status draft,review")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if args.open {
        statuses = vec![Status::Draft, Status::Review, Status::Published];
    }
    let severity = match &args.severity {
        Some(s) => Some(config.severity(s).ok_or_else(|| {
            UserError::new(format!(
                "--severity `{s}` is not one of {}",
                config.severities.join(", ")
            ))
        })?),
        None => None,
    };
    let since = match &args.since {
        Some(s) => Some(clock::since_arg("--since", s, today)?),
        None => None,
    };
    let keep = |s: &ArchivedSummary| {
        (statuses.is_empty() || statuses.contains(&s.status()))
            && severity.is_none_or(|sev| s.severity().trim().eq_ignore_ascii_case(sev))
            && args.tag.as_ref().is_none_or(|t| s.tags().any(|x| x == t))
            && args
                .service
                .as_ref()
                .is_none_or(|svc| s.services().any(|x| x == svc))
            && since.is_none_or(|d| s.date() >= d)
    };

    let all = index::load_all(&ctx.store)?;
    {
        let mut rows = Vec::new();
        for item in all.iter() {
            match item.summary {
                Some(s) if keep(s) => rows.push(Row {
                    id: s.id(),
                    date: s.date(),
                    severity: s.severity(),
                    status: s.status().as_str(),
                    title: s.title(),
                    file: item.file,
                    open_actions: s.open_actions().count(),
                    overdue_actions: s.overdue_actions(today),
                    review_due: s.pending_review(),
                }),
                _ => {}
            }
        }
        // Newest first: the one people look for is usually the latest.
        rows.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(a.id)));
        index::warn_broken(&all);
        if args.json {
            output::emit_json(&rows);
            return Ok(Exit::Ok);
        }
        if rows.is_empty() {
            let any_filter = !statuses.is_empty()
                || args.severity.is_some()
                || args.tag.is_some()
                || args.service.is_some()
                || args.since.is_some();
            output::emitln(if any_filter {
                "No post-mortems match."
            } else if all.is_empty() {
                "No post-mortems yet: start one with `pm new`."
            } else {
                "No post-mortems pm can read (see the warnings above)."
            });
            return Ok(Exit::Ok);
        }
        let columns = [
            Column::id("ID"),
            Column::whole("SEV", 16),
            Column::whole("STATUS", 9),
            Column::whole("OPEN", 16),
            Column::wrap("TITLE", Some(3)),
        ];
        // Ids that differ only in Unicode form (the NFD twin macOS wrote of
        // an NFC name) would print alike: the one not in NFC has its
        // combining marks spelled out, as the ambiguity list shows it.
        let mut folded: std::collections::HashMap<String, usize> = Default::default();
        for r in &rows {
            *folded.entry(crate::store::id_fold(r.id)).or_default() += 1;
        }
        let twin: Vec<bool> = rows
            .iter()
            .map(|r| {
                folded
                    .get(&crate::store::id_fold(r.id))
                    .is_some_and(|&n| n > 1)
            })
            .collect();
        let shown = |i: usize, id: &str| match twin.get(i) {
            Some(true) => output::name_apart(id).into_owned(),
            _ => id.to_string(),
        };
        let mut table: Vec<Vec<Cell>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let open = if r.overdue_actions > 0 {
                    Cell::new(format!("{} ({} late)", r.open_actions, r.overdue_actions))
                        .styled(output::Style::Red)
                } else {
                    Cell::new(r.open_actions.to_string())
                };
                vec![
                    Cell::new(shown(i, r.id)),
                    Cell::new(r.severity),
                    Cell::new(r.status),
                    open,
                    Cell::new(r.title),
                ]
            })
            .collect();
        // Whole ids when the terminal is wide enough for them and a
        // readable title; shorter ones that still resolve when not.
        let stems: Vec<String> = all.iter().map(|i| file_stem(i.file)).collect();
        let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
        let ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
        output::fit_ids(&columns, &mut table, 0, TITLE_ROOM, &stems, &ids, shown);
        output::emitln(&output::render_table(&columns, &table));
        output::emitln(&format!(
            "{} post-mortem{}",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        ));
        Ok(Exit::Ok)
    }
}
