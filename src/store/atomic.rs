//! Atomic writes, and the temporary files a killed writer leaves behind.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::error::UserError;

/// Temporary files are named `.pm-XXXXXX.tmp`, in the folder of the file
/// they replace.
const TEMP_PREFIX: &str = ".pm-";
const TEMP_SUFFIX: &str = ".tmp";

/// Replace `path` with `contents` atomically: a temporary file in the same
/// folder, flushed to disk, then renamed over the old one. A crash at any
/// point leaves either the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let shown = path.display();
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|err| {
            UserError::new(format!("cannot write in {}: {err}", dir.display()))
                .hint("check that the folder exists and is writable; nothing was changed")
        })?;
    tmp.write_all(contents)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|err| {
            UserError::new(format!("cannot write {shown}: {err}"))
                .hint("is the disk full? nothing was changed")
        })?;
    if let Ok(meta) = fs::metadata(path) {
        // Keep the permissions a person gave the file.
        fs::set_permissions(tmp.path(), meta.permissions()).ok();
    } else {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644)).ok();
    }
    tmp.persist(path).map_err(|err| {
        UserError::new(format!("cannot replace {shown}: {}", err.error)).hint("nothing was changed")
    })?;
    if let Ok(dir) = File::open(dir) {
        dir.sync_all().ok();
    }
    Ok(())
}

/// Remove the temporary files a writer killed between creating and renaming
/// them left in `dir`. Only called while holding the repository lock, so no
/// other pm is writing there. Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_temp = name.starts_with(TEMP_PREFIX)
            && name.ends_with(TEMP_SUFFIX)
            && entry.file_type().is_ok_and(|t| t.is_file());
        if is_temp && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}
