//! The repository's write lock.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;

use super::paths::{self, Base};
use crate::error::UserError;

/// The repository's write lock: an OS file lock, so a killed pm never leaves
/// the repository locked for good (the OS drops the lock with the process).
pub struct RepoLock {
    file: File,
}

impl RepoLock {
    /// Take the lock in `path` (below `base`), waiting up to `wait` for
    /// another pm to release it.
    pub(super) fn acquire(base: &Base, path: &Path, wait: Duration) -> Result<RepoLock> {
        let mut file = paths::open_for_update(base, path)?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(UserError::new(format!(
                        "another pm has held the lock {} for {}s",
                        base.show(path),
                        wait.as_secs()
                    ))
                    .hint("wait for it to finish and try again")
                    .into());
                }
                Err(fs::TryLockError::Error(err)) => {
                    return Err(
                        UserError::new(format!("cannot lock {}: {err}", base.show(path))).into(),
                    );
                }
            }
        }
        // A pid left in the file means the last holder died before it could
        // clear it; the OS already released its lock, so say so and go on.
        let mut previous = String::new();
        use std::io::{Read, Seek};
        file.read_to_string(&mut previous).ok();
        if let Ok(pid) = previous.trim().parse::<u32>()
            && pid != std::process::id()
        {
            crate::output::note(&format!(
                "note: cleared a stale lock left by pm process {pid}, which did not finish"
            ));
        }
        file.set_len(0).ok();
        file.seek(std::io::SeekFrom::Start(0)).ok();
        write!(file, "{}", std::process::id()).ok();
        Ok(RepoLock { file })
    }
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        self.file.set_len(0).ok();
        self.file.unlock().ok();
    }
}

/// A lock one `pm edit` session holds on a post-mortem's draft while its
/// editor is open, so that a second session does not resume (and save) a
/// draft the first is still writing.
pub struct DraftLock {
    _file: File,
}

impl DraftLock {
    /// Take the lock in `path` (below `base`) now, or None when another
    /// session holds it.
    pub(super) fn try_acquire(base: &Base, path: &Path) -> Result<Option<DraftLock>> {
        let file = paths::open_for_update(base, path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(DraftLock { _file: file })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(err)) => {
                Err(UserError::new(format!("cannot lock {}: {err}", base.show(path))).into())
            }
        }
    }
}

/// Whether process `pid` exists (it may belong to another user). The one
/// check of pids left in pm's files: the commit marker, private indexes
/// and temporary files.
pub fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks that the process exists; EPERM means it does.
    // SAFETY: kill with signal 0 sends nothing and touches no memory.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
