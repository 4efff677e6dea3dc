//! Summaries of every post-mortem, for the commands that read them all
//! (`pm list`, `pm due`, `pm action list`), with a cache.
//!
//! The cache makes a repeat run cost one `stat` per file and one read of
//! the cache file. It lives in .git/pm/index.bin (per clone, never
//! committed) and holds, for each file in path order, its summary (or why
//! it could not be read) and the file's identity when it was read: size,
//! modification time, change time and inode. Any edit, `git pull` or
//! checkout changes at least one of these. A file modified within two
//! seconds of the cache being written may have been changed again within
//! the same clock tick, so such entries are not trusted (git calls this the
//! "racy" case) and are read again next time.
//!
//! The cache is an rkyv archive: the commands read the summaries in place,
//! without decoding them into a hundred thousand small strings (see
//! `cache.rs` for the file format and why a damaged file is never trusted).
//! Every run is served from an archive: the one on disk when nothing
//! changed, else a new one built from the unchanged entries and the files
//! read again, which is then written for the next run.
//!
//! Files are read with the strict scanner where it applies (`yaml/fast.rs`
//! and `typed.rs`), else with the full parser.

mod cache;
mod typed;

pub use cache::{ArchivedStamp, Stamp};

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rkyv::{Archive, Deserialize, Serialize};

use crate::model::{self, ActionStatus, PostMortem, Status};
use crate::store::{self, Store};
use crate::yaml;

const RACY_NANOS: i64 = 2_000_000_000;

/// What the read-everything commands need from one post-mortem. Dates are
/// day numbers (see [`day_number`]), statuses their enum's position, so
/// that the archive can be read in place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Archive, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub status: u8,
    pub severity: String,
    pub date: i32,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub actions: Vec<ActionSummary>,
    pub review_due: Option<i32>,
    pub review_held: Option<i32>,
    /// `follow_up.owner` as written (see [`ArchivedSummary::review_owner`]).
    pub review_owner: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Archive, Serialize, Deserialize)]
pub struct ActionSummary {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<i32>,
    pub status: u8,
    /// The day it was marked done or dropped (`closed`), when recorded.
    pub closed: Option<i32>,
    /// Its `link`, as written (checked where it is shown).
    pub link: Option<String>,
}

