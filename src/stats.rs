//! Figures across post-mortems: `pm stats` and the trends page of `pm site`.
//!
//! Every figure is defined in docs/commands.md ("pm stats"), precisely
//! enough to recompute it from the files. Per-incident times come from
//! `model::Figures` (the same numbers `pm show` prints); a post-mortem
//! without the entries a figure needs is counted as missing, never guessed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::model::{self, ActionStatus, Figures, MILESTONES, PostMortem};
use crate::store::Store;

/// How many entries the "most frequent" lists keep.
pub const TOP: usize = 10;

/// Every post-mortem of the repository, parsed in parallel, in path order;
/// a file that cannot be read or parsed is an error naming it.
pub fn load_all(store: &Store) -> anyhow::Result<Vec<Result<PostMortem, String>>> {
    Ok(load_files(store, &store.files()?))
}

/// [`load_all`] of the files given (from [`Store::files`]), in their order.
pub fn load_files(store: &Store, files: &[std::path::PathBuf]) -> Vec<Result<PostMortem, String>> {
    files
        .par_iter()
        .map(|path| {
            store.load(path).map(|l| l.pm).map_err(|err| {
                // The first line of the error names the file and position.
                format!("{err:#}")
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
        })
        .collect()
}

/// [`load_all`] keeping only what [`compute`], [`grouped`] and [`Filter`]
/// read: the prose, the timeline's text and the action items' titles are
/// dropped as each file is read, so that 50,000 post-mortems fit in a
/// fraction of the memory they take whole.
pub fn load_all_for_stats(store: &Store) -> anyhow::Result<Vec<Result<PostMortem, String>>> {
    let files = store.files()?;
    Ok(files
        .par_iter()
        .map(|path| {
            store.load(path).map(|l| slim(l.pm)).map_err(|err| {
                format!("{err:#}")
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
        })
        .collect())
}

/// A post-mortem with only what the statistics read: its date, severity,
/// services, tags and contributing factors, the earliest time of each kind
/// of timeline entry, each action item's status and dates, and the
/// follow-up's dates.
fn slim(pm: PostMortem) -> PostMortem {
    PostMortem {
        pm: pm.pm,
        id: String::new(),
        title: String::new(),
        status: pm.status,
        severity: pm.severity,
        date: pm.date,
        authors: Vec::new(),
        responders: Vec::new(),
        services: pm.services,
        tags: pm.tags,
        summary: None,
        impact: None,
        trigger: None,
        // The figures read only the first time of each kind
        // (model::first_of_kind): one entry per kind, the earliest.
        timeline: {
            let mut first: Vec<crate::model::TimelineEntry> = Vec::new();
            for e in pm.timeline {
                match first.iter_mut().find(|f| f.kind == e.kind) {
                    Some(f) => f.at = f.at.min(e.at),
                    None => first.push(crate::model::TimelineEntry {
                        at: e.at,
                        kind: e.kind,
                        text: String::new(),
                        by: None,
                        trace_id: None,
                        link: None,
                    }),
                }
            }
            first.shrink_to_fit();
            first
        },
        root_cause: None,
        contributing_factors: pm.contributing_factors,
        detection_gap: None,
        response: None,
        lessons: Default::default(),
        action_items: {
            let mut items: Vec<crate::model::ActionItem> = pm
                .action_items
                .into_iter()
                .map(|a| crate::model::ActionItem {
                    id: String::new(),
                    title: String::new(),
                    owner: None,
                    kind: None,
                    priority: None,
                    link: None,
                    note: None,
                    ..a
                })
                .collect();
            // Collected in place: give back what the parser over-allocated.
            items.shrink_to_fit();
            items
        },
        follow_up: crate::model::FollowUp {
            notes: None,
            ..pm.follow_up
        },
        links: Vec::new(),
    }
}

/// Which post-mortems count.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filter {
    /// Dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Dated on or before this day.
    pub until: Option<NaiveDate>,
    /// Listing this service.
    pub service: Option<String>,
    /// Of this severity (the name as configured).
    pub severity: Option<String>,
}

impl Filter {
    pub fn keeps(&self, pm: &PostMortem) -> bool {
        self.since.is_none_or(|d| pm.date >= d)
            && self.until.is_none_or(|d| pm.date <= d)
            && self
                .service
                .as_ref()
                .is_none_or(|s| pm.services.iter().any(|x| x.trim() == s))
            && self.severity.as_ref().is_none_or(|s| pm.severity == *s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Month,
    Quarter,
    Service,
    Severity,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Month => "month",
            By::Quarter => "quarter",
            By::Service => "service",
            By::Severity => "severity",
        }
    }
}

/// `2026-11`.
pub fn month_key(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// `2026-Q4`.
pub fn quarter_key(date: NaiveDate) -> String {
    format!("{:04}-Q{}", date.year(), date.month0() / 3 + 1)
}

/// The group label of post-mortems without a service, for `--by service`.
pub const NO_SERVICE: &str = "(no service)";

/// The groups a post-mortem belongs to.
fn keys(pm: &PostMortem, by: By) -> Vec<String> {
    match by {
        By::Month => vec![month_key(pm.date)],
        By::Quarter => vec![quarter_key(pm.date)],
        By::Severity => vec![pm.severity.clone()],
        By::Service => {
            let set: BTreeSet<String> = pm
                .services
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if set.is_empty() {
                vec![NO_SERVICE.to_string()]
            } else {
                set.into_iter().collect()
            }
        }
    }
}

/// The figures of a set of post-mortems.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub incidents: usize,
    pub time_to_detect: TimeStat,
    pub time_to_acknowledge: TimeStat,
    pub time_to_mitigate: TimeStat,
    pub time_to_resolve: TimeStat,
    pub actions: ActionStats,
    pub reviews: ReviewStats,
    pub top_services: Vec<Count>,
    pub top_tags: Vec<Count>,
    pub top_contributing_factors: Vec<Count>,
}

/// One per-incident time across incidents, in seconds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimeStat {
    /// Post-mortems that have the figure.
    pub measured: usize,
    /// Post-mortems without it (no impact-start entry, or no milestone entry).
    pub missing: usize,
    /// The middle value; the mean of the two middle values for an even count.
    pub median_seconds: Option<f64>,
    /// Nearest rank: the value at rank ceil(0.9 × measured), ascending.
    pub p90_seconds: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActionStats {
    /// Every action item, whatever its status.
    pub opened: usize,
    pub open: usize,
    pub done: usize,
    pub dropped: usize,
    /// Open, with a due date before today.
    pub overdue: usize,
    /// Open, with a due date today or later: not overdue yet.
    pub open_due_later: usize,
    /// Open, without a due date.
    pub open_without_due: usize,
    pub days_from_due_to_done: DueToDone,
    pub done_by_due: DoneByDue,
}

/// For done items: closed − due, in days (negative: done early).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DueToDone {
    /// Done items with both a due and a closed date.
    pub measured: usize,
    /// Done items missing either date.
    pub missing: usize,
    pub median_days: Option<f64>,
}

/// Of the items that are done or overdue (those whose outcome is known),
/// the share done by their due date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DoneByDue {
    /// Not dropped, with a due date, and either done (also before a due
    /// date still to come) or open past due. The name is kept for scripts.
    pub came_due: usize,
    /// Done with closed ≤ due.
    pub on_time: usize,
    /// Done with closed > due, or open past due.
    pub late: usize,
    /// Done without a closed date: whether it was on time is unknown.
    pub missing: usize,
    /// on_time / (on_time + late).
    pub share: Option<f64>,
}

/// Follow-up reviews: the current one and those in `follow_up.history`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReviewStats {
    /// Reviews with a due date that were held or whose due date is past.
    pub came_due: usize,
    /// Held on or before the due date.
    pub held_on_time: usize,
    /// Held after the due date.
    pub held_late: usize,
    /// Not held, due before today.
    pub not_held: usize,
    /// Not held, due today or later.
    pub pending: usize,
    /// Neither due date nor held date.
    pub not_scheduled: usize,
    /// Held, without a due date: whether on time is unknown.
    pub missing: usize,
    /// Not held, with a due date, on a closed post-mortem: closing it
    /// settled the review (docs/format.md), so it is neither pending nor
    /// missed, as `pm due` has it.
    pub closed_unheld: usize,
    /// held_on_time / came_due.
    pub share_on_time: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

/// The median of sorted values: the middle one, or the mean of the two
/// middle ones.
pub fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0
    })
}

