//! The summary cache file, `.git/pm/index.bin`.
//!
//! Layout: a 64-byte header, then an rkyv archive of [`Cache`].
//! - bytes 0..8: `pm-index`;
//! - 8..16: the xxh3 hash of the archive, little-endian;
//! - 16..24: the archive's length, little-endian;
//! - 24..64: the pm version and cache format that wrote it, space-padded.
//!
//! rkyv because the commands read summaries in place: a warm `pm due`
//! touches only the strings it prints, instead of decoding 10 MB into
//! a hundred thousand allocations first (a third of its time with
//! postcard). The archive is read whole into memory, not mapped: reading
//! 10 MB costs a few milliseconds, the read goes through the store's path
//! checks like every other, and a buffer cannot change under pm when
//! another pm replaces the file.
//!
//! A damaged file is never trusted: the header must match this build, the
//! length must be the file's, the hash must match (a flipped bit in a title
//! would otherwise pass for a valid title), and rkyv then checks every
//! offset and string of the archive before anything is read from it.
//! A file that fails any check is ignored, and rebuilt by the same run.

use std::path::Path;

use anyhow::{Result, anyhow};
use rkyv::util::AlignedVec;
use rkyv::{Archive, Deserialize, Serialize, rancor};
use twox_hash::XxHash3_64;

use super::Summary;
use crate::store::{Store, limits};

pub const FILE: &str = "index.bin";
const MAGIC: &[u8; 8] = b"pm-index";
const HEADER: usize = 64;
/// Bump when the archived types change shape.
const FORMAT: u32 = 2;

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

/// Which pm wrote the file, padded to its field.
fn version_tag() -> [u8; HEADER - 24] {
    let mut tag = [b' '; HEADER - 24];
    let text = format!("pm {} format {FORMAT}", env!("CARGO_PKG_VERSION"));
    let len = text.len().min(tag.len());
    tag[..len].copy_from_slice(&text.as_bytes()[..len]);
    tag
}

/// Header and archive, ready to write.
pub fn encode(entries: Vec<Entry>) -> Result<AlignedVec> {
    let archive = rkyv::to_bytes::<rancor::Error>(&Cache { entries })
        .map_err(|err| anyhow!("cannot build the summary cache: {err}"))?;
    let mut bytes = AlignedVec::with_capacity(HEADER + archive.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&XxHash3_64::oneshot(&archive).to_le_bytes());
    bytes.extend_from_slice(&(archive.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&version_tag());
    bytes.extend_from_slice(&archive);
    Ok(bytes)
}

/// The archive in `bytes` (as [`encode`] made them), checked, kept in
/// memory until the process exits.
pub fn access(bytes: AlignedVec) -> Result<&'static ArchivedCache> {
    let bytes: &'static AlignedVec = Box::leak(Box::new(bytes));
    check(bytes).ok_or_else(|| anyhow!("the summary cache did not read back"))
}

fn check(bytes: &[u8]) -> Option<&ArchivedCache> {
    let header = bytes.get(..HEADER)?;
    let archive = &bytes[HEADER..];
    let hash = u64::from_le_bytes(header[8..16].try_into().ok()?);
    let len = u64::from_le_bytes(header[16..24].try_into().ok()?);
    let valid = &header[..8] == MAGIC
        && header[24..] == version_tag()
        && len == archive.len() as u64
        && XxHash3_64::oneshot(archive) == hash;
    if !valid {
        return None;
    }
    rkyv::access::<ArchivedCache, rancor::Error>(archive).ok()
}

/// The cache at `path` if it can be trusted; None when it is missing,
/// written by another pm, or damaged.
pub fn read(store: &Store, path: &Path) -> Option<&'static ArchivedCache> {
    let bytes = store
        .read_state(path, limits::MAX_STATE_BYTES)
        .ok()
        .flatten()?;
    // The allocator aligns a buffer this large as the archive needs, so it
    // is used as it is; otherwise it is copied once.
    let bytes: &'static [u8] = if (bytes.as_ptr() as usize).is_multiple_of(16) {
        Vec::leak(bytes)
    } else {
        let mut aligned = AlignedVec::<16>::with_capacity(bytes.len());
        aligned.extend_from_slice(&bytes);
        Box::leak(Box::new(aligned))
    };
    check(bytes)
}