/// Days since 1 January of year 1 (day 1), as a cheap sort key.
pub fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The date of a day number; out-of-range numbers (never written by pm)
/// give the earliest date rather than a panic.
pub fn from_day_number(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

impl Summary {
    pub fn from_postmortem(pm: &PostMortem) -> Summary {
        Summary {
            id: pm.id.clone(),
            title: pm.title.clone(),
            status: pm.status as u8,
            severity: pm.severity.clone(),
            date: day_number(pm.date),
            services: pm.services.clone(),
            tags: pm.tags.clone(),
            authors: pm.authors.clone(),
            actions: pm
                .action_items
                .iter()
                .map(|a| ActionSummary {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    owner: a.owner.clone(),
                    due: a.due.map(day_number),
                    status: a.status as u8,
                    closed: a.closed.map(day_number),
                    link: a.link.clone(),
                })
                .collect(),
            review_due: pm.follow_up.due.map(day_number),
            review_held: pm.follow_up.held.map(day_number),
            review_owner: pm.follow_up.owner.clone(),
        }
    }

    /// The summary of a post-mortem's text: the strict scanner's when it
    /// reads the file, else the full parser's (with its error).
    pub fn read(text: &str) -> Result<Summary, yaml::YamlError> {
        match Summary::fast(text) {
            Some(summary) => Ok(summary),
            None => store::parse_postmortem(text).map(|pm| Summary::from_postmortem(&pm)),
        }
    }

    /// The fast path alone: None where it declines. Public for the tests
    /// that compare it with the full parser.
    pub fn fast(text: &str) -> Option<Summary> {
        let (body, _) = yaml::strip_bom(text);
        Summary::from_scanned(&yaml::fast_lite(body)?)
    }

    /// The fast path from a tree the strict scanner read.
    pub fn from_scanned(tree: &yaml::Lite<'_>) -> Option<Summary> {
        typed::summary(tree)
    }
}

fn status_of(byte: u8) -> Status {
    Status::ALL
        .get(byte as usize)
        .copied()
        .unwrap_or(Status::Draft)
}

fn action_status_of(byte: u8) -> ActionStatus {
    match byte {
        1 => ActionStatus::Done,
        2 => ActionStatus::Dropped,
        _ => ActionStatus::Open,
    }
}

fn day(archived: &rkyv::option::ArchivedOption<rkyv::rend::i32_le>) -> Option<i32> {
    archived.as_ref().map(|d| d.to_native())
}

impl ArchivedSummary {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn status(&self) -> Status {
        status_of(self.status)
    }

    pub fn severity(&self) -> &str {
        &self.severity
    }

    pub fn date(&self) -> NaiveDate {
        from_day_number(self.date.to_native())
    }

    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.services.iter().map(|s| s.as_str())
    }

    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.tags.iter().map(|s| s.as_str())
    }

    pub fn authors(&self) -> impl Iterator<Item = &str> {
        self.authors.iter().map(|s| s.as_str())
    }

    pub fn actions(&self) -> &[ArchivedActionSummary] {
        &self.actions
    }

    pub fn open_actions(&self) -> impl Iterator<Item = &ArchivedActionSummary> {
        self.actions
            .iter()
            .filter(|a| a.status() == ActionStatus::Open)
    }

    pub fn overdue_actions(&self, today: NaiveDate) -> usize {
        self.open_actions()
            .filter(|a| a.days_overdue(today).is_some())
            .count()
    }

    /// Who runs the pending review: `follow_up.owner`, else the first
    /// author (see [`model::review_owner`]).
    pub fn review_owner(&self) -> Option<&str> {
        model::review_owner(
            self.review_owner.as_ref().map(|o| o.as_str()),
            self.authors(),
        )
    }

    /// The due date of a review that is still to be held, unless closed.
    pub fn pending_review(&self) -> Option<NaiveDate> {
        if self.status() == Status::Closed {
            return None;
        }
        match (day(&self.review_due), day(&self.review_held)) {
            (Some(due), None) => Some(from_day_number(due)),
            _ => None,
        }
    }
}

impl ArchivedActionSummary {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn owner(&self) -> Option<&str> {
        self.owner.as_ref().map(|o| o.as_str())
    }

    pub fn due(&self) -> Option<NaiveDate> {
        self.due_day().map(from_day_number)
    }

    /// The due date as a day number, for comparing without converting.
    pub fn due_day(&self) -> Option<i32> {
        day(&self.due)
    }

    pub fn status(&self) -> ActionStatus {
        action_status_of(self.status)
    }

    /// Days past its due date, for an open item (see [`model::days_overdue`]).
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        model::action_days_overdue(self.status(), self.due(), today)
    }

    /// The day it was closed (`closed`), when recorded.
    pub fn closed(&self) -> Option<NaiveDate> {
        day(&self.closed).map(from_day_number)
    }

    pub fn link(&self) -> Option<&str> {
        self.link.as_ref().map(|l| l.as_str())
    }
}

/// One file's outcome, read from the archive: its summary, and why it
/// could not be read fully.
///
/// A post-mortem with one bad field still has valid action items and a
/// follow-up date: `summary` holds what could be read of it, so overdue
/// work never disappears because of a typo elsewhere in the file.
#[derive(Clone, Copy)]
pub struct Indexed<'a> {
    /// Relative to the repository root, `/`-separated.
    pub file: &'a str,
    /// Everything, or for a broken file, what is still valid in it (None
    /// when nothing could be read).
    pub summary: Option<&'a ArchivedSummary>,
    /// Why the file could not be read fully (`file:line:col: message`).
    pub error: Option<&'a str>,
}

/// Every post-mortem's summary, in path order (in the parts of the cache
/// file they were read from).
pub struct Index {
    parts: Vec<&'static cache::ArchivedCache>,
}

