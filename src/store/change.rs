//! One change to the repository: files written and committed together, or
//! not at all. An error from here means nothing was changed: when the
//! commit fails, the files are put back as they were (a new file is
//! removed) and `Git::commit` has put git's index back.

use std::path::PathBuf;

use anyhow::Result;

use super::limits;
use super::paths::{self, Base};
use crate::error::UserError;
use crate::git::Git;

/// Write `files` (below `base`, each at most `limit` bytes) and, with
/// `git`, commit them with `message`. Every check runs before anything is
/// written: the limit, the path rules, and that git has no changes to
/// these files that pm did not make.
pub fn write_and_commit(
    base: &Base,
    git: Option<&Git>,
    files: &[(PathBuf, &[u8])],
    limit: usize,
    message: &str,
    journal: Option<&Journal>,
) -> Result<()> {
    if let (Some(git), Some(journal)) = (git, journal) {
        journal.recover(git)?;
    }
    for (path, bytes) in files {
        if let Some(why) = limits::too_large(bytes.len(), limit) {
            return Err(UserError::new(format!(
                "{}: the new text would be {why}",
                base.show(path)
            ))
            .hint("nothing was changed")
            .into());
        }
        paths::prepare_write(base, path)?;
    }
    let targets: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    if let Some(git) = git {
        git.check_clean(&targets)?;
    }
    // What is there now, to put back if the commit fails.
    let mut before = Vec::with_capacity(files.len());
    for (path, _) in files {
        before.push(paths::read_if_exists(base, path, limits::MAX_STATE_BYTES)?);
    }
    // The old files keep a second name in pm's state folder, inside git's
    // folder, where no commit hook's `git add` can see them.
    let mut aside_in = None;
    if let (Some(_), Some(journal)) = (git, journal) {
        journal.begin(files, message)?;
        aside_in = journal.path.parent();
    }
    let before: Vec<Before> = files
        .iter()
        .zip(before)
        .map(|((path, _), bytes)| Before::keep(base, path, bytes, aside_in))
        .collect();
    let tracked = |p: &std::path::Path| git.is_some_and(|git| git.tracks(p));
    for (i, (path, bytes)) in files.iter().enumerate() {
        paths::remove_stale_temps(base, path, tracked);
        // In the folder opened from the base, never through a link, even
        // one swapped in since the checks above.
        if let Err(err) = paths::write_checked(base, path, bytes) {
            if let Some(journal) = journal {
                journal.end();
            }
            Before::drop_all(&before[i..]);
            return Err(put_back(base, &targets[..i], &before[..i], err));
        }
    }
    let Some(git) = git else {
        Before::drop_all(&before);
        crate::output::mark_changed();
        return Ok(());
    };
    // A commit a hook then undid is made all the same: the files stay as
    // pm wrote them (or as pm wrote them back), and the error says so.
    let wrote: Vec<&[u8]> = files.iter().map(|(_, bytes)| *bytes).collect();
    let committed = git.commit(&targets, &wrote, message).map_err(|err| {
        if git.made_commit() {
            err
        } else {
            put_back(base, &targets, &before, err)
        }
    });
    Before::drop_all(&before);
    // A commit git's index could not be brought in line with keeps its
    // journal: the next pm puts the index back (see `Journal::recover`).
    if let Some(journal) = journal
        && !(committed.is_ok() && git.index_behind())
    {
        journal.end();
    }
    if committed.is_ok() || git.made_commit() {
        crate::output::mark_changed();
    }
    committed
}

/// What a writer is about to commit, kept in pm's state folder from just
/// before the files are written until the commit is made, so that when a
/// pm is killed between the two, the next pm finishes its commit (the
/// person's words are kept, under the message they were written with)
/// instead of refusing a file with changes that pm itself made.
pub struct Journal {
    /// Where the files are (the repository root).
    pub root: Base,
    /// Where the journal is (pm's state folder).
    pub base: Base,
    pub path: PathBuf,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Pending {
    pid: u32,
    message: String,
    /// Each file and the git blob id of the text pm wrote to it.
    files: Vec<(PathBuf, String)>,
}

impl Journal {
    fn begin(&self, files: &[(PathBuf, &[u8])], message: &str) -> Result<()> {
        let pending = Pending {
            pid: std::process::id(),
            message: message.to_string(),
            files: files
                .iter()
                .map(|(path, bytes)| (path.clone(), blob_id(bytes)))
                .collect(),
        };
        let text = serde_json::to_vec(&pending)?;
        paths::write(&self.base, &self.path, &text, limits::MAX_STATE_BYTES)
    }

    fn end(&self) {
        std::fs::remove_file(&self.path).ok();
    }

