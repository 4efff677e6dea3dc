//! `pm site OUT_DIR`: a static site of the whole repository.
//!
//! `index.html` lists every post-mortem (a table that a few lines of
//! `site.js` make searchable and sortable; without script it is a plain
//! table, newest first), `pm/<name>.html` ([`page_name`]) is each post-mortem as
//! `pm render --format html` shows it (with the shared `style.css`), and
//! `trends.html` charts the figures of `pm stats` over time, with the data
//! of each chart as a table beside it and in `trends.json`.
//!
//! The bytes depend only on the repository and `PM_NOW`: no time stamps,
//! every list in a fixed order, no hash-map iteration order.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::clock;
use crate::config::Zone;
use crate::error::UserError;
use crate::model::{Figures, PostMortem};
use crate::render::charts::{self, Labels, Series};
use crate::render::html::{Html, Page};
use crate::render::view;
use crate::stats::{self, By, Group, Stats, Trends};
use crate::store::Store;
use crate::store::folder::Folder;
use crate::store::paths::Own;
use rustix::fs::FileType as Kind;

/// Marks a folder as written by `pm site`: only such a folder is written
/// into when it is not empty, and only there are stale pages removed.
pub const MARKER: &str = ".pm-site";
const MARKER_TEXT: &str = "This folder is written by `pm site`. Its files are replaced on every run;\nput nothing else here.\n";
const SCRIPT: &str = include_str!("../../templates/site.js");

/// What was written.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub removed: usize,
    pub unreadable: Vec<String>,
    /// Pages not removed because some file could not be read: the page of
    /// a post-mortem with a typo is kept, not deleted.
    pub kept: usize,
    /// Post-mortems left out of the trends' charts for their date.
    pub outside_span: Vec<String>,
}

#[derive(Serialize)]
struct IndexRow {
    href: String,
    id: String,
    title: String,
    date: String,
    severity: String,
    severity_rank: usize,
    status: String,
    services: String,
    ttd: Option<i64>,
    ttd_human: String,
    ttr: Option<i64>,
    ttr_human: String,
    /// Why a figure is not measured (`no detected entry`), as the
    /// post-mortem's page says; empty when it is.
    ttd_missing: String,
    ttr_missing: String,
    actions: usize,
    open: usize,
    overdue: usize,
}

#[derive(Serialize)]
struct IndexData<'a> {
    today: String,
    rows: Vec<IndexRow>,
    unreadable: &'a [String],
}

#[derive(Serialize)]
struct Chart {
    id: String,
    title: String,
    svg: String,
    note: String,
    table: DataTable,
}

#[derive(Serialize)]
struct DataTable {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct TrendsData<'a> {
    today: String,
    incidents: usize,
    overall: serde_json::Value,
    quarters: Vec<serde_json::Value>,
    charts: Vec<Chart>,
    unreadable: &'a [String],
    /// Post-mortems dated outside the charts' span (`Trends::outside_span`).
    outside_span: &'a [String],
    /// How many years back the charts reach.
    span_years: u32,
}

/// Build the site into `out`. An error once the first file is written
/// says so: the folder is left as one pm site made (its marker lists
/// every page it may have written), which the next run takes up and
/// finishes, but it is not as it was.
pub fn build(
    store: &Store,
    out: &Path,
    zone: &Zone,
    zone_name: &str,
    today: NaiveDate,
) -> Result<Report> {
    let started = std::cell::Cell::new(false);
    build_into(store, out, (zone, zone_name), today, &started).map_err(|err| {
        if !started.get() {
            return err;
        }
        let hint = format!(
            "pm site had written part of the site in {} when it stopped: the folder is left as pm site's own, and the next `pm site` there finishes it (fix what is said above first)",
            crate::output::name_bytes(out.as_os_str().as_encoded_bytes())
        );
        match err.downcast::<UserError>() {
            Ok(user) => user.hint(hint).into(),
            Err(err) => UserError::new(format!("{err:#}")).hint(hint).into(),
        }
    })
}