impl Index {
    pub fn iter(&self) -> impl Iterator<Item = Indexed<'_>> {
        self.parts
            .iter()
            .flat_map(|part| part.entries.iter())
            .map(|e| Indexed {
                file: &e.file,
                summary: e.summary.as_ref(),
                error: e.error.as_ref().map(|e| e.as_str()),
            })
    }

    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.entries.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Files read and archived at a time when the cache is rebuilt: enough to
/// keep every core busy, few enough that their summaries take little
/// memory next to the archive.
const PART: usize = 4096;

/// A summary of the broken files for the person, on stderr: each one when
/// there are few, the first few and a count when there are many.
pub fn warn_broken(all: &Index) {
    let broken: Vec<&str> = all.iter().filter_map(|i| i.error).collect();
    warn_unreadable(&broken);
}

/// Warn about files a command could not read (the first few, then how many
/// more), and point at `pm lint`.
pub fn warn_unreadable(broken: &[&str]) {
    const SHOWN: usize = 3;
    for err in broken.iter().take(SHOWN) {
        crate::output::note(&format!("warning: {err}"));
    }
    if broken.len() > SHOWN {
        crate::output::note(&format!(
            "warning: ... and {} more post-mortems that cannot be read fully",
            broken.len() - SHOWN
        ));
    }
    if !broken.is_empty() {
        crate::output::note("  `pm lint` lists every problem at its line and column");
    }
}

/// Each file's path relative to the root and its identity, in the order
/// given (None when it cannot be read).
///
/// Each year's folder is opened once and its files are looked up by name
/// in it, on every core: a full path costs a walk from `/` per file, a
/// third of the time of a warm `pm due`. The entry itself is looked at,
/// not what a symlink points to: a symlink never matches the cache, and
/// reading it is refused.
pub fn stamps(store: &Store, files: &[PathBuf]) -> Vec<(String, Option<Stamp>)> {
    let mut folders: Vec<(&[u8], Option<fs::File>)> = Vec::new();
    let folder_of: Vec<usize> = files
        .iter()
        .map(|path| {
            // The bytes before the last `/` (Path::parent parses every
            // component, which shows at 10,000 files).
            let bytes = path.as_os_str().as_encoded_bytes();
            let dir = &bytes[..bytes.iter().rposition(|&b| b == b'/').unwrap_or(0)];
            if folders.last().is_none_or(|(d, _)| *d != dir) {
                let open = path.parent().and_then(|p| fs::File::open(p).ok());
                folders.push((dir, open));
            }
            folders.len() - 1
        })
        .collect();
    let root = store.root.as_os_str().as_encoded_bytes();
    files
        .par_iter()
        .zip(folder_of)
        .map(|(path, folder)| {
            // Listed paths all start with the root; relative() is the
            // general (and slower) way.
            let relative = path
                .as_os_str()
                .as_encoded_bytes()
                .strip_prefix(root)
                .and_then(|rest| rest.strip_prefix(b"/"))
                .and_then(|rest| std::str::from_utf8(rest).ok())
                .map_or_else(|| store.relative(path), str::to_string);
            let stamp = match (&folders[folder].1, path.file_name()) {
                (Some(dir), Some(name)) => {
                    rustix::fs::statat(dir, name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW)
                        .ok()
                        .map(|st| cache::Stamp {
                            size: st.st_size as u64,
                            mtime: st.st_mtime * 1_000_000_000 + st.st_mtime_nsec as i64,
                            ctime: st.st_ctime * 1_000_000_000 + st.st_ctime_nsec as i64,
                            ino: st.st_ino,
                        })
                }
                _ => fs::symlink_metadata(path).ok().map(|m| stamp(&m)),
            };
            (relative, stamp)
        })
        .collect()
}

/// Nanoseconds since the epoch, to compare with file times.
pub fn now_nanos() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

/// Whether a cache written `now` may trust what it read from a file with
/// this identity: not if the file changed within the last two seconds,
/// since it could change again within the same clock tick without its
/// times changing (git calls this the "racy" case).
pub fn settled(stamp: &Stamp, now: i64) -> bool {
    now - stamp.mtime > RACY_NANOS && now - stamp.ctime > RACY_NANOS
}