    /// Finish the commit of a pm that was killed after writing its files:
    /// the files that still hold exactly what it wrote, and differ from
    /// what is committed, are committed with its message. A file whose
    /// change HEAD already holds is done (the pm was killed, or found git's
    /// index locked, after its commit through git): its index entry is put
    /// back to HEAD's if it still holds the staged revert, and the command
    /// goes on. Runs under the repository lock, so the pm that wrote the
    /// journal is gone.
    fn recover(&self, git: &Git) -> Result<()> {
        let Ok(Some(bytes)) =
            paths::read_if_exists(&self.base, &self.path, limits::MAX_STATE_BYTES)
        else {
            return Ok(());
        };
        let Ok(pending) = serde_json::from_slice::<Pending>(&bytes) else {
            self.end();
            return Ok(());
        };
        let mut done = Vec::new();
        let mut unfinished = Vec::new();
        let mut holding = Vec::new();
        for (path, id) in &pending.files {
            if git.head_blob(path).as_ref() == Some(id) {
                done.push(path.clone());
            } else if let Ok(Some(now)) =
                paths::read_if_exists(&self.root, path, limits::MAX_FILE_BYTES)
                && blob_id(&now) == *id
            {
                unfinished.push(path.clone());
                holding.push(now);
            }
        }
        let subject = pending.message.lines().next().unwrap_or("");
        // Before anything else: a failure leaves the journal for next time.
        let mended = git.settle(&done)?;
        if !mended.is_empty() {
            crate::output::note(&format!(
                "note: put git's index back in line with the commit of pm process {} ({subject}), which could not do it itself",
                pending.pid
            ));
        }
        if !unfinished.is_empty() {
            let wrote: Vec<&[u8]> = holding.iter().map(Vec::as_slice).collect();
            git.commit(&unfinished, &wrote, &pending.message)?;
            crate::output::note(&format!(
                "note: committed the change of pm process {}, which was stopped before it could commit ({subject})",
                pending.pid
            ));
        }
        self.end();
        Ok(())
    }
}

/// The git blob id of some bytes, as git would store them.
fn blob_id(bytes: &[u8]) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// A file as it was before pm wrote it, to put back if the commit fails.
struct Before {
    bytes: Option<Vec<u8>>,
    /// The old file itself under a second name ([`paths::keep_aside`]),
    /// when the file system allows: put back by a rename, it needs no free
    /// space, and a commit fails most often for want of it.
    aside: Option<PathBuf>,
}

impl Before {
    /// `path` as it is, `bytes`, and (when `aside_in` is given and the file
    /// system allows) the file itself under a second name in `aside_in`.
    fn keep(
        base: &Base,
        path: &std::path::Path,
        bytes: Option<Vec<u8>>,
        aside_in: Option<&std::path::Path>,
    ) -> Before {
        let aside = aside_in
            .filter(|_| bytes.is_some())
            .and_then(|dir| paths::keep_aside(base, path, dir));
        Before { bytes, aside }
    }

    /// Put `path` back as it was.
    fn restore(&self, base: &Base, path: &std::path::Path) -> Result<()> {
        if let Some(aside) = &self.aside
            && paths::put_aside_back(base, aside, path).is_ok()
        {
            return Ok(());
        }
        match &self.bytes {
            Some(bytes) => paths::write_checked(base, path, bytes),
            None => paths::remove(base, path),
        }
    }

    /// Remove the second names of files that stay as pm wrote them (or that
    /// a rename already put back).
    fn drop_all(all: &[Before]) {
        for aside in all.iter().filter_map(|b| b.aside.as_ref()) {
            std::fs::remove_file(aside).ok();
        }
    }
}

/// Put files back as they were after `err`, and say so in the error.
fn put_back(
    base: &Base,
    targets: &[PathBuf],
    before: &[Before],
    err: anyhow::Error,
) -> anyhow::Error {
    let mut failed = Vec::new();
    for (path, old) in targets.iter().zip(before) {
        if old.restore(base, path).is_err() {
            failed.push(path.display().to_string());
        }
    }
    Before::drop_all(before);
    let hint = if failed.is_empty() {
        "nothing was changed: the files and git's index are as they were".to_string()
    } else {
        format!(
            "and these could not be put back as they were: {}; check them with `git status`",
            failed.join(", ")
        )
    };
    let mut user = match err.downcast::<UserError>() {
        Ok(user) => user,
        Err(other) => UserError::new(format!("git commit failed: {other:#}")),
    };
    if failed.is_empty() {
        if !user.hints.iter().any(|h| h.contains("nothing was changed")) {
            user = user.hint(hint);
        }
    } else {
        // Whatever was said before, something did change: say what.
        user.hints.retain(|h| !h.contains("nothing was changed"));
        user = user.hint(hint);
    }
    user.into()
}