fn build_into(
    store: &Store,
    out: &Path,
    (zone, zone_name): (&Zone, &str),
    today: NaiveDate,
    started: &std::cell::Cell<bool>,
) -> Result<Report> {
    let html = Html::load(&store.root, true)?;
    let files = store.files()?;
    let loaded = stats::load_files(store, &files);
    let mut report = Report::default();
    // Every file's path in the post-mortems folder, read or not: which file
    // owns an id's page is decided from the paths alone, so a file with a
    // typo keeps its page name and no other file takes it.
    let rels: Vec<String> = files
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(store.postmortems_dir()).unwrap_or(path);
            rel.to_string_lossy().into_owned()
        })
        .collect();
    let all_names = page_names(&rels)?;
    let mut pms: Vec<PostMortem> = Vec::with_capacity(loaded.len());
    let mut names: Vec<String> = Vec::with_capacity(loaded.len());
    // The pages of unreadable files: kept as they were, never written.
    let mut unread_names: Vec<String> = Vec::new();
    for (item, name) in loaded.into_iter().zip(all_names) {
        match item {
            Ok(pm) => {
                pms.push(pm);
                names.push(name);
            }
            Err(err) => {
                report.unreadable.push(err);
                unread_names.push(name);
            }
        }
    }
    // OUT_DIR is opened once (`store::paths::output_folder`: never through
    // a link in the repository), and so is its `pm/`; every check, write
    // and removal below is made in those open folders, so a folder swapped
    // for a link meanwhile is neither written through nor emptied.
    let (owned, site) = prepare_dir(out, &store.own_files())?;
    let pages_dir = check_targets(out, &site, &names)?;
    // The pages an earlier run recorded as its own; `None` for a folder an
    // older pm site made, which did not record them.
    let recorded = if owned {
        read_marker(&site)
    } else {
        Some(Vec::new())
    };
    let this_run: Vec<String> = names.iter().map(|n| format!("{n}.html")).collect();
    if let Some(recorded) = &recorded {
        let ids: Vec<&str> = pms.iter().map(|pm| pm.id.as_str()).collect();
        check_not_yours(out, pages_dir.as_ref(), &this_run, &ids, recorded)?;
    }
    // The marker first, before any page: a run cut short (Ctrl-C, a
    // cancelled CI job) leaves a folder the next run knows as its own, with
    // every page it may have written listed.
    let mut listed: Vec<String> = match &recorded {
        Some(pages) => pages.clone(),
        // An older marker: every page in pm/ was that pm site's.
        None => match &pages_dir {
            Some(pm) => stale_pages(pm, &HashSet::new(), None)?,
            None => Vec::new(),
        },
    };
    listed.extend(this_run.iter().cloned());
    write_file(&site, MARKER, marker_text(listed).as_bytes())?;
    started.set(true);
    let pm_dir = match pages_dir {
        Some(pm) => pm,
        None => site.child("pm", true).map_err(|err| {
            UserError::new(format!(
                "OUT_DIR {}: {}",
                out.display(),
                crate::store::paths::refuse_walk(err)
            ))
        })?,
    };

    // A page per post-mortem, rendered and written on every core.
    let page = Page {
        standalone: false,
        css_href: "../style.css".into(),
        home_href: "../index.html".into(),
        trends_href: "../trends.html".into(),
    };
    let rows: Vec<IndexRow> = pms
        .par_iter()
        .zip(names.par_iter())
        .map(|(pm, name)| -> Result<IndexRow> {
            let v = view::build(pm, zone, zone_name, today);
            let text = html.postmortem(&v, &page)?;
            write_file(&pm_dir, &format!("{name}.html"), text.as_bytes())?;
            let figures = Figures::from_timeline(&pm.timeline);
            let human = |s: Option<i64>| {
                s.map(|s| clock::human_minutes((s + 30).div_euclid(60)))
                    .unwrap_or_default()
            };
            let missing = |key: &str| {
                v.figures
                    .iter()
                    .find(|f| f.key == key)
                    .map(|f| f.missing.clone())
                    .unwrap_or_default()
            };
            Ok(IndexRow {
                ttd_missing: missing("time_to_detect"),
                ttr_missing: missing("time_to_resolve"),
                href: format!("pm/{name}.html"),
                id: pm.id.clone(),
                title: pm.title.clone(),
                date: pm.date.to_string(),
                severity: pm.severity.clone(),
                severity_rank: store
                    .config
                    .severities
                    .iter()
                    .position(|s| *s == pm.severity)
                    .unwrap_or(store.config.severities.len()),
                status: pm.status.as_str().to_string(),
                services: v.services.join(", "),
                ttd: figures.time_to_detect,
                ttd_human: human(figures.time_to_detect),
                ttr: figures.time_to_resolve,
                ttr_human: human(figures.time_to_resolve),
                actions: v.actions_summary.total,
                open: v.actions_summary.open,
                overdue: v.actions_summary.overdue,
            })
        })
        .collect::<Result<_>>()?;
    report.pages = rows.len();

    // Newest first, as `pm list` shows them.
    let mut rows = rows;
    rows.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id)));
    let top = Page {
        standalone: false,
        css_href: "style.css".into(),
        home_href: "index.html".into(),
        trends_href: "trends.html".into(),
    };
    let index = html.site_page(
        "index.html",
        &top,
        &IndexData {
            today: today.to_string(),
            rows,
            unreadable: &report.unreadable,
        },
    )?;
    write_file(&site, "index.html", index.as_bytes())?;

    let all: Vec<&PostMortem> = pms.iter().collect();
    let overall = stats::compute(&all, today);
    let order = &store.config.severities;
    let quarters = stats::grouped(&all, By::Quarter, today, order);
    let trends = stats::trends(&all, today, order);
    let charts = trend_charts(&trends);
    let trends_page = html.site_page(
        "trends.html",
        &top,
        &TrendsData {
            today: today.to_string(),
            incidents: all.len(),
            overall: stats_view(&overall),
            quarters: quarters.iter().map(group_view).collect(),
            charts,
            unreadable: &report.unreadable,
            outside_span: &trends.outside_span,
            span_years: stats::TREND_MONTHS / 12,
        },
    )?;
    write_file(&site, "trends.html", trends_page.as_bytes())?;
    report.outside_span.clone_from(&trends.outside_span);
    let json = serde_json::to_string_pretty(&trends)? + "\n";
    write_file(&site, "trends.json", json.as_bytes())?;
    write_file(&site, "style.css", html.css.as_bytes())?;
    write_file(&site, "site.js", SCRIPT.as_bytes())?;

    if owned {
        // What a run cut short in the middle of a write leaves: its
        // temporary file (`write_file`), never renamed into place.
        for dir in [&site, &pm_dir] {
            crate::store::remove_stale_temps_in(dir, |_| false);
        }
        let mut keep: HashSet<String> = this_run.iter().cloned().collect();
        keep.extend(unread_names.iter().map(|n| format!("{n}.html")));
        let stale = stale_pages(&pm_dir, &keep, recorded.as_deref())?;
        let mut final_list = this_run.clone();
        if report.unreadable.is_empty() {
            for name in &stale {
                pm_dir.remove(name).map_err(|err| {
                    UserError::new(format!(
                        "cannot remove {}: {err}",
                        crate::output::name_bytes(
                            out.join("pm").join(name).as_os_str().as_encoded_bytes()
                        )
                    ))
                })?;
            }
            report.removed = stale.len();
        } else {
            // A file that cannot be read has no id to name its page by:
            // every page is kept until it reads again, so a typo never
            // takes a published page (and the links to it) down.
            report.kept = stale.len();
            final_list.extend(stale.iter().cloned());
        }
        // The pages of unreadable files, kept as they were, stay pm's, to
        // remove once their files are gone.
        let unread_pages: Vec<String> = unread_names
            .iter()
            .map(|n| format!("{n}.html"))
            .filter(|n| pm_dir.kind(n).is_ok_and(|k| k == Some(Kind::RegularFile)))
            .collect();
        report.kept += unread_pages.len();
        final_list.extend(unread_pages);
        write_file(&site, MARKER, marker_text(final_list).as_bytes())?;
    }
    Ok(report)
}