/// The nearest-rank 90th percentile of sorted values: rank ceil(0.9 n).
pub fn p90(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (9 * n).div_ceil(10);
    Some(sorted[rank - 1])
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Trimmed, with runs of whitespace as one space: how list values are counted.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn top(counts: HashMap<String, usize>) -> Vec<Count> {
    let mut list: Vec<Count> = counts
        .into_iter()
        .map(|(name, count)| Count { name, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    list.truncate(TOP);
    list
}

fn time_stat(values: &mut [i64], total: usize) -> TimeStat {
    values.sort_unstable();
    TimeStat {
        measured: values.len(),
        missing: total - values.len(),
        median_seconds: median(values),
        p90_seconds: p90(values),
    }
}

/// Compute every figure over `pms`, with `today` for what is overdue now.
pub fn compute(pms: &[&PostMortem], today: NaiveDate) -> Stats {
    let mut times: Vec<Vec<i64>> = vec![Vec::new(); MILESTONES.len()];
    let mut services = HashMap::new();
    let mut tags = HashMap::new();
    let mut factors = HashMap::new();
    let (mut opened, mut open, mut done, mut dropped, mut overdue, mut open_without_due) =
        (0, 0, 0, 0, 0, 0);
    let mut open_due_later = 0;
    let mut due_to_done = Vec::new();
    let mut due_to_done_missing = 0;
    let (mut on_time, mut late, mut done_missing) = (0, 0, 0);
    let mut reviews = ReviewStats {
        came_due: 0,
        held_on_time: 0,
        held_late: 0,
        not_held: 0,
        pending: 0,
        not_scheduled: 0,
        missing: 0,
        closed_unheld: 0,
        share_on_time: None,
    };
    for pm in pms {
        let figures = Figures::from_timeline(&pm.timeline);
        for (i, (_, key, _)) in MILESTONES.iter().enumerate() {
            if let Some(v) = figures.get(key) {
                times[i].push(v);
            }
        }
        for (list, counts) in [
            (&pm.services, &mut services),
            (&pm.tags, &mut tags),
            (&pm.contributing_factors, &mut factors),
        ] {
            let distinct: BTreeSet<String> = list
                .iter()
                .map(|s| normalise(s))
                .filter(|s| !s.is_empty())
                .collect();
            for value in distinct {
                *counts.entry(value).or_insert(0) += 1;
            }
        }
        for a in &pm.action_items {
            opened += 1;
            match a.status {
                ActionStatus::Open => {
                    open += 1;
                    match a.due {
                        None => open_without_due += 1,
                        Some(due) if model::days_overdue(due, today).is_some() => {
                            overdue += 1;
                            late += 1;
                        }
                        Some(_) => open_due_later += 1,
                    }
                }
                ActionStatus::Done => {
                    done += 1;
                    match (a.due, a.closed) {
                        (Some(due), Some(closed)) => {
                            due_to_done.push((closed - due).num_days());
                            if closed <= due {
                                on_time += 1;
                            } else {
                                late += 1;
                            }
                        }
                        (Some(_), None) => {
                            due_to_done_missing += 1;
                            done_missing += 1;
                        }
                        (None, _) => due_to_done_missing += 1,
                    }
                }
                ActionStatus::Dropped => dropped += 1,
            }
        }
        let f = &pm.follow_up;
        let past = f.history.iter().map(|h| (h.due, Some(h.held)));
        let closed = pm.status == crate::model::Status::Closed;
        for (due, held) in past.chain(std::iter::once((f.due, f.held))) {
            match (due, held) {
                // One rule with `pm due` and docs/format.md: a review is
                // pending (or missed) only while the post-mortem is open.
                (Some(_), None) if closed => reviews.closed_unheld += 1,
                (Some(due), Some(held)) => {
                    reviews.came_due += 1;
                    if held <= due {
                        reviews.held_on_time += 1;
                    } else {
                        reviews.held_late += 1;
                    }
                }
                (None, Some(_)) => reviews.missing += 1,
                (Some(due), None) if model::days_overdue(due, today).is_some() => {
                    reviews.came_due += 1;
                    reviews.not_held += 1;
                }
                (Some(_), None) => reviews.pending += 1,
                (None, None) => reviews.not_scheduled += 1,
            }
        }
    }
    reviews.share_on_time = share(reviews.held_on_time, reviews.came_due);
    due_to_done.sort_unstable();
    let n = pms.len();
    let [ttd, tta, ttm, ttr]: [TimeStat; 4] = times
        .iter_mut()
        .map(|v| time_stat(v, n))
        .collect::<Vec<_>>()
        .try_into()
        .expect("four milestones");
    Stats {
        incidents: n,
        time_to_detect: ttd,
        time_to_acknowledge: tta,
        time_to_mitigate: ttm,
        time_to_resolve: ttr,
        actions: ActionStats {
            opened,
            open,
            done,
            dropped,
            overdue,
            open_due_later,
            open_without_due,
            days_from_due_to_done: DueToDone {
                measured: due_to_done.len(),
                missing: due_to_done_missing,
                median_days: median(&due_to_done),
            },
            done_by_due: DoneByDue {
                came_due: on_time + late + done_missing,
                on_time,
                late,
                missing: done_missing,
                share: share(on_time, on_time + late),
            },
        },
        reviews,
        top_services: top(services),
        top_tags: top(tags),
        top_contributing_factors: top(factors),
    }
}

/// One group of `--by`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub key: String,
    #[serde(flatten)]
    pub stats: Stats,
}

/// Group post-mortems and compute each group's figures. Months and quarters
/// ascend; severities follow `order` (pm.yaml's order), then name; services
/// by name. Only groups with post-mortems are listed.
pub fn grouped(pms: &[&PostMortem], by: By, today: NaiveDate, order: &[String]) -> Vec<Group> {
    let mut groups: BTreeMap<String, Vec<&PostMortem>> = BTreeMap::new();
    for pm in pms {
        for key in keys(pm, by) {
            groups.entry(key).or_default().push(pm);
        }
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(key, members)| Group {
            stats: compute(&members, today),
            key,
        })
        .collect();
    if by == By::Severity {
        let rank = |k: &str| order.iter().position(|s| s == k).unwrap_or(order.len());
        out.sort_by(|a, b| rank(&a.key).cmp(&rank(&b.key)).then(a.key.cmp(&b.key)));
    }
    out
}

/// The series of the trends page, month by month from the first post-mortem
/// to today. Defined in docs/commands.md ("pm site").
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    pub today: NaiveDate,
    pub months: Vec<String>,
    /// Incidents per month, one series per severity (pm.yaml's order, then others).
    pub incidents_by_severity: Vec<NamedSeries>,
    pub quarters: Vec<String>,
    /// Median time to detect and resolve of the incidents dated in each quarter.
    pub time_to_detect_median_seconds: Vec<Option<f64>>,
    pub time_to_detect_measured: Vec<usize>,
    pub time_to_resolve_median_seconds: Vec<Option<f64>>,
    pub time_to_resolve_measured: Vec<usize>,
    /// As of each month's last day (today for the current month).
    pub as_of: Vec<NaiveDate>,
    pub actions_open: Vec<usize>,
    pub actions_done: Vec<usize>,
    pub actions_overdue: Vec<usize>,
    /// Done or dropped items without a closed date: left out of the three
    /// series above, since when they closed is unknown.
    pub actions_without_closed_date: usize,
    /// Post-mortems dated outside the charts' span (more than
    /// [`TREND_MONTHS`] before today, or more than a year after today:
    /// `0001-01-01`, `9999-12-31` are typos), by id, oldest first:
    /// left out of every series above. Absent from trends.json when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outside_span: Vec<String>,
}

/// How far back the trends reach: 20 years before today, to the day (and
/// forward to a post-mortem dated up to a year after today). One date
/// typed wrong (`0001-01-01`) would otherwise make a chart of every month
/// since the year 1: tens of thousands of empty bars.
pub const TREND_MONTHS: u32 = 240;

#[derive(Debug, Clone, Serialize)]
pub struct NamedSeries {
    pub name: String,
    pub values: Vec<usize>,
}

fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("day 1 exists")
}

