//! Summaries of every post-mortem, for the commands that read them all
//! (`pm list`, `pm due`, `pm action list`), with a cache.
//!
//! Parsing 10,000 YAML files takes about a second; the cache makes repeat
//! runs cost one `stat` per file. It lives in .git/pm/index.json (per clone,
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
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{ActionStatus, PostMortem, Status};
use crate::store::{self, Store};

const CACHE_FILE: &str = "index.json";
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

/// One file's outcome: its summary, or why it could not be read.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Relative to the repository root, `/`-separated.
    pub file: String,
    pub summary: Result<Summary, String>,
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
    let cache = read_cache(&cache_path);

    let results: Vec<(Indexed, Option<CacheEntry>, bool)> = files
        .par_iter()
        .map(|path| index_one(store, path, &cache))
        .collect();

    let changed =
        results.iter().any(|(_, _, fresh)| *fresh) || results.len() != cache.entries.len();
    let mut out = Vec::with_capacity(results.len());
    let mut entries = HashMap::with_capacity(results.len());
    for (indexed, entry, _) in results {
        if let Some(entry) = entry {
            entries.insert(indexed.file.clone(), entry);
        }
        out.push(indexed);
    }
    if changed {
        write_cache(&cache_path, entries);
    }
    Ok(out)
}

/// Returns the result, the cache entry to keep, and whether it was parsed now.
fn index_one(store: &Store, path: &Path, cache: &Cache) -> (Indexed, Option<CacheEntry>, bool) {
    let file = store.relative(path);
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            return (
                Indexed {
                    file: file.clone(),
                    summary: Err(format!("{file}: cannot read: {err}")),
                },
                None,
                true,
            );
        }
    };
    let stamp = stamp(&meta);
    if let Some(entry) = cache.entries.get(&file)
        && entry.stamp == stamp
    {
        return (
            Indexed {
                file,
                summary: Ok(entry.summary.clone()),
            },
            Some(entry.clone()),
            false,
        );
    }
    let summary = store
        .read_text(path)
        .map_err(|err| err.to_string())
        .and_then(|text| {
            store::parse_postmortem(&text)
                .map(|pm| Summary::from_postmortem(&pm))
                .map_err(|err| format!("{file}:{err}"))
        });
    let entry = summary.as_ref().ok().map(|summary| CacheEntry {
        stamp,
        summary: summary.clone(),
    });
    (Indexed { file, summary }, entry, true)
}

fn read_cache(path: &Path) -> Cache {
    let Ok(bytes) = fs::read(path) else {
        return Cache::default();
    };
    match serde_json::from_slice::<Cache>(&bytes) {
        Ok(cache) if cache.version == CACHE_VERSION => cache,
        _ => Cache::default(),
    }
}

fn write_cache(path: &Path, mut entries: HashMap<String, CacheEntry>) {
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
    if let Some(dir) = path.parent()
        && fs::create_dir_all(dir).is_err()
    {
        return;
    }
    // The cache is an optimisation: failing to write it (read-only clone)
    // only makes the next run slower.
    if let Ok(bytes) = serde_json::to_vec(&cache) {
        store::write_atomic(path, &bytes).ok();
    }
}

/// Path of the cache, for tests and docs.
pub fn cache_path(store: &Store) -> PathBuf {
    store.state_dir().join(CACHE_FILE)
}