/// The line of the marker after which the pages pm site wrote in `pm/`
/// are listed, one a line.
const MARKER_PAGES: &str = "Pages pm site wrote in pm/ (only these are ever removed from it):";

/// The marker's text: what the folder is, and the pages pm site wrote in
/// `pm/`, sorted, so that the same site gives the same bytes.
fn marker_text(mut pages: Vec<String>) -> String {
    pages.sort();
    pages.dedup();
    let mut text = format!("{MARKER_TEXT}\n{MARKER_PAGES}\n");
    for page in pages {
        text.push_str(&page);
        text.push('\n');
    }
    text
}

/// Refuse to write a page over a file in `pm/` that no run of pm site
/// listed as its own (`recorded`): a file you put there yourself is left
/// alone, and a post-mortem whose page would take its name is named.
fn check_not_yours(
    out: &Path,
    pages_dir: Option<&Folder>,
    this_run: &[String],
    ids: &[&str],
    recorded: &[String],
) -> Result<()> {
    let pages = out.join("pm");
    let Some(pages_dir) = pages_dir else {
        return Ok(());
    };
    let Some((name, id)) = this_run.iter().zip(ids).find(|(name, _)| {
        // A file or a link of yours (a folder is refused elsewhere).
        !recorded.contains(name)
            && pages_dir
                .kind(name)
                .is_ok_and(|k| k.is_some_and(|k| k != Kind::Directory))
    }) else {
        return Ok(());
    };
    Err(UserError::new(format!(
        "{} is a file pm site did not write (it is not listed in {}), and the page of post-mortem {} has that name",
        crate::output::name_bytes(pages.join(name).as_os_str().as_encoded_bytes()),
        MARKER,
        crate::output::name(id)
    ))
    .hint("move or rename that file (pm site leaves the files you put in pm/ alone), then run pm site again; nothing was written")
    .into())
}

/// Whether the marker at `path` is one pm site wrote: every version began
/// with the same sentence. A `.pm-site` of other words (an empty file, a
/// file of the same name from something else) does not make a folder pm
/// site's, whose pages it would then remove.
fn is_pm_marker(top: &Folder) -> bool {
    let first = MARKER_TEXT.lines().next().unwrap_or_default();
    marker_bytes(top).is_some_and(|bytes| bytes.starts_with(first.as_bytes()))
}

