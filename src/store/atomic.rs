//! Atomic writes, and the temporary files a killed writer leaves behind.

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::Result;

use super::folder::{Folder, TEMP_PREFIX, TEMP_SUFFIX, WriteError};
use super::lock::alive;
use crate::error::UserError;

/// How old a temporary file without a pid (from a pm before pids were
/// in the names) must be before it is taken for a killed writer's: no
/// write takes that long.
const PIDLESS_STALE_AFTER: Duration = Duration::from_secs(60);

/// Replace `path` with `contents` atomically: a temporary file in the same
/// folder, flushed to disk, then renamed over the old one. A crash at any
/// point leaves either the old file or the new one, never a mix. The
/// folder is opened by name, links followed: for pm's own state in git's
/// folder. A file in the repository is written with [`write_in`] to a
/// folder opened by `paths`, never through a link.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let folder = Folder::open(dir).map_err(|err| {
        UserError::new(format!("cannot write in {}: {err}", dir.display()))
            .hint("check that the folder exists and is writable; nothing was changed")
    })?;
    let name = path.file_name().unwrap_or(path.as_os_str());
    write_in(&folder, name, contents, true, &path.display().to_string())
}

/// Replace `path` with `contents` as [`write_atomic`] does (a reader never
/// sees half a file, and a symlink in its place is replaced, not
/// followed), for files pm writes again from the repository on its next
/// run (`pm site`'s pages): not flushed to disk one by one, so that ten
/// thousand pages stay fast, and an error does not claim that nothing
/// was changed, as the files before it were written.
pub fn write_regenerable(folder: &Folder, name: &str, contents: &[u8]) -> Result<()> {
    let shown = folder.path().join(name).display().to_string();
    write_in(folder, OsStr::new(name), contents, false, &shown)
}

/// Replace the file `name` in the open `folder` with `contents`
/// ([`Folder::write`]), flushed to disk when `durable`; `shown` names it
/// in messages. The temporary file is removed on any failure.
pub fn write_in(
    folder: &Folder,
    name: &OsStr,
    contents: &[u8],
    durable: bool,
    shown: &str,
) -> Result<()> {
    let unchanged = if durable { "; nothing was changed" } else { "" };
    folder.write(name, contents, durable).map_err(|err| {
        match err {
            WriteError::Create(err) => UserError::new(format!(
                "cannot write in {}: {err}",
                folder.path().display()
            ))
            .hint(format!(
                "check that the folder exists and is writable{unchanged}"
            )),
            WriteError::Write(err) => UserError::new(format!("cannot write {shown}: {err}"))
                .hint(format!("is the disk full?{unchanged}")),
            WriteError::Replace(err) => {
                let error = UserError::new(format!("cannot replace {shown}: {err}"));
                if durable {
                    error.hint("nothing was changed")
                } else {
                    error
                }
            }
        }
        .into()
    })
}

/// Remove the temporary files a writer killed between creating and renaming
/// them left in `dir`: those whose pid names a process that is gone (a
/// live one may be writing it now, with or without the repository lock),
/// and pid-less ones of an older pm once they are a minute old, but none
/// that `keep` says to keep (a file git tracks is no temporary file, even
/// with such a name). Returns how many were removed.
pub fn remove_stale_temps(dir: &Path, keep: impl Fn(&Path) -> bool) -> usize {
    match Folder::open(dir) {
        Ok(folder) => remove_stale_temps_in(&folder, keep),
        Err(_) => 0,
    }
}

/// [`remove_stale_temps`] in an open folder: the files are looked at and
/// removed in it, whatever its name leads to meanwhile.
pub fn remove_stale_temps_in(folder: &Folder, keep: impl Fn(&Path) -> bool) -> usize {
    let Ok(names) = folder.names() else {
        return 0;
    };
    let mut removed = 0;
    for name in names {
        let Some(text) = name.to_str() else { continue };
        let Some(middle) = text
            .strip_prefix(TEMP_PREFIX)
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        if folder.kind(&name).ok().flatten() != Some(rustix::fs::FileType::RegularFile) {
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
            None => folder
                .modified(&name)
                .and_then(|at| SystemTime::now().duration_since(at).ok())
                .is_some_and(|age| age >= PIDLESS_STALE_AFTER),
        };
        if stale && !keep(&folder.path().join(&name)) && folder.remove(&name).is_ok() {
            removed += 1;
        }
    }
    removed
}
