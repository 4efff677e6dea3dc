//! Summaries of every post-mortem, for the commands that read them all
//! (`pm list`, `pm due`, `pm action list`), with a cache.
//!
//! Parsing 10,000 YAML files takes about a second; the cache makes repeat
//! runs cost one `stat` per file. It lives in .git/pm/index.bin (per clone,
//! never committed) and maps each file to its summary and the file's
//! identity when it was read: size, modification time, change time and
//! inode. Any edit, `git pull` or checkout changes at least one of these.
//! A file modified within two seconds of the cache being written may have
//! been changed again within the same clock tick, so such entries are not
//! trusted (git calls this the "racy" case) and are read again next time.
//! A cache that cannot be read is ignored; a stale one never gives a wrong
//! answer, only a slower one.

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{ActionStatus, PostMortem, Status};
use crate::store::{self, Store};

const CACHE_FILE: &str = "index.bin";
/// Bump when `Summary` changes shape.
const CACHE_VERSION: u32 = 1;
const RACY_NANOS: i128 = 2_000_000_000;

/// What the read-everything commands need from one post-mortem.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub severity: String,
    pub date: NaiveDate,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub actions: Vec<ActionSummary>,
    pub review_due: Option<NaiveDate>,
    pub review_held: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionSummary {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
}

impl Summary {
    pub fn from_postmortem(pm: &PostMortem) -> Summary {
        Summary {
            id: pm.id.clone(),
            title: pm.title.clone(),
            status: pm.status,
            severity: pm.severity.clone(),
            date: pm.date,
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
                    due: a.due,
                    status: a.status,
                })
                .collect(),
            review_due: pm.follow_up.due,
            review_held: pm.follow_up.held,
        }
    }

    pub fn open_actions(&self) -> impl Iterator<Item = &ActionSummary> {
        self.actions
            .iter()
            .filter(|a| a.status == ActionStatus::Open)
    }

    pub fn overdue_actions(&self, today: NaiveDate) -> usize {
        self.open_actions()
            .filter(|a| a.due.is_some_and(|d| d < today))
            .count()
    }

    /// The due date of a review that is still to be held, unless closed.
    pub fn pending_review(&self) -> Option<NaiveDate> {
        if self.status == Status::Closed {
            return None;
        }
        match (self.review_due, self.review_held) {
            (Some(due), None) => Some(due),
            _ => None,
        }
    }
}

/// One file's outcome: its summary, and why it could not be read fully.
///
/// A post-mortem with one bad field still has valid action items and a
/// follow-up date: `summary` holds what could be read of it, so overdue
/// work never disappears because of a typo elsewhere in the file.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Relative to the repository root, `/`-separated.
    pub file: String,
    /// Everything, or for a broken file, what is still valid in it (None
    /// when nothing could be read).
    pub summary: Option<Summary>,
    /// Why the file could not be read fully (`file:line:col: message`).
    pub error: Option<String>,
}