/// The marker's bytes, read in the open folder: a regular file, never
/// through a link (at most 16 MiB: a list of page names).
fn marker_bytes(top: &Folder) -> Option<Vec<u8>> {
    use std::io::Read;
    let file = top.open_file(MARKER).ok()??;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(16 << 20).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The pages an earlier run listed in the marker, or `None` for a marker
/// without the list (written by a pm before it kept one: that pm took
/// every page in `pm/` for its own).
fn read_marker(top: &Folder) -> Option<Vec<String>> {
    let text = marker_bytes(top)?;
    let text = String::from_utf8_lossy(&text);
    let mut lines = text.lines();
    lines.by_ref().find(|l| *l == MARKER_PAGES)?;
    Some(
        lines
            .filter(|l| l.ends_with(".html") && !l.contains(['/', '\\']))
            .map(str::to_string)
            .collect(),
    )
}

/// The files pm site writes at the top of OUT_DIR (the pages go in `pm/`).
const TOP_FILES: [&str; 6] = [
    "index.html",
    "trends.html",
    "trends.json",
    "style.css",
    "site.js",
    MARKER,
];

/// Check every path the site will write before the first is written, so
/// a run that cannot finish writes nothing: `pm/` must be a folder of its
/// own (not a link, which removing stale pages would follow, nor a file),
/// and no page or top file may be a folder (a file can be replaced; a
/// folder cannot).
fn check_targets(out: &Path, top: &Folder, names: &[String]) -> Result<Option<Folder>> {
    const AGAIN: &str = "then run pm site again; nothing was written";
    let pages = out.join("pm");
    let pages_dir = match top.kind("pm") {
        Ok(Some(Kind::Symlink)) => {
            return Err(UserError::new(format!(
                "{} is a symbolic link; pm site writes and removes pages only in a folder of its own there",
                pages.display()
            ))
            .hint(format!(
                "remove the link (the folder it points to is left alone), {AGAIN}"
            ))
            .into());
        }
        Ok(Some(Kind::Directory)) => Some(top.child("pm", false).map_err(|err| {
            UserError::new(format!(
                "OUT_DIR {}: {}",
                out.display(),
                crate::store::paths::refuse_walk(err)
            ))
            .hint(AGAIN)
        })?),
        Ok(Some(_)) => {
            return Err(UserError::new(format!(
                "{} is a file, not a folder: pm site writes the post-mortems' pages into a folder named pm there",
                pages.display()
            ))
            .hint(format!("remove or rename that file, {AGAIN}"))
            .into());
        }
        _ => None,
    };
    let is_dir =
        |dir: &Folder, name: &str| dir.kind(name).is_ok_and(|k| k == Some(Kind::Directory));
    let top_files = TOP_FILES
        .iter()
        .filter(|f| is_dir(top, f))
        .map(|f| out.join(f));
    let each = names
        .iter()
        .map(|n| format!("{n}.html"))
        .filter(|n| pages_dir.as_ref().is_some_and(|pm| is_dir(pm, n)))
        .map(|n| pages.join(n));
    if let Some(path) = top_files.chain(each).next() {
        return Err(UserError::new(format!(
            "{} is a folder, where pm site writes a file of that name",
            path.display()
        ))
        .hint(format!("remove or rename that folder, {AGAIN}"))
        .into());
    }
    Ok(pages_dir)
}

/// Check the output folder. A missing or empty folder is fine; a folder
/// with files is written into only when an earlier `pm site` made it (its
/// marker file), so a mistyped path never overwrites someone's files.
/// Returns whether the folder was made by pm site before, and the folder,
/// open ([`crate::store::paths::output_folder`]).
fn prepare_dir(out: &Path, own: &Own) -> Result<(bool, Folder)> {
    let shown = |p: &Path| crate::output::name_bytes(p.as_os_str().as_encoded_bytes());
    // A folder on the way that is a file: say which, in words.
    let file_on_the_way = || {
        out.ancestors()
            .skip(1)
            .find(|a| !a.as_os_str().is_empty() && fs::metadata(a).is_ok_and(|m| !m.is_dir()))
    };
    let refuse_file_on_the_way = |err: &std::io::Error| -> anyhow::Error {
        match file_on_the_way() {
            Some(file) => UserError::new(format!(
                "OUT_DIR {}: {} is a file, not a folder",
                shown(out),
                shown(file)
            ))
            .hint("give a folder for the site, such as public/; nothing was written")
            .into(),
            None => UserError::new(format!("OUT_DIR {}: cannot use it: {err}", shown(out)))
                .hint("check that its parent folder exists and is writable")
                .into(),
        }
    };
    // Opened (made, with `create`) one folder at a time from `/`: a link in
    // the repository on the way is refused, a link of the person's own
    // elsewhere (public -> /var/www/pm) is followed.
    let open = |create: bool| {
        crate::store::paths::output_folder(out, Some(own), create).map_err(|err| {
            anyhow::Error::from(
                UserError::new(format!(
                    "OUT_DIR {}: {}",
                    shown(out),
                    crate::store::paths::refuse_walk(err)
                ))
                .hint("check that its parent folder exists and is writable; nothing was written"),
            )
        })
    };
    // A symlink to a folder (public -> /var/www/pm) is that folder.
    match fs::metadata(out) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            // A symlink to nothing: create_dir_all would say "File exists".
            if let Ok(target) = fs::read_link(out) {
                return Err(UserError::new(format!(
                    "OUT_DIR {} is a symbolic link to {}, which does not exist",
                    shown(out),
                    shown(&target)
                ))
                .hint(
                    "create the folder it points to, or give another OUT_DIR; nothing was written",
                )
                .into());
            }
            if file_on_the_way().is_some() {
                return Err(refuse_file_on_the_way(&err));
            }
            let top = open(true)?;
            Ok((false, top))
        }
        Err(err) => Err(refuse_file_on_the_way(&err)),
        Ok(meta) if !meta.is_dir() => Err(UserError::new(format!(
            "OUT_DIR {} is not a folder",
            shown(out)
        ))
        .hint("give a new or empty folder for the site, such as public/")
        .into()),
        Ok(_) => {
            let top = open(false)?;
            let marker = out.join(MARKER);
            let marker_kind = top.kind(MARKER).ok().flatten();
            if marker_kind == Some(Kind::Directory) {
                return Err(UserError::new(format!(
                    "OUT_DIR {}: {} is a folder, not pm site's marker file, so pm site does not take OUT_DIR for a folder it made",
                    shown(out),
                    shown(&marker)
                ))
                .hint("give a new or empty folder; nothing was written")
                .into());
            }
            if marker_kind == Some(Kind::RegularFile) {
                if is_pm_marker(&top) {
                    return Ok((true, top));
                }
                return Err(UserError::new(format!(
                    "OUT_DIR {}: {} is not the marker pm site writes (it does not begin \"{}\"), so pm site does not take OUT_DIR for a folder it made",
                    shown(out),
                    shown(&marker),
                    MARKER_TEXT.lines().next().unwrap_or_default()
                ))
                .hint("give a new or empty folder; nothing was written")
                .into());
            }
            let entries = top.names().map_err(|err| {
                UserError::new(format!("OUT_DIR {}: cannot read it: {err}", shown(out)))
            })?;
            if !entries.is_empty() {
                return Err(UserError::new(format!(
                    "OUT_DIR {} has files that pm site did not write",
                    shown(out)
                ))
                .hint("give a new or empty folder; pm site replaces what is in it")
                .hint(format!(
                    "nothing was written; a folder pm site made has a {MARKER} file"
                ))
                .into());
            }
            Ok((false, top))
        }
    }
}

