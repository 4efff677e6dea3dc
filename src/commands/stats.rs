//! `pm stats`: figures across post-mortems. Every figure is defined in
//! docs/commands.md; the computation is `crate::stats`.

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::{StatsArgs, StatsBy};
use crate::clock;
use crate::commands::Ctx;
use crate::error::{Exit, UserError};
use crate::model::PostMortem;
use crate::output::{self, Cell, Column};
use crate::stats::{self, By, Count, Filter, Group, Stats, TimeStat};

#[derive(Serialize)]
struct Report<'a> {
    today: NaiveDate,
    filters: &'a Filter,
    by: Option<&'static str>,
    #[serde(flatten)]
    overall: &'a Stats,
    groups: &'a [Group],
    errors: &'a [String],
}

pub fn run(ctx: &Ctx, args: &StatsArgs) -> Result<Exit> {
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    let day = |flag: &str, text: &Option<String>| -> Result<Option<NaiveDate>> {
        match text {
            None => Ok(None),
            // `90d` and `-90d` both count back from today, as in
            // `pm due --done-since`; `--until` also takes `+2w`.
            Some(t) if flag == "--since" => clock::since_arg(flag, t, today).map(Some),
            Some(t) => clock::date_arg(flag, t, today).map(Some),
        }
    };
    let severity = match &args.severity {
        Some(s) => Some(
            config
                .severity(s)
                .ok_or_else(|| {
                    UserError::new(format!(
                        "--severity `{s}` is not one of {}",
                        config.severities.join(", ")
                    ))
                })?
                .to_string(),
        ),
        None => None,
    };
    // An empty `--service` is refused where flags are read (cli.rs).
    let filter = Filter {
        since: day("--since", &args.since)?,
        until: day("--until", &args.until)?,
        service: args.service.as_deref().map(|s| s.trim().to_string()),
        severity,
    };
    if let (Some(since), Some(until)) = (filter.since, filter.until)
        && since > until
    {
        crate::bail_user!("--since {since} is after --until {until}; nothing could match");
    }
    let by = args.by.map(|b| match b {
        StatsBy::Month => By::Month,
        StatsBy::Quarter => By::Quarter,
        StatsBy::Service => By::Service,
        StatsBy::Severity => By::Severity,
    });

    let loaded = stats::load_all_for_stats(&ctx.store)?;
    let mut errors = Vec::new();
    let mut kept: Vec<&PostMortem> = Vec::new();
    for item in &loaded {
        match item {
            Ok(pm) if filter.keeps(pm) => kept.push(pm),
            Ok(_) => {}
            Err(err) => errors.push(err.clone()),
        }
    }
    let overall = stats::compute(&kept, today);
    let groups = match by {
        Some(by) => stats::grouped(&kept, by, today, &config.severities),
        None => Vec::new(),
    };
    for err in &errors {
        output::note(&format!("warning: {err} (not counted)"));
    }
    if args.json {
        output::emit_json(&Report {
            today,
            filters: &filter,
            by: by.map(By::as_str),
            overall: &overall,
            groups: &groups,
            errors: &errors,
        });
    } else {
        output::emit(&human(&overall, by, &groups, &filter));
    }
    // Freeing every parsed post-mortem one by one costs time the process is
    // about to get back for free at exit (as index::release explains).
    std::mem::forget(loaded);
    Ok(Exit::Ok)
}

fn duration(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "-".into(), |s| clock::human_duration(s.round() as i64))
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".into(), |s| format!("{:.0}%", s * 100.0))
}