/// A summary of the broken files for the person, on stderr: each one when
/// there are few, the first few and a count when there are many.
pub fn warn_broken(all: &[Indexed]) {
    const SHOWN: usize = 3;
    let broken: Vec<&str> = all.iter().filter_map(|i| i.error.as_deref()).collect();
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

#[derive(Serialize, Deserialize, Default)]
struct Cache {
    version: u32,
    entries: HashMap<String, CacheEntry>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
struct Stamp {
    size: u64,
    mtime: i128,
    ctime: i128,
    ino: u64,
}

#[derive(Serialize, Deserialize, Clone)]
struct CacheEntry {
    stamp: Stamp,
    summary: Summary,
}

fn stamp(meta: &fs::Metadata) -> Stamp {
    Stamp {
        size: meta.len(),
        mtime: meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128,
        ctime: meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128,
        ino: meta.ino(),
    }
}

/// Summaries of every post-mortem in the repository, in path order.
pub fn load_all(store: &Store) -> Result<Vec<Indexed>> {
    let files = store.files()?;
    let cache_path = store.state_dir().join(CACHE_FILE);
    let mut cache = read_cache(store, &cache_path);
    let cached_count = cache.entries.len();

    // Stat every file (cheap, parallel); take unchanged summaries out of
    // the cache without copying them; parse the rest on every core.
    let stamps: Vec<(String, Option<Stamp>)> = files
        .par_iter()
        .map(|path| {
            (
                store.relative(path),
                // The entry itself, not what a symlink points to: a symlink
                // never matches the cache, and reading it is refused.
                fs::symlink_metadata(path).ok().map(|m| stamp(&m)),
            )
        })
        .collect();
    let mut slots: Vec<Option<CacheEntry>> = stamps
        .iter()
        .map(|(file, st)| match (cache.entries.remove(file), st) {
            (Some(entry), Some(st)) if entry.stamp == *st => Some(entry),
            _ => None,
        })
        .collect();
    let fresh: Vec<(usize, Indexed, Option<CacheEntry>)> = slots
        .iter()
        .enumerate()
        .filter(|(_, slot)| slot.is_none())
        .map(|(i, _)| i)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|i| {
            let (indexed, entry) = index_one(store, &files[i], &stamps[i].0, stamps[i].1.as_ref());
            (i, indexed, entry)
        })
        .collect();
    let changed = !fresh.is_empty() || cached_count != files.len();

    let mut out: Vec<Option<Indexed>> = (0..files.len()).map(|_| None).collect();
    let mut keep: HashMap<String, CacheEntry> = HashMap::with_capacity(files.len());
    for (i, indexed, entry) in fresh {
        if let Some(entry) = entry {
            slots[i] = Some(entry);
        }
        out[i] = Some(indexed);
    }
    let mut result = Vec::with_capacity(files.len());
    for (i, ((file, _), slot)) in stamps.into_iter().zip(slots).enumerate() {
        let indexed = match (out[i].take(), slot) {
            (Some(indexed), slot) => {
                if let (Some(entry), true) = (slot, changed) {
                    keep.insert(file, entry);
                }
                indexed
            }
            (None, Some(entry)) => {
                let summary = if changed {
                    let s = entry.summary.clone();
                    keep.insert(file.clone(), entry);
                    s
                } else {
                    entry.summary
                };
                Indexed {
                    file,
                    summary: Some(summary),
                    error: None,
                }
            }
            (None, None) => unreachable!("every file is either cached or parsed"),
        };
        result.push(indexed);
    }
    if changed {
        write_cache(store, &cache_path, keep);
    }
    Ok(result)
}

/// Parse one file; returns the result and the cache entry to keep. `stamp`
/// is the file's identity from the stat made before parsing (None when it
/// could not be read); a change after that stat is seen by the next run.
fn index_one(
    store: &Store,
    path: &Path,
    file: &str,
    stamp: Option<&Stamp>,
) -> (Indexed, Option<CacheEntry>) {
    let file = file.to_string();
    let Some(stamp) = stamp.cloned() else {
        return (
            Indexed {
                summary: None,
                error: Some(format!("{file}: cannot read its metadata")),
                file,
            },
            None,
        );
    };
    let text = match store.read_text(path) {
        Ok(text) => text,
        Err(err) => {
            let indexed = Indexed {
                summary: None,
                error: Some(err.to_string()),
                file,
            };
            return (indexed, None);
        }
    };
    match store::parse_postmortem(&text) {
        Ok(pm) => {
            let summary = Summary::from_postmortem(&pm);
            let entry = CacheEntry {
                stamp,
                summary: summary.clone(),
            };
            let indexed = Indexed {
                file,
                summary: Some(summary),
                error: None,
            };
            (indexed, Some(entry))
        }
        // A broken file is never cached: it is read again next time, and
        // what is still valid in it is salvaged.
        Err(err) => {
            let indexed = Indexed {
                summary: salvage(path, &text),
                error: Some(format!("{file}:{err}")),
                file,
            };
            (indexed, None)
        }
    }
}

/// What can still be read of a post-mortem the typed loader refuses: each
/// field on its own, each action item on its own. None when the text is
/// not YAML at all.
fn salvage(path: &Path, text: &str) -> Option<Summary> {
    use crate::model::{ActionItem, FollowUp};
    let value = crate::yaml::parse_value(text).ok()?;
    let map = value.as_mapping()?;
    let field = |key: &str| map.get(key);
    fn typed<T: serde::de::DeserializeOwned>(v: Option<&crate::yaml::Value>) -> Option<T> {
        crate::yaml::from_value(v?).ok()
    }
    let day = |v: Option<&crate::yaml::Value>| {
        v.and_then(|v| v.as_str())
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
    };
    let stem = crate::target::id_of(path);
    let date = day(field("date"))
        .or_else(|| NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok())
        .unwrap_or_default();
    let id: String = typed(field("id"))
        .filter(|s: &String| !s.is_empty())
        .unwrap_or(stem);
    let actions: Vec<ActionItem> = field("action_items")
        .and_then(|v| v.as_sequence())
        .map(|items| items.iter().filter_map(|item| typed(Some(item))).collect())
        .unwrap_or_default();
    let follow_up: FollowUp = typed(field("follow_up")).unwrap_or_else(|| {
        let part = |k: &str| day(field("follow_up").and_then(|f| f.get(k)));
        FollowUp {
            due: part("due"),
            held: part("held"),
            ..FollowUp::default()
        }
    });
    Some(Summary {
        title: typed(field("title")).unwrap_or_else(|| id.clone()),
        id,
        status: typed(field("status")).unwrap_or(Status::Draft),
        severity: typed(field("severity")).unwrap_or_else(|| "?".into()),
        date,
        services: typed(field("services")).unwrap_or_default(),
        tags: typed(field("tags")).unwrap_or_default(),
        authors: typed(field("authors")).unwrap_or_default(),
        actions: actions
            .into_iter()
            .map(|a| ActionSummary {
                id: a.id,
                title: a.title,
                owner: a.owner,
                due: a.due,
                status: a.status,
            })
            .collect(),
        review_due: follow_up.due,
        review_held: follow_up.held,
    })
}

fn read_cache(store: &Store, path: &Path) -> Cache {
    let Ok(Some(bytes)) = store.read_state(path, store::limits::MAX_STATE_BYTES) else {
        return Cache::default();
    };
    match postcard::from_bytes::<Cache>(&bytes) {
        Ok(cache) if cache.version == CACHE_VERSION => cache,
        _ => Cache::default(),
    }
}

fn write_cache(store: &Store, path: &Path, mut entries: HashMap<String, CacheEntry>) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    // Racy entries: the file could change again within the same timestamp.
    entries.retain(|_, e| now - e.stamp.mtime > RACY_NANOS && now - e.stamp.ctime > RACY_NANOS);
    let cache = Cache {
        version: CACHE_VERSION,
        entries,
    };
    // The cache is an optimisation: failing to write it (read-only clone)
    // only makes the next run slower.
    if let Ok(bytes) = postcard::to_stdvec(&cache) {
        store.write_state(path, &bytes).ok();
    }
}

