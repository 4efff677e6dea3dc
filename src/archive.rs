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
//! Header (64 bytes), then the archive in parts:
//! - 0..8: the cache's name (`pm-index`, `pm-lints`);
//! - 8..16: the xxh3 hash of everything after the header, little-endian;
//! - 16..24: the length of everything after the header;
//! - 24..32: a key the cache's owner chooses (the lint configuration's
//!   hash), so a cache made under other settings is not used;
//! - 32..64: the pm version and archive format that wrote it;
//! - then each part: its length (8 bytes), 8 bytes of padding, and an rkyv
//!   archive, padded to a multiple of 16 bytes.
//!
//! Parts keep memory down: a cache is built a few thousand files at a time,
//! each part archived as soon as its files are read, instead of holding
//! every file's summary and the archive of them all at once (at 50,000
//! post-mortems that alone was over 250 MB).
//!
//! A damaged file is never trusted: the header must match this build and
//! key, the length must be the file's, the hash must match (a flipped bit in
//! a title would otherwise pass for a valid title), and rkyv then checks
//! every offset and string of each part before it is read. A file that
//! fails any check is ignored, and the same run rebuilds it.

use std::path::Path;

use anyhow::{Result, anyhow};
use rayon::prelude::*;
use rkyv::api::high::{HighSerializer, HighValidator};
use rkyv::bytecheck::CheckBytes;
use rkyv::ser::allocator::ArenaHandle;
use rkyv::util::AlignedVec;
use rkyv::{Portable, rancor};
use twox_hash::XxHash3_64;

use crate::store::{Store, limits};

const HEADER: usize = 64;
/// Bump when any archived type changes shape.
const FORMAT: u32 = 3;

/// Which pm wrote the file, padded to its field.
fn version_tag() -> [u8; HEADER - 32] {
    let mut tag = [b' '; HEADER - 32];
    let text = format!("pm {} archive {FORMAT}", env!("CARGO_PKG_VERSION"));
    let len = text.len().min(tag.len());
    tag[..len].copy_from_slice(&text.as_bytes()[..len]);
    tag
}

/// A cache file being built, part by part.
pub struct Writer {
    bytes: AlignedVec,
}

impl Writer {
    pub fn new(name: &[u8; 8], key: u64) -> Writer {
        let mut bytes = AlignedVec::new();
        bytes.extend_from_slice(name);
        bytes.extend_from_slice(&[0; 16]);
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&version_tag());
        Writer { bytes }
    }

    /// Archive `value` as the next part.
    pub fn part<T>(&mut self, value: &T) -> Result<()>
    where
        T: for<'a> rkyv::Serialize<HighSerializer<AlignedVec, ArenaHandle<'a>, rancor::Error>>,
    {
        let at = self.bytes.len();
        self.bytes.extend_from_slice(&[0; 16]);
        let start = self.bytes.len();
        // Serialised in place: parts start at multiples of 16, so the
        // archive's alignment is the same as in a buffer of its own.
        let bytes = std::mem::take(&mut self.bytes);
        self.bytes = rkyv::api::high::to_bytes_in::<_, rancor::Error>(value, bytes)
            .map_err(|err| anyhow!("cannot build a cache file: {err}"))?;
        let len = (self.bytes.len() - start) as u64;
        self.bytes[at..at + 8].copy_from_slice(&len.to_le_bytes());
        while !self.bytes.len().is_multiple_of(16) {
            self.bytes.push(0);
        }
        Ok(())
    }

    /// The file's bytes, ready to write.
    pub fn finish(mut self) -> AlignedVec {
        let body = &self.bytes[HEADER..];
        let hash = XxHash3_64::oneshot(body);
        let len = body.len() as u64;
        self.bytes[8..16].copy_from_slice(&hash.to_le_bytes());
        self.bytes[16..24].copy_from_slice(&len.to_le_bytes());
        self.bytes
    }
}

/// The parts of a file a [`Writer`] made, kept in memory until the process
/// exits (pm's commands are short-lived, and the operating system takes the
/// heap back at exit at no cost).
pub fn keep<T>(name: &[u8; 8], key: u64, bytes: AlignedVec) -> Result<Vec<&'static T>>
where
    T: Portable + Sync + for<'a> CheckBytes<HighValidator<'a, rancor::Error>>,
{
    let bytes: &'static AlignedVec = Box::leak(Box::new(bytes));
    check(name, key, bytes).ok_or_else(|| anyhow!("a cache file did not read back"))
}

fn check<'a, T>(name: &[u8; 8], key: u64, bytes: &'a [u8]) -> Option<Vec<&'a T>>
where
    T: Portable + Sync + for<'b> CheckBytes<HighValidator<'b, rancor::Error>>,
{
    let header = bytes.get(..HEADER)?;
    let body = &bytes[HEADER..];
    let word = |b: &[u8], at: usize| {
        b.get(at..at + 8)
            .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
    };
    let valid = &header[..8] == name
        && word(header, 8)? == XxHash3_64::oneshot(body)
        && word(header, 16)? == body.len() as u64
        && word(header, 24)? == key
        && header[32..] == version_tag();
    if !valid {
        return None;
    }
    let mut parts = Vec::new();
    let mut at = HEADER;
    while at < bytes.len() {
        let len = usize::try_from(word(bytes, at)?).ok()?;
        let start = at + 16;
        parts.push(bytes.get(start..start.checked_add(len)?)?);
        at = (start + len).next_multiple_of(16);
    }
    // Each part checked on its own core.
    parts
        .into_par_iter()
        .map(|part| rkyv::access::<T, rancor::Error>(part).ok())
        .collect()
}

/// The parts of the cache at `path` if it can be trusted: None when it is
/// missing, written by another pm or under another key, or damaged.
pub fn read<T>(store: &Store, path: &Path, name: &[u8; 8], key: u64) -> Option<Vec<&'static T>>
where
    T: Portable + Sync + for<'a> CheckBytes<HighValidator<'a, rancor::Error>>,
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
