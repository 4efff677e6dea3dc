//! pm's cache files (`.git/pm/index.bin`, `.git/pm/lint.bin`): a header and
//! an rkyv archive, checked before anything in it is used.
//!
//! rkyv because the commands read a cache in place: a warm `pm due` touches
//! only the strings it prints, instead of decoding 10 MB into a hundred
//! thousand allocations first (a third of its time with postcard). A file
//! is read whole through the store (the same path checks as every other
//! read), not mapped: reading 10 MB costs a few milliseconds, and a buffer
//! cannot change under pm when another pm replaces the file.
//!
//! Header (64 bytes), then the archive:
//! - 0..8: the cache's name (`pm-index`, `pm-lints`);
//! - 8..16: the xxh3 hash of the archive, little-endian;
//! - 16..24: the archive's length;
//! - 24..32: a key the cache's owner chooses (the lint configuration's
//!   hash), so a cache made under other settings is not used;
//! - 32..64: the pm version and archive format that wrote it.
//!
//! A damaged file is never trusted: the header must match this build and
//! key, the length must be the file's, the hash must match (a flipped bit in
//! a title would otherwise pass for a valid title), and rkyv then checks
//! every offset and string of the archive before it is read. A file that
//! fails any check is ignored, and the same run rebuilds it.

use std::path::Path;

use anyhow::{Result, anyhow};
use rkyv::api::high::{HighSerializer, HighValidator};
use rkyv::bytecheck::CheckBytes;
use rkyv::ser::allocator::ArenaHandle;
use rkyv::util::AlignedVec;
use rkyv::{Archive, Portable, rancor};
use twox_hash::XxHash3_64;

use crate::store::{Store, limits};

const HEADER: usize = 64;
/// Bump when any archived type changes shape.
const FORMAT: u32 = 1;

/// Which pm wrote the file, padded to its field.
fn version_tag() -> [u8; HEADER - 32] {
    let mut tag = [b' '; HEADER - 32];
    let text = format!("pm {} archive {FORMAT}", env!("CARGO_PKG_VERSION"));
    let len = text.len().min(tag.len());
    tag[..len].copy_from_slice(&text.as_bytes()[..len]);
    tag
}

/// Header and archive of `value`, ready to write.
pub fn encode<T>(name: &[u8; 8], key: u64, value: &T) -> Result<AlignedVec>
where
    T: for<'a> rkyv::Serialize<HighSerializer<AlignedVec, ArenaHandle<'a>, rancor::Error>>,
{
    let archive = rkyv::to_bytes::<rancor::Error>(value)
        .map_err(|err| anyhow!("cannot build a cache file: {err}"))?;
    let mut bytes = AlignedVec::with_capacity(HEADER + archive.len());
    bytes.extend_from_slice(name);
    bytes.extend_from_slice(&XxHash3_64::oneshot(&archive).to_le_bytes());
    bytes.extend_from_slice(&(archive.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&version_tag());
    bytes.extend_from_slice(&archive);
    Ok(bytes)
}

/// The archive in `bytes`, as [`encode`] made them, kept in memory until
/// the process exits (pm's commands are short-lived, and the operating
/// system takes the heap back at exit at no cost).
pub fn keep<T>(name: &[u8; 8], key: u64, bytes: AlignedVec) -> Result<&'static T>
where
    T: Portable + for<'a> CheckBytes<HighValidator<'a, rancor::Error>>,
{
    let bytes: &'static AlignedVec = Box::leak(Box::new(bytes));
    check(name, key, bytes).ok_or_else(|| anyhow!("a cache file did not read back"))
}

fn check<'a, T>(name: &[u8; 8], key: u64, bytes: &'a [u8]) -> Option<&'a T>
where
    T: Portable + for<'b> CheckBytes<HighValidator<'b, rancor::Error>>,
{
    let header = bytes.get(..HEADER)?;
    let archive = &bytes[HEADER..];
    let word = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap_or_default());
    let valid = &header[..8] == name
        && word(8) == XxHash3_64::oneshot(archive)
        && word(16) == archive.len() as u64
        && word(24) == key
        && header[32..] == version_tag();
    if !valid {
        return None;
    }
    rkyv::access::<T, rancor::Error>(archive).ok()
}

/// The cache at `path` if it can be trusted: None when it is missing,
/// written by another pm or under another key, or damaged.
pub fn read<T>(store: &Store, path: &Path, name: &[u8; 8], key: u64) -> Option<&'static T>
where
    T: Portable + for<'a> CheckBytes<HighValidator<'a, rancor::Error>>,
{
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
    check(name, key, bytes)
}

/// The type an archive of `T` is read as.
pub type Archived<T> = <T as Archive>::Archived;