/// The files the typed loader accepted exactly as they are now on disk:
/// the cache holds only files that loaded, each with the identity it had
/// when it was read (racy entries are never kept). `pm lint` asks it so as
/// not to run the loader again on a file that has not changed.
pub struct Accepted {
    entries: HashMap<String, Stamp>,
}

impl Accepted {
    pub fn load(store: &Store) -> Accepted {
        let cache = read_cache(store, &store.state_dir().join(CACHE_FILE));
        Accepted {
            entries: cache
                .entries
                .into_iter()
                .map(|(file, entry)| (file, entry.stamp))
                .collect(),
        }
    }

    /// Whether `path` (named `file`, relative to the root) is unchanged
    /// since the loader accepted it. Ask after reading the file: a change
    /// after the read then shows as a different identity.
    pub fn contains(&self, file: &str, path: &Path) -> bool {
        self.entries.get(file).is_some_and(|cached| {
            fs::symlink_metadata(path).is_ok_and(|meta| stamp(&meta) == *cached)
        })
    }
}

/// Hand the summaries back at the end of a command that is about to exit.
///
/// Freeing a hundred thousand small strings one by one costs a third of a
/// warm `pm due`; the operating system takes the whole heap back at exit
/// for free, so a command that is done with them lets them go unfreed.
pub fn release(summaries: Vec<Indexed>) {
    std::mem::forget(summaries);
}