/// The longest id that is its own page name; longer ones are shortened
/// and hashed, so a page's path stays well inside every system's limits.
const PLAIN_MAX: usize = 120;

/// Names Windows keeps for devices, with any extension (`con.html` cannot
/// be created there).
const WINDOWS_DEVICES: [&str; 24] = [
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The file name (without `.html`) of the page of the post-mortem with id
/// `id`, from that id alone (docs/commands.md, "Page names"):
///
/// - an id of lowercase ASCII letters and digits with single `-`, `_` or
///   `.` between them, at most 120 characters, is its own name (every id
///   pm makes: `2026-03-14-db-failover`), unless it is `index` or a name
///   Windows keeps for a device (`con`, `nul`, `com1`, ...);
/// - any other id gets a readable slug of it (the slug pm makes ids with)
///   and `--` and the first 10 hex digits of the xxh3 hash of the id's
///   exact bytes: `DB Failover` is `db-failover--<hash>`.
///
/// Plain names never hold `--` and hashed ones always do, and every name is
/// lowercase ASCII, so no two ids share a name, on a case-insensitive file
/// system too, whatever other post-mortems exist.
pub fn page_name(id: &str) -> String {
    if is_plain_page_name(id) {
        return id.to_string();
    }
    let mut slug = crate::store::slug(id);
    if slug.is_empty() {
        slug = "postmortem".into();
    }
    format!("{slug}--{}", short_hash(id.as_bytes()))
}

fn short_hash(bytes: &[u8]) -> String {
    let hash = twox_hash::XxHash3_64::oneshot(bytes);
    format!("{hash:016x}")[..10].to_string()
}

fn is_plain_page_name(id: &str) -> bool {
    let b = id.as_bytes();
    let word = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let stem = id.split('.').next().unwrap_or(id);
    !b.is_empty()
        && b.len() <= PLAIN_MAX
        && b.iter().all(|c| word(c) || matches!(c, b'-' | b'_' | b'.'))
        && word(&b[0])
        && word(&b[b.len() - 1])
        // Single separators: `--` is the hashed names' own.
        && b.windows(2).all(|w| word(&w[0]) || word(&w[1]))
        && id != "index"
        && !WINDOWS_DEVICES.contains(&stem)
}

/// The page name of each post-mortem file (its path in the post-mortems
/// folder), from the paths alone, whether the files can be read or not:
/// [`page_name`] of its id (the file's name). When files share one id (a
/// copied file keeps its name, a `.yml` twin), the id's own file
/// ([`owns_id`]; of a `.yaml` and a `.yml` there, the `.yaml`, as pm
/// writes them) keeps the id's page, and every other file's page is that
/// name, `--copy-` and a hash of its path in the post-mortems folder: a
/// copy never takes over the page a link points to, not even when the own
/// file has a typo. With no single own file among them, each gets a page
/// of the second kind.
fn page_names(rels: &[String]) -> Result<Vec<String>> {
    let ids: Vec<String> = rels
        .iter()
        .map(|rel| crate::target::id_of(Path::new(rel)))
        .collect();
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        by_id.entry(id.as_str()).or_default().push(i);
    }
    // The file that owns each shared id's plain page, if one does.
    let owner = |id: &str| -> Option<usize> {
        let owners: Vec<usize> = by_id[id]
            .iter()
            .copied()
            .filter(|&j| owns_id(&rels[j], id))
            .collect();
        if owners.len() == 1 {
            return Some(owners[0]);
        }
        let yaml: Vec<usize> = owners
            .into_iter()
            .filter(|&j| Path::new(&rels[j]).extension().is_some_and(|e| e == "yaml"))
            .collect();
        (yaml.len() == 1).then(|| yaml[0])
    };
    let names: Vec<String> = rels
        .iter()
        .enumerate()
        .map(|(i, rel)| {
            let id = ids[i].as_str();
            let name = page_name(id);
            if by_id[id].len() == 1 || owner(id) == Some(i) {
                name
            } else {
                format!("{name}--copy-{}", short_hash(rel.as_bytes()))
            }
        })
        .collect();
    // The rule above gives different names to different files; a clash
    // could only come from two ten-digit hashes being equal. Refuse it,
    // before anything is written, rather than let one page replace another.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(&j) = seen.get(name.as_str()) {
            return Err(UserError::new(format!(
                "{} and {} would both have the page pm/{name}.html",
                crate::output::name(&rels[j]),
                crate::output::name(&rels[i])
            ))
            .hint("change the id of one of them; nothing was written")
            .into());
        }
        seen.insert(name, i);
    }
    Ok(names)
}