fn stamp(meta: &fs::Metadata) -> cache::Stamp {
    cache::Stamp {
        size: meta.len(),
        mtime: meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
        ctime: meta.ctime() * 1_000_000_000 + meta.ctime_nsec(),
        ino: meta.ino(),
    }
}

/// Summaries of every post-mortem in the repository, in path order.
///
/// The archive they are read from stays in memory until the process ends:
/// pm's commands are short-lived, and the operating system takes the whole
/// heap back at exit at no cost.
pub fn load_all(store: &Store) -> Result<Index> {
    load(store, true)
}

/// [`load_all`] that writes nothing, not even the cache: for shell
/// completion, which runs on every Tab and must never change a clone.
pub fn load_all_read_only(store: &Store) -> Result<Index> {
    load(store, false)
}

fn load(store: &Store, write: bool) -> Result<Index> {
    let cache_path = store.state_dir().join(cache::FILE);
    // Listing the folders and reading the cache do not depend on each
    // other: one core each.
    let (files, old) = rayon::join(|| store.files(), || cache::read(store, &cache_path));
    let files = files?;
    let old = old.unwrap_or_default();
    let old_entries: Vec<&'static cache::ArchivedEntry> =
        old.iter().flat_map(|part| part.entries.iter()).collect();

    // Stat every file and find each in the old archive: both lists are in
    // path order.
    let stamps = stamps(store, &files);
    let mut next = 0;
    let found: Vec<Option<&cache::ArchivedEntry>> = stamps
        .iter()
        .map(|(file, st)| {
            while next < old_entries.len() && old_entries[next].file.as_str() < file.as_str() {
                next += 1;
            }
            let entry = *old_entries.get(next)?;
            let same = entry.file.as_str() == file
                && entry.trusted
                && st.as_ref().is_some_and(|st| entry.stamp.matches(st));
            same.then_some(entry)
        })
        .collect();
    if old_entries.len() == files.len() && found.iter().all(Option::is_some) {
        return Ok(Index { parts: old });
    }

    // Read what changed on every core, keep the rest, and archive them a
    // part at a time.
    let mut writer = cache::writer();
    let mut stamps = stamps.into_iter();
    for (paths, found) in files.chunks(PART).zip(found.chunks(PART)) {
        let now = now_nanos();
        let entries: Vec<cache::Entry> = stamps
            .by_ref()
            .take(paths.len())
            .collect::<Vec<_>>()
            .into_par_iter()
            .zip(found)
            .zip(paths)
            .map(|(((file, st), hit), path)| {
                let mut entry = match hit {
                    Some(entry) => cache::Entry::from_archived(entry),
                    None => read_one(store, path, file, st),
                };
                entry.trusted &= settled(&entry.stamp, now);
                entry
            })
            .collect();
        writer.part(&cache::Cache { entries })?;
    }
    let bytes = writer.finish();
    // The cache is an optimisation: failing to write it (read-only clone)
    // only makes the next run slower.
    if write {
        store.write_state(&cache_path, &bytes).ok();
    }
    Ok(Index {
        parts: cache::access(bytes)?,
    })
}

/// Read one file. `stamp` is its identity from the stat made before
/// reading (None when it could not be read); a change after that stat is
/// seen by the next run. Only a file that was read without error is
/// trusted next time: a broken one is read again, and what is still valid
/// in it is salvaged.
fn read_one(store: &Store, path: &Path, file: String, stamp: Option<cache::Stamp>) -> cache::Entry {
    let broken = |file: String, summary, error: String| cache::Entry {
        file,
        stamp: cache::Stamp::default(),
        trusted: false,
        summary,
        error: Some(error),
    };
    let Some(stamp) = stamp else {
        let error = format!("{file}: cannot read its metadata");
        return broken(file, None, error);
    };
    let text = match store.read_text(path) {
        Ok(text) => text,
        Err(err) => return broken(file, None, err.to_string()),
    };
    match Summary::read(&text) {
        Ok(mut summary) => {
            // The id every command resolves is the file's name; an `id:`
            // that differs is a lint warning (id-file-name), not a name
            // to show in lists that people copy from.
            let stem = crate::target::id_of(path);
            if !stem.is_empty() && summary.id != stem {
                summary.id = stem;
            }
            cache::Entry {
                file,
                stamp,
                trusted: true,
                summary: Some(summary),
                error: None,
            }
        }
        Err(err) => {
            let error = format!("{file}:{err}");
            broken(file, salvage(path, &text), error)
        }
    }
}