fn next_month(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(1))
        .expect("a month later exists")
}

/// Month and quarter series over `pms` (already filtered).
pub fn trends(pms: &[&PostMortem], today: NaiveDate, order: &[String]) -> Trends {
    // The span: from TREND_MONTHS before today to a year after today,
    // both days included, as the warning says ("more than 20 years before
    // today or more than a year after it"). Post-mortems outside it are
    // named, not charted.
    let latest = today
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(today);
    let last = pms
        .iter()
        .map(|p| p.date)
        .filter(|d| *d <= latest)
        .max()
        .unwrap_or(today)
        .max(today);
    let earliest = today
        .checked_sub_months(chrono::Months::new(TREND_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    let (inside, outside): (Vec<&PostMortem>, Vec<&PostMortem>) = pms
        .iter()
        .copied()
        .partition(|p| (earliest..=last).contains(&p.date));
    let mut outside: Vec<(NaiveDate, String)> =
        outside.iter().map(|p| (p.date, p.id.clone())).collect();
    outside.sort();
    let pms = inside.as_slice();
    let first = pms.iter().map(|p| p.date).min().unwrap_or(today).min(today);
    let mut month_starts = Vec::new();
    let mut m = month_start(first);
    while m <= last {
        month_starts.push(m);
        m = next_month(m);
    }
    let months: Vec<String> = month_starts.iter().map(|d| month_key(*d)).collect();
    let index: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();

    let mut severities: Vec<String> = order.to_vec();
    let extra: BTreeSet<&str> = pms
        .iter()
        .map(|p| p.severity.as_str())
        .filter(|s| !order.iter().any(|o| o == s))
        .collect();
    severities.extend(extra.into_iter().map(str::to_string));
    let mut incidents = vec![vec![0usize; months.len()]; severities.len()];
    for pm in pms {
        let i = index[month_key(pm.date).as_str()];
        let s = severities
            .iter()
            .position(|s| *s == pm.severity)
            .expect("every severity is listed");
        incidents[s][i] += 1;
    }
    let incidents_by_severity = severities
        .into_iter()
        .zip(incidents)
        .map(|(name, values)| NamedSeries { name, values })
        .collect();

    let mut quarters: Vec<String> = Vec::new();
    for d in &month_starts {
        let q = quarter_key(*d);
        if quarters.last() != Some(&q) {
            quarters.push(q);
        }
    }
    let by_quarter: HashMap<String, Stats> = grouped(pms, By::Quarter, today, order)
        .into_iter()
        .map(|g| (g.key, g.stats))
        .collect();
    let q_stat = |q: &String, f: fn(&Stats) -> &TimeStat| by_quarter.get(q).map(|s| f(s).clone());
    let ttd: Vec<Option<TimeStat>> = quarters
        .iter()
        .map(|q| q_stat(q, |s| &s.time_to_detect))
        .collect();
    let ttr: Vec<Option<TimeStat>> = quarters
        .iter()
        .map(|q| q_stat(q, |s| &s.time_to_resolve))
        .collect();

    // Action items as of each month's end.
    let as_of: Vec<NaiveDate> = month_starts
        .iter()
        .map(|m| (next_month(*m) - chrono::Duration::days(1)).min(today))
        .collect();
    let mut open = vec![0usize; as_of.len()];
    let mut done = vec![0usize; as_of.len()];
    let mut overdue = vec![0usize; as_of.len()];
    let mut without_closed = 0;
    for pm in pms {
        for a in &pm.action_items {
            let closed = match (a.status, a.closed) {
                (ActionStatus::Open, _) => None,
                (_, Some(c)) => Some(c),
                (_, None) => {
                    without_closed += 1;
                    continue;
                }
            };
            for (i, day) in as_of.iter().enumerate() {
                if pm.date > *day {
                    continue;
                }
                let still_open = closed.is_none_or(|c| c > *day);
                if still_open {
                    open[i] += 1;
                    if a.due.is_some_and(|due| due < *day) {
                        overdue[i] += 1;
                    }
                } else if a.status == ActionStatus::Done {
                    done[i] += 1;
                }
            }
        }
    }
    Trends {
        today,
        months,
        incidents_by_severity,
        time_to_detect_median_seconds: ttd
            .iter()
            .map(|t| t.as_ref().and_then(|t| t.median_seconds))
            .collect(),
        time_to_detect_measured: ttd
            .iter()
            .map(|t| t.as_ref().map_or(0, |t| t.measured))
            .collect(),
        time_to_resolve_median_seconds: ttr
            .iter()
            .map(|t| t.as_ref().and_then(|t| t.median_seconds))
            .collect(),
        time_to_resolve_measured: ttr
            .iter()
            .map(|t| t.as_ref().map_or(0, |t| t.measured))
            .collect(),
        quarters,
        as_of,
        actions_open: open,
        actions_done: done,
        actions_overdue: overdue,
        actions_without_closed_date: without_closed,
        outside_span: outside.into_iter().map(|(_, id)| id).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p90() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5.0));
        assert_eq!(median(&[1, 2, 3, 10]), Some(2.5));
        assert_eq!(p90(&[1]), Some(1));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(p90(&ten), Some(9));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(p90(&eleven), Some(10));
    }

    #[test]
    fn keys_of_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(month_key(d), "2026-11");
        assert_eq!(quarter_key(d), "2026-Q4");
        assert_eq!(
            quarter_key(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()),
            "2026-Q1"
        );
    }
}