/// Whether the file at `rel` (in the post-mortems folder) is the id's own:
/// named after it, in the folder of its year when it starts with one.
fn owns_id(rel: &str, id: &str) -> bool {
    let path = Path::new(rel);
    let stem = path.file_stem().and_then(|s| s.to_str());
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str());
    let year = id
        .get(..5)
        .filter(|y| y.as_bytes()[..4].iter().all(u8::is_ascii_digit) && y.ends_with('-'));
    stem == Some(id) && year.is_none_or(|y| folder == Some(&y[..4]))
}

/// Write a file by renaming a temporary one over it: a reader never sees
/// half a page, and a symlink planted in the folder is replaced, not
/// followed.
fn write_file(folder: &Folder, name: &str, bytes: &[u8]) -> Result<()> {
    // A page is not a CI log, but a CI job may print it (`cat`): workflow
    // commands in it are defused, as on standard output (a zero-width
    // space, which a browser does not show).
    let defused = name
        .ends_with(".html")
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten()
        .map(crate::output::ci_safe);
    let bytes = defused.as_deref().map_or(bytes, str::as_bytes);
    crate::store::write_regenerable(folder, name, bytes)
}

/// Pages pm site wrote in the open folder `dir` (those in `recorded`, or
/// with `None`, an older marker's, every page there) of no post-mortem of
/// this run, by name, sorted.
fn stale_pages(
    dir: &Folder,
    keep: &HashSet<String>,
    recorded: Option<&[String]>,
) -> Result<Vec<String>> {
    let mut names: Vec<String> = dir
        .names()?
        .into_iter()
        .filter_map(|n| n.into_string().ok())
        .collect();
    names.sort();
    Ok(names
        .into_iter()
        .filter(|name| {
            // A folder named like a page is not one pm site wrote.
            let folder = dir.kind(name).is_ok_and(|k| k == Some(Kind::Directory));
            let ours = recorded.is_none_or(|r| r.iter().any(|p| p == name));
            name.ends_with(".html") && !keep.contains(name) && !folder && ours
        })
        .collect())
}

/// `pm stats` figures with what the trends page shows besides: durations
/// and shares written for people.
fn stats_view(s: &Stats) -> serde_json::Value {
    let mut v = serde_json::to_value(s).unwrap_or_default();
    let percent = |share: Option<f64>| {
        share.map_or_else(|| "-".to_string(), |x| format!("{:.0}%", x * 100.0))
    };
    for (key, t) in [
        ("time_to_detect", &s.time_to_detect),
        ("time_to_acknowledge", &s.time_to_acknowledge),
        ("time_to_mitigate", &s.time_to_mitigate),
        ("time_to_resolve", &s.time_to_resolve),
    ] {
        v[key]["median_human"] = opt_human(t.median_seconds).into();
        v[key]["p90_human"] = opt_human(t.p90_seconds.map(|x| x as f64)).into();
    }
    v["actions"]["done_by_due"]["share_percent"] = percent(s.actions.done_by_due.share).into();
    if let Some(d) = s.actions.days_from_due_to_done.median_days {
        v["actions"]["days_from_due_to_done"]["median_days"] = format!("{d}").into();
    }
    v["reviews"]["share_on_time_percent"] = percent(s.reviews.share_on_time).into();
    v["top_lists"] = serde_json::json!([
        {"title": "Services", "items": s.top_services},
        {"title": "Tags", "items": s.top_tags},
        {"title": "Contributing factors", "items": s.top_contributing_factors},
    ]);
    v
}

