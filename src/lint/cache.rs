//! Findings of `pm lint` over the whole repository, kept in
//! `.git/pm/lint.bin` for the next run.
//!
//! Keyed by file content: each entry holds a file's path, its identity
//! (size, times, inode, as for the summary cache), the xxh3 hash of its
//! bytes and its findings. A file whose identity is unchanged is not read
//! again; one whose identity changed is read and hashed, and linted only if
//! its bytes changed (after a checkout, or in a fresh clone of a
//! repository whose cache was copied, unchanged files keep their findings).
//! The whole file is keyed by pm's version (in the archive header, see
//! `archive.rs`), by the linter's sources and by the configuration pm.yaml
//! gives (their hash is the archive's key), so a new pm, changed rules or
//! new lint settings lint everything again.
//! A file modified within two seconds of the cache being written is read
//! again next time (the "racy" case of the summary cache).

use anyhow::Result;
use rkyv::{Archive, Deserialize, Serialize};
use twox_hash::XxHash3_64;

use super::{Finding, Severity};
use crate::archive;
use crate::config::Config;
use crate::index::Stamp;
use crate::store::Store;

pub const FILE: &str = "lint.bin";
const NAME: &[u8; 8] = b"pm-lints";

#[derive(Archive, Serialize, Deserialize)]
pub struct Cache {
    /// In path order.
    pub entries: Vec<Entry>,
}

#[derive(Clone, Archive, Serialize, Deserialize)]
pub struct Entry {
    /// Relative to the repository root, `/`-separated.
    pub file: String,
    pub stamp: Stamp,
    /// Whether the next run may use this entry without reading the file.
    pub trusted: bool,
    /// The xxh3 hash of the file's bytes.
    pub content: u64,
    pub findings: Vec<Cached>,
}

/// A [`Finding`] without its file, which is the entry's.
#[derive(Clone, Archive, Serialize, Deserialize)]
pub struct Cached {
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    pub rule: String,
    pub severity: u8,
    pub message: String,
    pub suggestion: Option<String>,
    pub source_line: String,
    pub matched: Option<String>,
}

impl From<&Finding> for Cached {
    fn from(f: &Finding) -> Cached {
        Cached {
            line: f.line as u64,
            column: f.column as u64,
            end_line: f.end_line as u64,
            end_column: f.end_column as u64,
            rule: f.rule.clone(),
            severity: f.severity as u8,
            message: f.message.clone(),
            suggestion: f.suggestion.clone(),
            source_line: f.source_line.clone(),
            matched: f.matched.clone(),
        }
    }
}

impl ArchivedCached {
    pub fn finding(&self, file: &str) -> Finding {
        Finding {
            file: file.to_string(),
            line: self.line.to_native() as usize,
            column: self.column.to_native() as usize,
            end_line: self.end_line.to_native() as usize,
            end_column: self.end_column.to_native() as usize,
            rule: self.rule.to_string(),
            severity: match self.severity {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => Severity::Info,
            },
            message: self.message.to_string(),
            suggestion: self.suggestion.as_ref().map(|s| s.to_string()),
            source_line: self.source_line.to_string(),
            matched: self.matched.as_ref().map(|s| s.to_string()),
        }
    }
}

impl ArchivedEntry {
    pub fn findings(&self, file: &str) -> Vec<Finding> {
        self.findings.iter().map(|f| f.finding(file)).collect()
    }
}

impl Entry {
    /// An owned copy of an entry read from the cache (None if it cannot be
    /// read back, which a checked archive never gives).
    pub fn from_archived(archived: &ArchivedEntry) -> Option<Entry> {
        rkyv::deserialize::<Entry, rkyv::rancor::Error>(archived).ok()
    }

    pub fn new(file: String, stamp: Stamp, content: u64, findings: &[Finding]) -> Entry {
        Entry {
            file,
            stamp,
            trusted: true,
            content,
            findings: findings.iter().map(Cached::from).collect(),
        }
    }
}

/// The hash of a file's bytes, as entries keep it.
pub fn content_hash(bytes: &[u8]) -> u64 {
    XxHash3_64::oneshot(bytes)
}

/// The key of the configuration: lint settings, people and everything else
/// pm.yaml says, as read, and the linter this build holds (a hash of
/// src/lint made by build.rs), so a development build whose rules changed
/// under the same version lints everything again.
pub fn key(config: &Config) -> u64 {
    let linter = env!("PM_LINT_SOURCE_HASH");
    XxHash3_64::oneshot(format!("{linter} {config:?}").as_bytes())
}

fn path(store: &Store) -> std::path::PathBuf {
    store.state_dir().join(FILE)
}

/// The cache's parts, if it can be trusted for this configuration.
pub fn read(store: &Store, key: u64) -> Option<Vec<&'static ArchivedCache>> {
    archive::read(store, &path(store), NAME, key)
}

/// A new cache file, built a part at a time.
pub fn writer(key: u64) -> archive::Writer {
    archive::Writer::new(NAME, key)
}

/// Replace the cache. Failing to write it (a read-only clone) only makes
/// the next run slower.
pub fn write(store: &Store, writer: archive::Writer) -> Result<()> {
    store.write_state(&path(store), &writer.finish())
}