/// What can still be read of a post-mortem in the middle of a merge
/// conflict: our side, with the action items only their side has.
fn salvage(path: &Path, text: &str) -> Option<Summary> {
    use crate::merge::markers::{Side, one_side};
    let (Some(ours), Some(theirs)) = (one_side(text, Side::Ours), one_side(text, Side::Theirs))
    else {
        return salvage_text(path, text);
    };
    let theirs = salvage_text(path, &theirs);
    let Some(mut ours) = salvage_text(path, &ours) else {
        return theirs;
    };
    for action in theirs.map(|t| t.actions).unwrap_or_default() {
        if !ours.actions.iter().any(|a| a.id == action.id) {
            ours.actions.push(action);
        }
    }
    Some(ours)
}

/// What can still be read of a post-mortem the typed loader refuses: each
/// field on its own, each action item on its own. None when the text is
/// not YAML at all.
fn salvage_text(path: &Path, text: &str) -> Option<Summary> {
    use crate::model::{ActionItem, FollowUp};
    let value = crate::yaml::parse_value(text)
        .or_else(|_| crate::yaml::parse_value_keeping_first(text))
        .ok()?;
    let map = value.as_mapping()?;
    // A null is a missing field, as the loader reads it (never "null").
    let field = |key: &str| map.get(key).filter(|v| !v.is_null());
    fn typed<T: serde::de::DeserializeOwned>(v: Option<&crate::yaml::Value>) -> Option<T> {
        crate::yaml::from_value(v?).ok()
    }
    let day = |v: Option<&crate::yaml::Value>| {
        v.and_then(|v| v.as_str())
            .and_then(|s| crate::clock::iso_date(s.trim()))
    };
    let stem = crate::target::id_of(path);
    let date = day(field("date"))
        .or_else(|| crate::clock::iso_date(stem.get(..10)?))
        .unwrap_or_default();
    // As for a file that reads: the id is the file's name.
    let id = stem;
    let actions: Vec<ActionItem> = field("action_items")
        .and_then(|v| v.as_sequence())
        .map(|items| items.iter().filter_map(|item| typed(Some(item))).collect())
        .unwrap_or_default();
    let follow_up: FollowUp = typed(field("follow_up")).unwrap_or_else(|| {
        let part = |k: &str| day(field("follow_up").and_then(|f| f.get(k)));
        FollowUp {
            due: part("due"),
            held: part("held"),
            owner: typed(field("follow_up").and_then(|f| f.get("owner"))),
            ..FollowUp::default()
        }
    });
    Some(Summary {
        title: typed(field("title")).unwrap_or_else(|| id.clone()),
        id,
        status: typed(field("status")).unwrap_or(Status::Draft) as u8,
        severity: typed(field("severity")).unwrap_or_else(|| "?".into()),
        date: day_number(date),
        services: typed(field("services")).unwrap_or_default(),
        tags: typed(field("tags")).unwrap_or_default(),
        authors: typed(field("authors")).unwrap_or_default(),
        actions: actions
            .into_iter()
            .map(|a| ActionSummary {
                id: a.id,
                title: a.title,
                owner: a.owner,
                due: a.due.map(day_number),
                status: a.status as u8,
                closed: a.closed.map(day_number),
                link: a.link,
            })
            .collect(),
        review_due: follow_up.due.map(day_number),
        review_held: follow_up.held.map(day_number),
        review_owner: follow_up.owner,
    })
}