fn group_view(g: &Group) -> serde_json::Value {
    let mut v = stats_view(&g.stats);
    v["key"] = g.key.clone().into();
    v
}

fn opt_human(seconds: Option<f64>) -> String {
    seconds.map_or_else(
        || "-".to_string(),
        |s| clock::human_duration(s.round() as i64),
    )
}

/// The unit a time chart's axis counts in, from its largest value (in
/// seconds): minutes, hours from two hours, days from two days, so that
/// the ticks are round (`2d`, not `3d 11h`).
fn time_unit(values: &[Option<f64>]) -> (&'static str, f64, &'static str) {
    let max = values.iter().flatten().fold(0.0_f64, |m, v| m.max(v.abs()));
    if max >= 2.0 * 86_400.0 {
        ("days", 86_400.0, "d")
    } else if max >= 2.0 * 3600.0 {
        ("hours", 3600.0, "h")
    } else {
        ("minutes", 60.0, "m")
    }
}

/// The five charts of the trends page, each with its data as a table.
fn trend_charts(t: &Trends) -> Vec<Chart> {
    let mut charts = Vec::new();
    let first_last = |v: &[String]| {
        format!(
            "{} to {}",
            v.first().map_or("", String::as_str),
            v.last().map_or("", String::as_str)
        )
    };

    // Time to detect and time to resolve per quarter, a chart each: on one
    // axis a multi-day time to resolve flattens minutes of detection to 0.
    for (key, name, medians, measured, milestone) in [
        (
            "ttd",
            "time to detect",
            &t.time_to_detect_median_seconds,
            &t.time_to_detect_measured,
            "detected",
        ),
        (
            "ttr",
            "time to resolve",
            &t.time_to_resolve_median_seconds,
            &t.time_to_resolve_measured,
            "resolved",
        ),
    ] {
        let (unit, per, suffix) = time_unit(medians);
        let title = format!("Median {name}, per quarter");
        let desc = format!(
            "Line chart, {}, in {unit}. Each point is the median over the incidents dated in that quarter that have the figure; gaps are quarters without any.",
            first_last(&t.quarters)
        );
        let series = [Series {
            name: format!("median {name}"),
            values: medians.iter().map(|s| s.map(|s| s / per)).collect(),
        }];
        charts.push(Chart {
            id: key.into(),
            title: title.clone(),
            svg: charts::lines(
                &Labels {
                    id: &format!("chart-{key}"),
                    title: &title,
                    desc: &desc,
                    y_desc: &format!("median, {unit}"),
                },
                &t.quarters,
                &series,
                &|y| format!("{}{suffix}", y.round() as i64),
            ),
            note: format!(
                "Impact-start to the first {milestone} entry, in whole {unit} on the axis; the data below gives each median exactly. Lower is better."
            ),
            table: DataTable {
                headers: vec![
                    "quarter".into(),
                    format!("median {name}"),
                    "incidents measured".into(),
                ],
                rows: t
                    .quarters
                    .iter()
                    .enumerate()
                    .map(|(i, q)| {
                        vec![
                            q.clone(),
                            opt_human(medians[i]),
                            measured[i].to_string(),
                        ]
                    })
                    .collect(),
            },
        });
    }

    // Incidents per month by severity.
    let title = "Incidents per month, by severity";
    let desc = format!(
        "Stacked bar chart, {}: the number of post-mortems dated in each month, one colour per severity.",
        first_last(&t.months)
    );
    let series: Vec<Series> = t
        .incidents_by_severity
        .iter()
        .map(|s| Series {
            name: s.name.clone(),
            values: s.values.iter().map(|v| Some(*v as f64)).collect(),
        })
        .collect();
    let mut headers = vec!["month".to_string()];
    headers.extend(t.incidents_by_severity.iter().map(|s| s.name.clone()));
    headers.push("total".into());
    charts.push(Chart {
        id: "incidents".into(),
        title: title.into(),
        svg: charts::stacked_bars(
            &Labels {
                id: "chart-incidents",
                title,
                desc: &desc,
                y_desc: "incidents",
            },
            &t.months,
            &series,
        ),
        note: "By the post-mortem's date.".into(),
        table: DataTable {
            headers,
            rows: t
                .months
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut row = vec![m.clone()];
                    let mut total = 0;
                    for s in &t.incidents_by_severity {
                        row.push(s.values[i].to_string());
                        total += s.values[i];
                    }
                    row.push(total.to_string());
                    row
                })
                .collect(),
        },
    });

    // Action items open and done, and overdue, at each month's end.
    let month_table = |cols: &[(&str, &Vec<usize>)]| DataTable {
        headers: std::iter::once("as of".to_string())
            .chain(cols.iter().map(|(h, _)| h.to_string()))
            .collect(),
        rows: t
            .as_of
            .iter()
            .enumerate()
            .map(|(i, d)| {
                std::iter::once(d.to_string())
                    .chain(cols.iter().map(|(_, v)| v[i].to_string()))
                    .collect()
            })
            .collect(),
    };
    let left_out = if t.actions_without_closed_date > 0 {
        format!(
            " {} done or dropped items have no closed date and are left out.",
            t.actions_without_closed_date
        )
    } else {
        String::new()
    };
    let title = "Action items open and done, at the end of each month";
    let desc = format!(
        "Line chart, {}: action items still open, and action items done so far, as of each month's last day.",
        first_last(&t.months)
    );
    let counts = |v: &Vec<usize>| v.iter().map(|x| Some(*x as f64)).collect();
    charts.push(Chart {
        id: "actions".into(),
        title: title.into(),
        svg: charts::lines(
            &Labels {
                id: "chart-actions",
                title,
                desc: &desc,
                y_desc: "action items",
            },
            &t.months,
            &[
                Series {
                    name: "open".into(),
                    values: counts(&t.actions_open),
                },
                Series {
                    name: "done".into(),
                    values: counts(&t.actions_done),
                },
            ],
            &|y| format!("{}", y.round() as i64),
        ),
        note: format!(
            "An item counts from its post-mortem's date until its closed date.{left_out}"
        ),
        table: month_table(&[("open", &t.actions_open), ("done", &t.actions_done)]),
    });

    let title = "Overdue action items, at the end of each month";
    let desc = format!(
        "Line chart, {}: action items open past their due date as of each month's last day.",
        first_last(&t.months)
    );
    charts.push(Chart {
        id: "overdue".into(),
        title: title.into(),
        svg: charts::lines(
            &Labels {
                id: "chart-overdue",
                title,
                desc: &desc,
                y_desc: "overdue action items",
            },
            &t.months,
            &[Series {
                name: "overdue".into(),
                values: counts(&t.actions_overdue),
            }],
            &|y| format!("{}", y.round() as i64),
        ),
        note: format!("Overdue: open on that day with a due date before it.{left_out}"),
        table: month_table(&[("overdue", &t.actions_overdue)]),
    });
    charts
}

