//! Atomic writes, and the temporary files a killed writer leaves behind.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::Result;

use super::lock::alive;
use crate::error::UserError;

/// Temporary files are named `.pm-PID-XXXXXX.tmp`, in the folder of the
/// file they replace: the writer's pid, so that two pm processes never
/// share a name, and the clean-up of one never takes a file another is
/// still writing (the caches in git's folder are written without the
/// repository lock).
const TEMP_PREFIX: &str = ".pm-";
const TEMP_SUFFIX: &str = ".tmp";

/// How old a temporary file without a pid (from a pm before pids were
/// in the names) must be before it is taken for a killed writer's: no
/// write takes that long.
const PIDLESS_STALE_AFTER: Duration = Duration::from_secs(60);

/// Replace `path` with `contents` atomically: a temporary file in the same
/// folder, flushed to disk, then renamed over the old one. A crash at any
/// point leaves either the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    replace(path, contents, true)
}

/// Replace `path` with `contents` as [`write_atomic`] does (a reader never
/// sees half a file, and a symlink in its place is replaced, not
/// followed), for files pm writes again from the repository on its next
/// run (`pm site`'s pages): not flushed to disk one by one, so that ten
/// thousand pages stay fast, and an error does not claim that nothing
/// was changed, as the files before it were written.
pub fn write_regenerable(path: &Path, contents: &[u8]) -> Result<()> {
    replace(path, contents, false)
}

fn replace(path: &Path, contents: &[u8], durable: bool) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let shown = path.display();
    let unchanged = if durable { "; nothing was changed" } else { "" };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|err| {
            UserError::new(format!("cannot write in {}: {err}", dir.display())).hint(format!(
                "check that the folder exists and is writable{unchanged}"
            ))
        })?;
    tmp.write_all(contents)
        .and_then(|_| {
            if durable {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .map_err(|err| {
            UserError::new(format!("cannot write {shown}: {err}"))
                .hint(format!("is the disk full?{unchanged}"))
        })?;
    if let Ok(meta) = fs::metadata(path) {
        // Keep the permissions a person gave the file.
        fs::set_permissions(tmp.path(), meta.permissions()).ok();
    } else {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644)).ok();
    }
    tmp.persist(path).map_err(|err| {
        let error = UserError::new(format!("cannot replace {shown}: {}", err.error));
        if durable {
            error.hint("nothing was changed")
        } else {
            error
        }
    })?;
    if durable && let Ok(dir) = File::open(dir) {
        dir.sync_all().ok();
    }
    Ok(())
}

/// A second name for the file at `path`: a hard link in folder `dir`,
/// named as a temporary file of this process (so that, if pm is killed,
/// the next clean-up of that folder removes it). The file can then be put
/// back after `path` is replaced ([`put_aside_back`]) without writing a
/// byte: writing it back fails when the disk is full, which is when a
/// commit fails too. None when there is no file, or no hard link can be
/// made there (another file system, or one without hard links).
pub fn keep_aside(path: &Path, dir: &Path) -> Option<PathBuf> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    for _ in 0..8 {
        // Six letters and digits, as tempfile's names have.
        let mut n = seed
            ^ NEXT
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let letters: String = (0..6)
            .map(|_| {
                let c = b"abcdefghijklmnopqrstuvwxyz0123456789"[(n % 36) as usize];
                n /= 36;
                char::from(c)
            })
            .collect();
        let aside = dir.join(format!(
            "{TEMP_PREFIX}{}-{letters}{TEMP_SUFFIX}",
            std::process::id()
        ));
        match fs::hard_link(path, &aside) {
            Ok(()) => return Some(aside),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

/// Put the file [`keep_aside`] kept back at `path`, in one rename.
pub fn put_aside_back(aside: &Path, path: &Path) -> std::io::Result<()> {
    fs::rename(aside, path)?;
    if let Some(dir) = path.parent()
        && let Ok(dir) = File::open(dir)
    {
        dir.sync_all().ok();
    }
    Ok(())
}

/// Remove the temporary files a writer killed between creating and renaming
/// them left in `dir`: those whose pid names a process that is gone (a
/// live one may be writing it now, with or without the repository lock),
/// and pid-less ones of an older pm once they are a minute old, but none
/// that `keep` says to keep (a file git tracks is no temporary file, even
/// with such a name). Returns how many were removed.
pub fn remove_stale_temps(dir: &Path, keep: impl Fn(&Path) -> bool) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        // Only names pm makes: `PID-XXXXXX`, or an older pm's `XXXXXX`
        // (tempfile's six random letters and digits). A person's
        // `.pm-notes.tmp` is not a temporary file of pm's.
        let random =
            |part: &str| part.len() == 6 && part.bytes().all(|b| b.is_ascii_alphanumeric());
        let pid = match middle.split_once('-') {
            // Digits only ("+5" would parse); empty or too large fails.
            Some((pid, rest)) if random(rest) && pid.bytes().all(|b| b.is_ascii_digit()) => {
                let Ok(pid) = pid.parse::<u32>() else {
                    continue;
                };
                Some(pid)
            }
            None if random(middle) => None,
            _ => continue,
        };
        let stale = match pid {
            Some(pid) => pid != std::process::id() && !alive(pid),
            None => meta
                .modified()
                .ok()
                .and_then(|at| SystemTime::now().duration_since(at).ok())
                .is_some_and(|age| age >= PIDLESS_STALE_AFTER),
        };
        if stale && !keep(&entry.path()) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}