fn human(s: &Stats, by: Option<By>, groups: &[Group], filter: &Filter) -> String {
    let mut out = String::new();
    let mut scope = Vec::new();
    if let Some(d) = filter.since {
        scope.push(format!("since {d}"));
    }
    if let Some(d) = filter.until {
        scope.push(format!("until {d}"));
    }
    if let Some(x) = &filter.severity {
        scope.push(format!("severity {x}"));
    }
    if let Some(x) = &filter.service {
        scope.push(format!("service {x}"));
    }
    out.push_str(&output::count(s.incidents as u64, "post-mortem"));
    if !scope.is_empty() {
        out.push_str(&format!(" ({})", scope.join(", ")));
    }
    out.push_str("\n\n");
    let time_row = |label: &str, t: &TimeStat| {
        vec![
            Cell::new(label),
            Cell::new(t.measured.to_string()),
            Cell::new(t.missing.to_string()),
            Cell::new(duration(t.median_seconds)),
            Cell::new(duration(t.p90_seconds.map(|x| x as f64))),
        ]
    };
    out.push_str(&output::render_table(
        &[
            Column::whole("FROM IMPACT START", 24),
            Column::whole("MEASURED", 10),
            Column::whole("MISSING", 10),
            Column::whole("MEDIAN", 14),
            Column::whole("P90", 14),
        ],
        &[
            time_row("time to detect", &s.time_to_detect),
            time_row("time to acknowledge", &s.time_to_acknowledge),
            time_row("time to mitigate", &s.time_to_mitigate),
            time_row("time to resolve", &s.time_to_resolve),
        ],
    ));
    out.push_str("\n\n");
    let a = &s.actions;
    out.push_str(&format!(
        "Action items: {} opened; {} open ({} overdue, {} due today or later, {} without a due date), {} done, {} dropped.\n",
        a.opened, a.open, a.overdue, a.open_due_later, a.open_without_due, a.done, a.dropped
    ));
    let d = &a.done_by_due;
    // Done items count whatever their due date (done early is on time);
    // open items only once overdue: not yet due, they may still be on time.
    out.push_str(&format!(
        "  done by the due date: {} ({} of {} done or overdue",
        percent(d.share),
        d.on_time,
        d.on_time + d.late
    ));
    if d.missing > 0 {
        out.push_str(&format!(
            "; {} done without a closed date not counted",
            d.missing
        ));
    }
    out.push_str(")\n");
    let median = a.days_from_due_to_done.median_days;
    out.push_str(&format!(
        "  median days from due date to done: {}\n",
        match median {
            None => "-".into(),
            Some(x) if x < 0.0 => format!("{x} (done {} early)", days(-x)),
            Some(x) if x > 0.0 => format!("{x} (done {} late)", days(x)),
            Some(x) => format!("{x} (done on the due date)"),
        }
    ));
    let r = &s.reviews;
    // The words of the JSON and the docs: `pending` is due today or later.
    let came_due = if r.came_due == 0 {
        "none came due yet".to_string()
    } else {
        format!(
            "{} came due: {} held on time ({}), {} late, {} not held",
            r.came_due,
            r.held_on_time,
            percent(r.share_on_time),
            r.held_late,
            r.not_held
        )
    };
    // Every count of the JSON is named, the rarer ones only when not 0
    // (as the trends page does).
    let mut rest = String::new();
    if r.missing > 0 {
        rest.push_str(&format!(", {} held without a due date", r.missing));
    }
    if r.closed_unheld > 0 {
        rest.push_str(&format!(
            ", {} not held on a closed post-mortem",
            r.closed_unheld
        ));
    }
    out.push_str(&format!(
        "Follow-up reviews: {came_due}; {} pending (due today or later), {} not scheduled{rest}.\n",
        r.pending, r.not_scheduled
    ));
    for (title, list) in [
        ("SERVICE", &s.top_services),
        ("TAG", &s.top_tags),
        ("CONTRIBUTING FACTOR", &s.top_contributing_factors),
    ] {
        if list.is_empty() {
            continue;
        }
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|Count { name, count }| {
                vec![Cell::new(count.to_string()), Cell::new(name.as_str())]
            })
            .collect();
        out.push('\n');
        out.push_str(&output::render_table(
            &[Column::whole("COUNT", 8), Column::paragraphs(title)],
            &rows,
        ));
        out.push('\n');
    }
    if let Some(by) = by {
        out.push('\n');
        let rows: Vec<Vec<Cell>> = groups
            .iter()
            .map(|g| {
                let s = &g.stats;
                [
                    g.key.clone(),
                    s.incidents.to_string(),
                    duration(s.time_to_detect.median_seconds),
                    duration(s.time_to_resolve.median_seconds),
                    s.actions.opened.to_string(),
                    s.actions.overdue.to_string(),
                    percent(s.actions.done_by_due.share),
                    percent(s.reviews.share_on_time),
                ]
                .into_iter()
                .map(Cell::new)
                .collect()
            })
            .collect();
        let group = by.as_str().to_uppercase();
        const FIGURES: [&str; 7] = [
            "COUNT",
            // The medians (docs/commands.md): short headers leave the
            // figures and the group room at 80 columns.
            "TTD", "TTR", "ACTIONS", "OVERDUE", "ON TIME", "REVIEWS",
        ];
        // Figures are never cut (`1d 0h 1…` could be any of ten values):
        // each figure column is as wide as its widest figure, and the
        // group's name gets the room that is left, cut with `…` past it
        // (never below 7 columns, a month or quarter: then the table is
        // wider than the terminal rather than a figure shortened).
        let figure_width = |i: usize| {
            rows.iter()
                .map(|r| output::text_width(&r[i + 1].text))
                .chain(std::iter::once(FIGURES[i].len()))
                .max()
                .unwrap_or(0)
        };
        // One space of padding each side of every column and one
        // separator between columns (src/output/table.rs).
        let fixed: usize = (0..FIGURES.len())
            .map(|i| figure_width(i) + 3)
            .sum::<usize>()
            + 2;
        let room = usize::from(output::width()).saturating_sub(fixed).max(7);
        let mut columns = vec![Column::whole(&group, room)];
        columns.extend(FIGURES.iter().map(|h| Column::whole(h, usize::MAX)));
        out.push_str(&output::render_table(&columns, &rows));
        out.push('\n');
    }
    out
}

/// "1 day", "2.5 days".
fn days(x: f64) -> String {
    if x == 1.0 {
        "1 day".into()
    } else {
        format!("{x} days")
    }
}
