//! The summary cache file, `.git/pm/index.bin` (see `archive.rs` for the
//! file format and why a damaged file is never trusted).

use std::path::Path;

use anyhow::Result;
use rkyv::util::AlignedVec;
use rkyv::{Archive, Deserialize, Serialize, rancor};

use super::Summary;
use crate::archive;
use crate::store::Store;

pub const FILE: &str = "index.bin";
const NAME: &[u8; 8] = b"pm-index";
/// What the summaries mean: bump when how a summary is made from a file
/// changes without the archived types changing shape, so caches made the
/// old way are rebuilt (1: a summary's id is its file's name; 2: a null
/// item of `services`, `tags` or `authors` is left out, not the text `null`).
const KEY: u64 = 2;

#[derive(Archive, Serialize, Deserialize)]
pub struct Cache {
    pub entries: Vec<Entry>,
}

#[derive(Archive, Serialize, Deserialize)]
pub struct Entry {
    /// Relative to the repository root, `/`-separated.
    pub file: String,
    pub stamp: Stamp,
    /// Whether the next run may use this entry without reading the file.
    pub trusted: bool,
    /// Everything, or what could be salvaged of a broken file.
    pub summary: Option<Summary>,
    /// Why the file could not be read fully.
    pub error: Option<String>,
}

/// A file's identity: any edit, checkout or pull changes one of these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Archive, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since the epoch.
    pub mtime: i64,
    pub ctime: i64,
    pub ino: u64,
}

impl ArchivedStamp {
    pub fn matches(&self, stamp: &Stamp) -> bool {
        self.size == stamp.size
            && self.mtime == stamp.mtime
            && self.ctime == stamp.ctime
            && self.ino == stamp.ino
    }
}

impl Entry {
    pub fn from_archived(archived: &ArchivedEntry) -> Entry {
        // Cannot fail: the archive was checked when it was read.
        rkyv::deserialize::<Entry, rancor::Error>(archived).unwrap_or_else(|_| Entry {
            file: archived.file.to_string(),
            stamp: Stamp::default(),
            trusted: false,
            summary: None,
            error: Some(format!("{}: cannot read its summary", archived.file)),
        })
    }
}

/// A new cache file, built a part at a time.
pub fn writer() -> archive::Writer {
    archive::Writer::new(NAME, KEY)
}

/// The parts of a file [`writer`] made.
pub fn access(bytes: AlignedVec) -> Result<Vec<&'static ArchivedCache>> {
    archive::keep(NAME, KEY, bytes)
}

/// The cache at `path` if it can be trusted.
pub fn read(store: &Store, path: &Path) -> Option<Vec<&'static ArchivedCache>> {
    archive::read(store, path, NAME, KEY)
}