#[cfg(test)]
mod tests {
    use super::{owns_id, page_name};

    #[test]
    fn ordinary_ids_are_their_own_page_names() {
        for id in [
            "2026-03-14-db-failover",
            "2026-03-14-db-failover-2",
            "2026-03-14_db.failover",
            "v1.2-outage",
            "a",
            "console",
            &"x".repeat(120),
        ] {
            assert_eq!(page_name(id), id);
        }
    }

    #[test]
    fn other_ids_get_a_slug_and_a_hash_of_the_exact_id() {
        let hashed = [
            "2026-03-14-DB-failover",
            "2026-03-14-Db-Failover",
            "2026-03-14-db failover",
            "2026-03-14-db/failover",
            "2026-03-14-db\\failover",
            "2026-03-14-db--failover",
            "2026-03-14-db-failover.",
            "2026-03-14-db-failover ",
            ".2026-03-14-db-failover",
            "-2026-03-14-db-failover",
            "2026-03-14-dö-failover",
            "2026-03-14-do\u{308}-failover",
            "index",
            "INDEX",
            "con",
            "CON",
            "nul.txt",
            "lpt1",
            "../../etc/passwd",
            "",
            "!!!",
            "🔥",
            "日本語の障害",
            &"x".repeat(121),
            &"Long Words ".repeat(40),
        ];
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(page_name("2026-03-14-db-failover")));
        for id in hashed {
            let name = page_name(id);
            let (slug, hash) = name.split_once("--").unwrap();
            assert!(!slug.is_empty() && !slug.contains("--"), "{id:?} {name}");
            assert_eq!(hash.len(), 10, "{id:?} {name}");
            assert!(
                hash.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            assert!(name.len() <= 60, "{id:?} {name}");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id:?} {name}"
            );
            // Lowercase only: distinct on a case-insensitive file system too.
            assert!(seen.insert(name.clone()), "{id:?} {name} twice");
            // The same id, the same name, every time.
            assert_eq!(page_name(id), name);
        }
        assert!(page_name("2026-03-14-DB-failover").starts_with("2026-03-14-db-failover--"));
        assert!(page_name("../../etc/passwd").starts_with("etc-passwd--"));
        assert!(page_name("").starts_with("postmortem--"));
    }

    #[test]
    fn the_own_file_of_an_id_is_named_after_it_in_its_years_folder() {
        assert!(owns_id("2026/2026-03-14-x.yaml", "2026-03-14-x"));
        assert!(owns_id("2026/2026-03-14-x.yml", "2026-03-14-x"));
        assert!(!owns_id("2025/2026-03-14-x.yaml", "2026-03-14-x"));
        assert!(!owns_id("2026/copy.yaml", "2026-03-14-x"));
        assert!(owns_id("misc/db-failover.yaml", "db-failover"));
        assert!(!owns_id("2026/index.yaml", "2026/index"));
    }
}
