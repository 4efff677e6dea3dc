//! Commits: exactly the files pm changed, nothing else, all or nothing.
//!
//! The commit's tree is HEAD's tree with pm's files replaced, and only those
//! paths are updated in the index, so whatever else a person has staged or
//! modified stays as it was.
//!
//! pm commits in one of two ways:
//! - through libgit2 (no process to start), when the repository neither
//!   signs commits nor has commit hooks;
//! - through the `git` binary, when `commit.gpgsign` is on (libgit2 cannot
//!   sign) or the repository has a `pre-commit`, `prepare-commit-msg`,
//!   `commit-msg`, `post-commit` or `reference-transaction` hook (in
//!   `core.hooksPath` or `.git/hooks`), so that hooks run exactly as for
//!   `git commit` and a hook that refuses the commit refuses pm's change.
//!
//! Through git, pm commits from a private index (`.git/pm-index.PID`,
//! HEAD plus pm's files) with `GIT_INDEX_FILE` pointing at it, and plain
//! `git commit` (no `--only`, no pathspec). The hooks inherit that index,
//! so a hook's `git add` (a formatter's fix, a generated file, a submodule
//! bump) goes into pm's commit exactly as it would into a person's
//! `git commit`, and a post-commit hook sees the commit that stays. The
//! person's own index is not touched until the commit is made: a refused
//! commit only deletes the private index. After the commit, the real
//! index is set to HEAD for every path the commit changed (`git reset -q
//! HEAD -- PATHS`, which handles deletions and gitlinks), so no staged
//! revert is ever left; files a hook added are named in a note. pm never
//! makes a second commit behind the hooks' backs. (The earlier design,
//! `git commit --only` then remaking the commit without the hook's files,
//! left staged reverts, showed post-commit hooks a commit pm then threw
//! away, and failed on signing and submodules.)
//!
//! Then pm checks HEAD: pm's commit must be on HEAD's first-parent line
//! with the commit pm started from as its parent, and hold what pm wrote
//! (or what a formatter made of it, which the work tree then holds too).
//! When a hook moved HEAD back, or undid or removed pm's change, the
//! commit is made but pm names the hooks and fails ([`Git::made_commit`]
//! tells the caller not to put the files back); when the work tree lost
//! pm's text too, pm writes it back, so nothing typed is lost.
//!
//! When a commit fails, [`Git::commit`] leaves git's index as it was;
//! the caller (`store::change`) puts the files back, so an error means
//! nothing was changed.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;
use git2::{IndexEntry, Repository, Signature};

use crate::error::UserError;
use crate::store::lock::alive;

/// The hooks `git commit` runs.
const HOOKS: &[&str] = &[
    "pre-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    // Can refuse the branch's move (`git commit` honours it).
    "reference-transaction",
];

/// How long pm waits for another git process to release its locks.
const LOCK_WAIT: Duration = Duration::from_secs(2);

pub struct Git {
    repo: Repository,
    workdir: PathBuf,
    /// The pm repository: files are named relative to it.
    root: PathBuf,
    /// The commit hooks git runs here.
    hooks: Vec<PathBuf>,
    /// Whether [`Git::commit`] made a commit (see [`Git::made_commit`]).
    made: std::cell::Cell<bool>,
    /// See [`Git::index_behind`].
    index_behind: std::cell::Cell<bool>,
    /// Author and committer, for libgit2 commits.
    identity: Option<(Signature<'static>, Signature<'static>)>,
    /// Why pm commits through the `git` binary; None: through libgit2.
    via_git_binary: Option<&'static str>,
}

impl Git {
    /// Open the repository holding `root` and check, before anything is
    /// written, that a commit can be made: an identity exists and no other
    /// git process holds the index or the branch.
    pub fn open_for_commit(root: &Path) -> Result<Git> {
        let repo = discover(root).map_err(|err| {
            UserError::new(format!(
                "{} is not inside a git repository: {}",
                root.display(),
                err.message()
            ))
            .hint("run `git init` there, or set `autocommit: false` in pm.yaml")
        })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| UserError::new("the git repository is bare; pm needs a work tree"))?
            .to_path_buf();
        let config = git_config(&repo)?;
        let hooks = hooks(&repo, &config, &workdir);
        let via_git_binary = if config.get_bool("commit.gpgsign").unwrap_or(false) {
            Some("commit.gpgsign is on")
        } else if !hooks.is_empty() {
            Some("the repository has commit hooks")
        } else {
            None
        };
        if let Err(err) = repo.index() {
            return Err(index_unreadable(&err).into());
        }
        let identity = match via_git_binary {
            Some(_) => None,
            None => Some(identity(&repo)?),
        };
        wait_for_locks(&repo)?;
        Ok(Git {
            repo,
            workdir,
            root: root.to_path_buf(),
            hooks,
            made: std::cell::Cell::new(false),
            index_behind: std::cell::Cell::new(false),
            identity,
            via_git_binary,
        })
    }

    /// A file's path relative to the work tree, as git names it.
    /// `file`'s path in the work tree. Only the part of the path above the
    /// work tree is resolved (the repository reached through a link): a
    /// folder inside it swapped for a link must not move the file out of
    /// it (attack 82). A file outside the work tree keeps its path, which
    /// [`Git::commit`] refuses.
    fn relative(&self, file: &Path) -> PathBuf {
        if let Ok(rel) = file.strip_prefix(&self.workdir) {
            return rel.to_path_buf();
        }
        let wd = self
            .workdir
            .canonicalize()
            .unwrap_or_else(|_| self.workdir.clone());
        let above = file
            .ancestors()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find(|a| a.canonicalize().is_ok_and(|c| c == wd));
        match above {
            Some(top) => file
                .strip_prefix(top)
                .map_or_else(|_| file.to_path_buf(), Path::to_path_buf),
            None => file.to_path_buf(),
        }
    }

    /// Refuse files with changes pm did not make (a hand edit not yet
    /// committed, something staged, a file git does not track yet): pm's
    /// commit would carry them under its own message. Checked before
    /// anything is written.
    pub fn check_clean(&self, files: &[PathBuf]) -> Result<()> {
        use git2::Status;
        for file in files {
            let rel = self.relative(file);
            let status = match self.repo.status_file(&rel) {
                Ok(status) => status,
                Err(err) if err.code() == git2::ErrorCode::NotFound => continue,
                Err(err) => {
                    return Err(UserError::new(format!(
                        "cannot ask git about {}: {}",
                        rel.display(),
                        err.message()
                    ))
                    .into());
                }
            };
            let rel = rel.display();
            let untracked = format!(
                "{rel} is not committed yet (git does not track it); pm's commit would add the whole file under pm's message"
            );
            let (what, discard) = if status.contains(Status::INDEX_NEW) {
                (
                    format!(
                        "{rel} is staged but not committed yet; pm's commit would add the whole file under pm's message"
                    ),
                    format!(
                        "unstage it (`git rm --cached {rel}`) and move it out of the repository"
                    ),
                )
            } else if status.intersects(
                Status::INDEX_MODIFIED
                    | Status::INDEX_DELETED
                    | Status::INDEX_RENAMED
                    | Status::INDEX_TYPECHANGE,
            ) {
                (
                    format!(
                        "{rel} has staged changes that are not committed; pm's commit would include them under its own message"
                    ),
                    format!("`git restore --staged --worktree {rel}`"),
                )
            } else if status.contains(Status::WT_NEW) {
                // `git restore` knows nothing of a file git does not track.
                (
                    untracked,
                    format!("move it out of the repository (`mv {rel} /tmp/`)"),
                )
            } else if status.intersects(
                Status::WT_MODIFIED
                    | Status::WT_DELETED
                    | Status::WT_TYPECHANGE
                    | Status::WT_RENAMED,
            ) {
                (
                    format!(
                        "{rel} has changes that are not committed; pm's commit would include them under its own message"
                    ),
                    format!("`git restore {rel}`"),
                )
            } else if status.contains(Status::CONFLICTED) {
                (
                    format!(
                        "{rel} has an unresolved merge conflict; pm's commit would include it under its own message"
                    ),
                    format!("`git restore --staged --worktree {rel}`"),
                )
            } else {
                continue;
            };
            return Err(UserError::new(what)
                .hint(format!(
                    "commit it first (`git add {rel} && git commit`), or discard it: {discard}"
                ))
                .hint("or pass --no-commit to write without committing; nothing was changed")
                .into());
        }
        Ok(())
    }

    /// Commit the given files (absolute paths) as they are on disk. On
    /// failure git's index is put back as it was before, and the error
    /// says why the commit failed.
    /// Commit `files`, which must hold exactly `wrote` (what pm wrote in
    /// them): a file that holds anything else when git reads it (a folder
    /// swapped for a link since the write) is refused, not committed.
    pub fn commit(&self, files: &[PathBuf], wrote: &[&[u8]], message: &str) -> Result<()> {
        // Every commit message pm writes holds text people typed: one line,
        // so a line break can never start a body or a trailer.
        let message = crate::output::subject(message);
        let message = message.as_str();
        let rel: Vec<PathBuf> = files.iter().map(|f| self.relative(f)).collect();
        if let Some(out) = rel.iter().find(|p| {
            p.is_absolute()
                || p.components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
        }) {
            return Err(UserError::new(format!(
                "{} is not inside the repository's work tree any more, so pm did not commit it",
                out.display()
            ))
            .hint("a folder on its path may have been replaced by a link while pm wrote it; check the folder and run the command again")
            .into());
        }

        self.made.set(false);
        self.index_behind.set(false);
        match self.via_git_binary {
            // git's index is never touched before the commit is made.
            Some(why) => self.commit_with_git_binary(&rel, wrote, message, why)?,
            None => {
                let mut index = self.repo.index().map_err(|err| index_unreadable(&err))?;
                let saved: Vec<(PathBuf, Option<IndexEntry>)> = rel
                    .iter()
                    .map(|p| (p.clone(), index.get_path(p, 0)))
                    .collect();
                let mut index_written = false;
                let result =
                    self.commit_with_libgit2(&mut index, &rel, wrote, message, &mut index_written);
                if let Err(err) = result {
                    if index_written && let Err(restore) = self.restore_index(&saved) {
                        let paths: Vec<String> =
                            rel.iter().map(|p| p.display().to_string()).collect();
                        return Err(err.context(
                            UserError::new(format!(
                                "and git's index could not be put back: {restore}"
                            ))
                            .hint(format!("run `git restore --staged {}`", paths.join(" "))),
                        ));
                    }
                    return Err(err);
                }
                self.made.set(true);
            }
        }
        if self.repo.head_detached().unwrap_or(false) {
            crate::output::note(
                "warning: HEAD is detached, so this commit is on no branch; `git switch -c NAME` keeps it on a new branch",
            );
        }
        Ok(())
    }

    /// Refuse a commit of `path` unless the blob git staged for it holds
    /// what pm wrote: the same bytes, or them with CRLF made LF (git's
    /// `text`/`autocrlf` conversion).
    fn check_staged(&self, path: &Path, staged: Option<git2::Oid>, wrote: &[u8]) -> Result<()> {
        let holds = staged.is_some_and(|id| {
            git2::Oid::hash_object(git2::ObjectType::Blob, wrote).is_ok_and(|w| w == id)
                || self.repo.find_blob(id).is_ok_and(|blob| {
                    let lf: Vec<u8> = {
                        let mut out = Vec::with_capacity(wrote.len());
                        let mut i = 0;
                        while i < wrote.len() {
                            if wrote[i] == b'\r' && wrote.get(i + 1) == Some(&b'\n') {
                                i += 1;
                                continue;
                            }
                            out.push(wrote[i]);
                            i += 1;
                        }
                        out
                    };
                    blob.content() == lf.as_slice()
                })
        });
        if holds {
            return Ok(());
        }
        Err(UserError::new(format!(
            "{} changed while pm was committing it, so pm did not commit it",
            path.display()
        ))
        .hint("something else is writing in the repository (or replaced a folder with a link); check the file and run the command again")
        .into())
    }

    fn commit_with_libgit2(
        &self,
        index: &mut git2::Index,
        rel: &[PathBuf],
        wrote: &[&[u8]],
        message: &str,
        index_written: &mut bool,
    ) -> Result<()> {
        let repo = &self.repo;
        for path in rel {
            index.add_path(path).map_err(|err| {
                UserError::new(format!(
                    "git cannot store the new version of {}: {}",
                    path.display(),
                    err.message()
                ))
                .hint("check that .git (and .git/objects) is writable")
            })?;
        }
        let head = match repo.head() {
            Ok(head) => Some(head.peel_to_commit()?),
            Err(err)
                if err.code() == git2::ErrorCode::UnbornBranch
                    || err.code() == git2::ErrorCode::NotFound =>
            {
                None
            }
            Err(err) => return Err(err.into()),
        };
        let base_tree = match &head {
            Some(commit) => commit.tree()?,
            None => {
                let empty = repo.treebuilder(None)?.write()?;
                repo.find_tree(empty)?
            }
        };
        let mut update = git2::build::TreeUpdateBuilder::new();
        for (path, wrote) in rel.iter().zip(wrote) {
            let entry = index.get_path(path, 0).ok_or_else(|| {
                UserError::new(format!("{} is not in git's index", path.display()))
            })?;
            // What git read is what pm wrote, or nothing is committed: a
            // folder swapped for a link between the write and git's read
            // would commit a file from outside the repository (attack 82).
            self.check_staged(path, Some(entry.id), wrote)?;
            // The mode git's index gives the file (add_path keeps the
            // index's mode where core.fileMode is false, and takes the
            // file's where it is true), as `git commit` records it: an
            // executable post-mortem stays 100755, and HEAD agrees with
            // the index, so no staged mode change is left behind.
            let mode = if entry.mode == u32::from(git2::FileMode::BlobExecutable) {
                git2::FileMode::BlobExecutable
            } else {
                git2::FileMode::Blob
            };
            update.upsert(path, entry.id, mode);
        }
        let stored = |err: git2::Error| {
            UserError::new(format!("git cannot store the commit: {}", err.message()))
                .hint("check that .git (and .git/objects) is writable")
        };
        let tree_id = update.create_updated(repo, &base_tree).map_err(stored)?;
        let tree = repo.find_tree(tree_id)?;
        let (author, committer) = self
            .identity
            .as_ref()
            .expect("identity checked in open_for_commit");
        let parents: Vec<&git2::Commit> = head.iter().collect();
        // The commit object first, pointed to by nothing yet: until the
        // branch moves, nothing a person sees has changed.
        let commit_id = repo
            .commit(None, author, committer, message, &tree, &parents)
            .map_err(stored)?;

        // The marker says that git locks appearing from now on are pm's, so
        // that a pm killed here does not leave the repository locked.
        let marker = commit_marker(repo.path());
        if let Some(dir) = marker.parent() {
            fs::create_dir_all(dir).ok();
        }
        fs::write(&marker, marker_text()).ok();
        let moved = (|| -> Result<()> {
            index.write().map_err(|err| {
                UserError::new(format!("cannot update git's index: {}", err.message()))
                    .hint(held_lock(&repo.path().join("index.lock")))
            })?;
            *index_written = true;
            let head_ref = repo.find_reference("HEAD")?;
            let branch = head_ref
                .symbolic_target()
                .ok()
                .flatten()
                .map_or_else(|| "HEAD".to_string(), String::from);
            let summary = message.lines().next().unwrap_or("");
            let moving = |err: git2::Error| {
                let lock = if branch == "HEAD" {
                    repo.path().join("HEAD.lock")
                } else {
                    repo.commondir().join(format!("{branch}.lock"))
                };
                UserError::new(format!(
                    "cannot move {branch} to the new commit: {}",
                    if err.message().trim().ends_with(':') || err.message().trim().is_empty() {
                        format!("{}could not lock it", err.message())
                    } else {
                        err.message().to_string()
                    }
                ))
                .hint(held_lock(&lock))
            };
            match &head {
                Some(parent) => {
                    let log = format!("commit: {summary}");
                    repo.reference_matching(&branch, commit_id, true, parent.id(), &log)
                        .map_err(moving)?;
                }
                None => {
                    let log = format!("commit (initial): {summary}");
                    repo.reference(&branch, commit_id, false, &log)
                        .map_err(moving)?;
                }
            }
            Ok(())
        })();
        fs::remove_file(&marker).ok();
        moved
    }

    /// `git commit` from a private index, with the hooks: see the module
    /// documentation for why. Returns after the real index agrees with
    /// HEAD for every path the commit changed, or with an error (the
    /// commit is not made, or [`Git::made_commit`] says it is).
    fn commit_with_git_binary(
        &self,
        rel: &[PathBuf],
        wrote: &[&[u8]],
        message: &str,
        why: &str,
    ) -> Result<()> {
        let before = self.repo.head().ok().and_then(|h| h.target());
        // What pm wrote, to check HEAD against after the hooks ran.
        let written = wrote;
        let wrote: Vec<Option<Vec<u8>>> = wrote.iter().map(|b| Some(b.to_vec())).collect();
        remove_stale_private_indexes(self.repo.path());
        // How long HEAD's reflog is, to find the entry of pm's commit.
        let logged = self.repo.reflog("HEAD").map_or(0, |r| r.len());
        let private = self
            .repo
            .path()
            .join(format!("pm-index.{}", std::process::id()));
        let result = (|| -> Result<()> {
            // The private index starts as HEAD (a copy of the real one,
            // reset to HEAD, keeps git's cached file stats), then gets
            // pm's paths.
            let real = self.repo.path().join("index");
            match before {
                Some(_) if fs::copy(&real, &private).is_ok() => {
                    self.git(&["reset", "--quiet"], &[], Some(&private), why)?;
                }
                Some(_) => self.git(&["read-tree", "HEAD"], &[], Some(&private), why)?,
                None => self.git(&["read-tree", "--empty"], &[], Some(&private), why)?,
            }
            self.git(
                &["--literal-pathspecs", "add", "--"],
                rel,
                Some(&private),
                why,
            )?;
            // What git read is what pm wrote (see commit_with_libgit2).
            let staged = git2::Index::open(&private)?;
            for (path, bytes) in rel.iter().zip(written) {
                self.check_staged(path, staged.get_path(path, 0).map(|e| e.id), bytes)?;
            }
            self.git(
                &["commit", "--quiet", "-m", message],
                &[],
                Some(&private),
                why,
            )
        })();
        fs::remove_file(&private).ok();
        let mut lock = private.into_os_string();
        lock.push(".lock");
        fs::remove_file(lock).ok();
        result?;
        self.made.set(true);
        self.after_commit(rel, &wrote, before, logged)
    }

    /// Run `git ARGS PATHS` in the work tree (with `index` as git's index
    /// when given); a failure is an error with what git (or a hook) said,
    /// cut to its last lines.
    fn git(&self, args: &[&str], paths: &[PathBuf], index: Option<&Path>, why: &str) -> Result<()> {
        let mut cmd = Command::new("git");
        cmd.current_dir(&self.workdir).args(args).args(paths);
        if let Some(index) = index {
            cmd.env("GIT_INDEX_FILE", index);
        }
        // `PM_NOW` fixes the clock, commits' dates included (a date git
        // is given outright wins).
        if let Some(at) = pm_now()? {
            for var in ["GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] {
                if std::env::var_os(var).is_none() {
                    cmd.env(var, at.to_rfc3339());
                }
            }
        }
        dies_with_pm(&mut cmd);
        let output = cmd.output().map_err(|err| {
            UserError::new(format!(
                "{why}, so pm commits through the `git` binary, which could not run: {err}"
            ))
            .hint("install git, or set `autocommit: false` in pm.yaml and commit yourself")
        })?;
        if output.status.success() {
            return Ok(());
        }
        let verb = args.iter().find(|a| !a.starts_with('-')).unwrap_or(&"");
        let mut said = tail(&output.stderr);
        if said.is_empty() {
            said = tail(&output.stdout);
        }
        // Each line of what git said as git printed it, not folded into
        // one; gpg's machine-readable status lines (`[GNUPG:] ...`) left
        // out.
        let said_lines: Vec<&str> = said
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("[GNUPG:]"))
            .collect();
        let said = said_lines.first().copied().unwrap_or("").to_string();
        // The first line in the message, the others below it, a line each;
        // of a long output, its end, where git and hooks say what failed.
        let rest = &said_lines[said_lines.len().min(1)..];
        let skipped = rest.len().saturating_sub(6);
        let more: Vec<String> = (skipped > 0)
            .then(|| format!("git: ... ({skipped} more lines)"))
            .into_iter()
            .chain(rest[skipped..].iter().map(|l| format!("git: {l}")))
            .collect();
        // The commit could not be signed (`commit.gpgsign` on, and no key
        // gpg or ssh-keygen can use): not a hook's doing.
        let signing = *verb == "commit" && signing_failed(&said_lines);
        if signing {
            let what = said
                .strip_prefix("error: ")
                .or_else(|| said.strip_prefix("fatal: "))
                .unwrap_or(&said)
                .trim_end_matches(':');
            let mut err = UserError::new(format!(
                "git commit failed: the commit could not be signed ({what})"
            ));
            for line in more {
                err = err.hint(line);
            }
            return Err(err
                .hint(signing_help(&said_lines))
                .hint("to keep it now, run the same pm command again with --no-commit, and commit once signing works")
                .into());
        }
        let code = output
            .status
            .code()
            .map_or_else(|| "was killed".to_string(), |c| format!("exited {c}"));
        let mut err = if said.is_empty() && *verb == "commit" && !self.hooks.is_empty() {
            UserError::new(format!(
                "git commit failed: a commit hook refused it without a message (git {code})"
            ))
            .hint(format!(
                "the repository's commit hooks: {}",
                self.hook_names()
            ))
        } else if said.is_empty() {
            UserError::new(format!("git {verb} failed without a message (git {code})"))
        } else {
            let mut err = UserError::new(format!("git {verb} failed: {said}"));
            for line in more {
                err = err.hint(line);
            }
            err
        };
        err = err.hint(format!(
            "{why}, so pm commits through git; fix what git says and run the command again"
        ));
        if *verb == "commit" && !said.is_empty() && !self.hooks.is_empty() {
            err = err.hint(format!(
                "the repository's commit hooks: {}",
                self.hook_names()
            ));
        }
        if *verb == "commit" {
            // A hook (lint in pre-commit) refused it in the middle of an
            // incident: what was typed need not wait for it.
            err = err.hint(
                "to keep it now, run the same pm command again with --no-commit, and commit once the hook is satisfied",
            );
        }
        Err(err.into())
    }

    /// The hooks that run on a commit here, as paths a person can open.
    fn hook_names(&self) -> String {
        let names: Vec<String> = self
            .hooks
            .iter()
            .map(|hook| match self.show(hook) {
                shown if shown.starts_with("..") => {
                    crate::output::name(&hook.display().to_string()).into_owned()
                }
                shown => shown,
            })
            .collect();
        names.join(", ")
    }

    /// After `git commit` on top of `before`: bring the real index in line
    /// with HEAD for every path the commit changed (pm's and any a hook
    /// added), name the files a hook added to pm's commit and the files
    /// HEAD changed after it (a post-commit hook that pulls or commits),
    /// and check that HEAD holds pm's change; when it does not, say what
    /// happened and keep what pm wrote. `logged` is how many entries
    /// HEAD's reflog had before `git commit` ran.
    fn after_commit(
        &self,
        rel: &[PathBuf],
        wrote: &[Option<Vec<u8>>],
        before: Option<git2::Oid>,
        logged: usize,
    ) -> Result<()> {
        let repo = &self.repo;
        let head = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let before_tree = match before {
            Some(id) => Some(repo.find_commit(id)?.tree()?),
            None => None,
        };
        let blob_at = |tree: Option<&git2::Tree>, path: &Path| -> Option<Vec<u8>> {
            let entry = tree?.get_path(path).ok()?;
            Some(repo.find_blob(entry.id()).ok()?.content().to_vec())
        };
        let head_tree = head.as_ref().and_then(|c| c.tree().ok());
        // HEAD's first-parent line back to `before` (a post-commit hook
        // may have committed on top of pm's commit, or merged a pull).
        let mut line = Vec::new();
        let mut walk = head.clone();
        for _ in 0..50 {
            let Some(commit) = walk else { break };
            if Some(commit.id()) == before {
                break;
            }
            walk = commit.parent(0).ok();
            line.push(commit);
        }
        // pm's commit: the one git made, as HEAD's reflog says (followed
        // through a post-commit hook's amend); without a reflog, the
        // commit on HEAD's line whose parent is `before`.
        let made = self.commit_made(before, logged);
        let amended = made.as_ref().is_some_and(|(_, amended)| *amended);
        let made = made.map(|(commit, _)| commit);
        let ours = match &made {
            Some(made) => line.iter().find(|c| c.id() == made.id()).cloned(),
            None => line
                .iter()
                .find(|c| c.parent_ids().next() == before)
                .cloned(),
        };
        // A hook that rebased pm's commit (`git pull --rebase`): it is on
        // no line of HEAD's, but HEAD holds every file as pm wrote it.
        let rewritten = ours.is_none()
            && made.is_some()
            && head.as_ref().map(|h| h.id()) != before
            && rel.iter().zip(wrote).all(|(path, wrote)| {
                wrote.as_ref().is_none_or(|wrote| {
                    holds_change(
                        blob_at(head_tree.as_ref(), path).as_deref(),
                        blob_at(before_tree.as_ref(), path).as_deref(),
                        wrote,
                    )
                })
            });
        let landed = ours.clone().or_else(|| made.clone().filter(|_| rewritten));
        let changed_between =
            |from: Option<&git2::Tree>, to: Option<&git2::Tree>| -> Result<Vec<PathBuf>> {
                let diff = repo.diff_tree_to_tree(from, to, None)?;
                let mut changed: Vec<PathBuf> = Vec::new();
                for delta in diff.deltas() {
                    for file in [delta.old_file(), delta.new_file()] {
                        if let Some(path) = file.path()
                            && !changed.iter().any(|c| c == path)
                        {
                            changed.push(path.to_path_buf());
                        }
                    }
                }
                Ok(changed)
            };
        let mut others: Vec<String> = Vec::new();
        let mut moved_on: Option<String> = None;
        if let Some(landed) = &landed {
            // Every path HEAD changed since `before`, in the real index
            // as HEAD holds it: no staged revert of what a hook staged
            // (or committed on top, or pulled, from the same private index).
            let changed = changed_between(before_tree.as_ref(), head_tree.as_ref())?;
            if let Err(err) = self.reset_to_head(&changed) {
                // The journal is kept: the next pm brings the index in line.
                self.index_behind.set(true);
                let names: Vec<String> = changed.iter().map(|p| self.show(p)).collect();
                crate::output::note(&format!(
                    "warning: the commit is made, but git's index could not be brought in line with it: {err:#}; \
                     until it is, the index holds a staged revert of this change, which your next `git commit` would record; \
                     run `git reset -q HEAD -- {}` now (the next pm write does it too)",
                    names.join(" ")
                ));
            }
            // The files a hook added to pm's own commit, and only those:
            // what HEAD changed after it is not in pm's commit.
            let landed_tree = landed.tree()?;
            others = changed_between(before_tree.as_ref(), Some(&landed_tree))?
                .iter()
                .filter(|p| !rel.contains(p))
                .map(|p| format!("`{}`", self.show(p)))
                .collect();
            if head.as_ref().is_some_and(|h| h.id() != landed.id()) {
                let moved: Vec<String> = changed_between(Some(&landed_tree), head_tree.as_ref())?
                    .iter()
                    .map(|p| format!("`{}`", self.show(p)))
                    .collect();
                moved_on = (!moved.is_empty()).then(|| {
                    format!(
                        "git's post-commit hooks moved HEAD on after pm's commit (as a pull or a commit of their own does): \
                         HEAD also holds other changes to {}; see `git log --stat`",
                        few(&moved)
                    )
                });
            }
        }
        let added = (!others.is_empty()).then(|| {
            let at = match (&landed, &head) {
                (Some(landed), Some(head)) if landed.id() != head.id() => {
                    landed.as_object().short_id().ok().and_then(|s| s.as_str().ok().map(String::from)).unwrap_or_else(|| landed.id().to_string())
                }
                _ => "HEAD".to_string(),
            };
            format!(
                "git's commit hooks added files pm did not write to the commit: {} (as `git commit` does); see `git show --stat {at}`",
                few(&others)
            )
        });
        let mut unstaged = Vec::new();
        for (path, wrote) in rel.iter().zip(wrote) {
            let Some(wrote) = wrote else { continue };
            let in_head = blob_at(head_tree.as_ref(), path);
            let was = blob_at(before_tree.as_ref(), path);
            let on_disk = fs::read(self.workdir.join(path)).ok();
            let recorded = landed.is_some()
                && (holds_change(in_head.as_deref(), was.as_deref(), wrote)
                    // A formatter hook changed the file and staged its fix.
                    || (in_head.is_some() && in_head == on_disk && in_head != was));
            let shown = self.show(path);
            if recorded {
                // A formatter hook that changed the file after pm staged
                // it, without `git add`: its change is not committed, and
                // the next pm write would refuse the file.
                if on_disk != in_head {
                    unstaged.push(shown);
                }
                continue;
            }
            // Who changed pm's commit: a hook before git made it, or one
            // that committed on top of it or amended it.
            let stage = match (&ours, &head) {
                (Some(ours), Some(head)) if ours.id() != head.id() => "post-commit",
                _ if amended => "post-commit",
                _ => "pre-commit",
            };
            // A commit that holds no change at all (the hook undid pm's
            // only change) is taken off the branch when nothing but the
            // branch has it: no empty `pm: ...` commit is left behind.
            let mut empty = None;
            if let (Some(ours), Some(head), Some(before), Some(before_tree)) =
                (&ours, &head, before, &before_tree)
                && ours.id() == head.id()
                && !amended
                && ours.tree_id() == before_tree.id()
            {
                empty = Some(self.drop_empty_commit(ours, before));
            }
            let mut err = if ours.is_none() {
                UserError::new(format!(
                    "{shown}: git made the commit, but a hook moved HEAD away from it, so HEAD does not hold this change"
                ))
            } else if let Some(Ok(())) = empty {
                UserError::new(format!(
                    "{shown}: a pre-commit hook undid pm's change, so git's commit was empty; pm took it off the branch (HEAD is as it was)"
                ))
            } else if in_head.is_none() {
                UserError::new(format!(
                    "{shown}: the commit is made, but a {stage} hook took the file out of it, so HEAD no longer has it"
                ))
            } else {
                UserError::new(format!(
                    "{shown}: the commit is made, but a {stage} hook undid pm's change in it, so HEAD does not hold this change"
                ))
            };
            err = err.hint(format!("check the hooks: {}", self.hook_names()));
            if let Some(Err(kept)) = empty {
                err = err.hint(format!("the commit git made is empty, and {kept}"));
            }
            // The command that records the file alone: other staged work
            // stays out of it (`git commit FILE` commits only FILE). A file
            // git does not know needs `git add` first.
            let record = if in_head.is_some() {
                format!("`git commit {shown}`")
            } else {
                format!("`git add {shown} && git commit {shown}`")
            };
            // Nothing typed is lost: when the work tree holds what HEAD
            // holds (the hook reverted or removed the file there too),
            // nothing of the person's is in it, and pm writes its text back.
            if on_disk.as_ref() == Some(wrote) {
                err = err.hint(format!(
                    "the file holds the change: {record} records it, and nothing else you staged"
                ));
            } else if on_disk == in_head && self.write_back(path, wrote).is_ok() {
                err = err.hint(format!(
                    "pm wrote the change back to {shown}, not committed: {record} records it, and nothing else you staged"
                ));
            } else {
                let id = git2::Oid::hash_object(git2::ObjectType::Blob, wrote)
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                err = err.hint(format!(
                    "the text pm wrote is in git as `git cat-file -p {id}`"
                ));
            }
            if let Some(added) = added {
                err = err.hint(added);
            }
            return Err(err.into());
        }
        if let Some(added) = added {
            crate::output::note(&format!("note: {added}"));
        }
        if let Some(moved_on) = moved_on {
            crate::output::note(&format!("note: {moved_on}"));
        }
        for shown in unstaged {
            crate::output::note(&format!(
                "note: {shown}: a commit hook changed the file after pm staged it, and did not `git add` its change, so it is not committed \
                 (the hooks: {}); `git diff {shown}` shows it, `git commit {shown}` commits it, `git restore {shown}` drops it \
                 (pm's next write there refuses the file until you do one or the other)",
                self.hook_names()
            ));
        }
        Ok(())
    }

    /// The commit `git commit` made on top of `before`, as HEAD's reflog
    /// records it among the entries after the first `logged`, followed
    /// through a post-commit hook's `git commit --amend` (the bool says
    /// whether it was amended). None when HEAD has no reflog
    /// (`core.logAllRefUpdates` off).
    fn commit_made(
        &self,
        before: Option<git2::Oid>,
        logged: usize,
    ) -> Option<(git2::Commit<'_>, bool)> {
        let reflog = self.repo.reflog("HEAD").ok()?;
        let new = reflog.len().checked_sub(logged)?;
        // Newest first; the new entries are the first `new`.
        let entries: Vec<_> = reflog.iter().take(new).collect();
        let start = before.unwrap_or(git2::Oid::ZERO_SHA1);
        let is = |entry: &git2::ReflogEntry<'_>, prefix: &str| {
            entry
                .message()
                .ok()
                .flatten()
                .is_some_and(|m| m.starts_with(prefix))
        };
        let at = entries
            .iter()
            .rposition(|e| e.id_old() == start && is(e, "commit") && !is(e, "commit (amend)"))?;
        let mut id = entries[at].id_new();
        let mut amended = false;
        for entry in entries[..at].iter().rev() {
            if entry.id_old() == id && is(entry, "commit (amend)") {
                id = entry.id_new();
                amended = true;
            }
        }
        let commit = self.repo.find_commit(id).ok()?;
        (commit.parent_ids().next() == before).then_some((commit, amended))
    }

    /// Take an empty commit pm's `git commit` made off the branch (HEAD
    /// back to `before`, with `git update-ref`, so the reference hooks run
    /// and HEAD must still be that commit). Not when another reference
    /// has it (a hook pushed or tagged it): Err says why it stays.
    fn drop_empty_commit(
        &self,
        commit: &git2::Commit<'_>,
        before: git2::Oid,
    ) -> Result<(), String> {
        let branch = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.name().ok().map(String::from));
        if let Ok(refs) = self.repo.references() {
            for reference in refs.flatten() {
                if reference.target() == Some(commit.id())
                    && reference.name().ok() != branch.as_deref()
                {
                    let name = reference.shorthand().unwrap_or("another reference");
                    return Err(format!(
                        "{} has it already (a hook pushed or tagged it), so pm left it on the branch",
                        crate::output::name(name)
                    ));
                }
            }
        }
        let (to, from) = (before.to_string(), commit.id().to_string());
        self.git(
            &[
                "update-ref",
                "-m",
                "pm: take off the empty commit a hook left (it undid pm's change)",
                "HEAD",
                &to,
                &from,
            ],
            &[],
            None,
            "the commit is made",
        )
        .map_err(|_| {
            "it is still on the branch: `git reset --soft HEAD~1` takes it off".to_string()
        })
    }

    /// Set the real index to HEAD for `paths` (relative to the work tree):
    /// `git reset -q HEAD -- PATHS`, which handles deletions and gitlinks.
    /// Another git process (an editor's) may hold the index for a moment:
    /// it is waited for as before a commit.
    fn reset_to_head(&self, paths: &[PathBuf]) -> Result<()> {
        let started = Instant::now();
        loop {
            if paths.is_empty() {
                return Ok(());
            }
            let reset = self.git(
                &["--literal-pathspecs", "reset", "--quiet", "HEAD", "--"],
                paths,
                None,
                "the commit is made",
            );
            if reset.is_ok()
                || started.elapsed() >= LOCK_WAIT
                || !self.repo.path().join("index.lock").exists()
            {
                return reset;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the last [`Git::commit`] made its commit but could not bring
    /// git's index in line with it (the index was locked): the index then
    /// holds a staged revert, which the next pm mends (see [`Git::settle`]).
    pub fn index_behind(&self) -> bool {
        self.index_behind.get()
    }

    /// Whether git's index holds `file`: git tracks it.
    pub fn tracks(&self, file: &Path) -> bool {
        self.repo
            .index()
            .is_ok_and(|index| index_entry(&index, &self.relative(file)).is_some())
    }

    /// The git blob id HEAD holds at `file` (None: no such file, or no HEAD).
    pub fn head_blob(&self, file: &Path) -> Option<String> {
        let tree = self.repo.head().ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(&self.relative(file)).ok()?;
        Some(entry.id().to_string())
    }

    /// For files whose change HEAD already holds (a pm killed, or stopped
    /// by a locked index, after its commit through git but before it set
    /// the real index): put the real index entry back to HEAD's where it
    /// holds neither HEAD's text nor the work tree's (a staged revert of
    /// pm's own change, which the next `git commit` would record; an entry
    /// the person staged from the work tree is left alone). Removes the
    /// private indexes of pm processes that are gone. Returns the files
    /// whose entries were put back.
    pub fn settle(&self, files: &[PathBuf]) -> Result<Vec<PathBuf>> {
        remove_stale_private_indexes(self.repo.path());
        let mut index = self.repo.index().map_err(|err| index_unreadable(&err))?;
        index.read(true).ok();
        let mut behind = Vec::new();
        for file in files {
            let Some(head) = self.head_blob(file) else {
                continue;
            };
            let rel = self.relative(file);
            let staged = index_entry(&index, &rel).map(|e| e.id.to_string());
            let on_disk = fs::read(file)
                .ok()
                .and_then(|b| git2::Oid::hash_object(git2::ObjectType::Blob, &b).ok())
                .map(|id| id.to_string());
            if staged.as_ref() != Some(&head) && staged != on_disk {
                behind.push(rel);
            }
        }
        self.reset_to_head(&behind).map_err(|err| {
            let names: Vec<String> = behind.iter().map(|p| self.show(p)).collect();
            let user = UserError::new(format!(
                "git's index holds a staged revert of a change pm committed, and it could not be put back: {err:#}"
            ))
            .hint(format!(
                "run `git reset -q HEAD -- {}`, then the command again; nothing was changed",
                names.join(" ")
            ));
            anyhow::Error::from(user)
        })?;
        Ok(behind)
    }

    /// Write pm's text back to a file a hook reverted or removed.
    fn write_back(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let file = self.workdir.join(path);
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir)?;
        }
        crate::store::write_atomic(&file, bytes)
    }

    /// Whether [`Git::commit`] made a commit, even when it then failed (a
    /// hook took pm's change out of it): the files are then not put back.
    pub fn made_commit(&self) -> bool {
        self.made.get()
    }

    /// A path relative to the work tree as pm names files: relative to the
    /// pm repository (`../x` above it).
    fn show(&self, rel: &Path) -> String {
        let abs = if rel.is_absolute() {
            rel.to_path_buf()
        } else {
            self.workdir.join(rel)
        };
        let abs = crate::store::paths::normalize(&abs);
        let root = crate::store::paths::normalize(&self.root);
        let a: Vec<_> = abs.components().collect();
        let r: Vec<_> = root.components().collect();
        let common = a.iter().zip(&r).take_while(|(x, y)| x == y).count();
        let mut out = PathBuf::new();
        for _ in common..r.len() {
            out.push("..");
        }
        for c in &a[common..] {
            out.push(c);
        }
        crate::output::name(&out.to_string_lossy()).into_owned()
    }

    /// After a commit through git's hooks: what HEAD holds at `file` when
    /// it is not the `wrote` pm committed (a pre-commit hook changed or
    /// unstaged it): `Some(None)` when HEAD has no such file. `None` when
    /// it is as written, or when no hooks ran (libgit2 commits exactly
    /// what pm wrote).
    pub fn changed_by_hooks(&self, file: &Path, wrote: &[u8]) -> Option<Option<Vec<u8>>> {
        self.via_git_binary?;
        let tree = self.repo.head().ok()?.peel_to_tree().ok()?;
        let Ok(entry) = tree.get_path(&self.relative(file)) else {
            return Some(None);
        };
        let blob = self.repo.find_blob(entry.id()).ok()?;
        (blob.content() != wrote).then(|| Some(blob.content().to_vec()))
    }

    /// Put index entries back as they were saved (None: not in the index).
    fn restore_index(&self, saved: &[(PathBuf, Option<IndexEntry>)]) -> Result<()> {
        let mut index = self.repo.index()?;
        index.read(true)?;
        for (path, entry) in saved {
            match entry {
                Some(entry) => index.add(entry)?,
                None => {
                    if index.get_path(path, 0).is_some() {
                        index.remove_path(path)?;
                    }
                }
            }
        }
        index.write()?;
        Ok(())
    }
}

/// The person's name as git knows it (GIT_AUTHOR_NAME, else user.name), to
/// offer as a default where pm asks who is writing.
pub fn user_name(root: &Path) -> Option<String> {
    let env = std::env::var("GIT_AUTHOR_NAME")
        .ok()
        .filter(|v| !v.trim().is_empty());
    env.or_else(|| {
        let repo = discover(root).ok()?;
        git_config(&repo).ok()?.get_string("user.name").ok()
    })
    .filter(|n| !n.trim().is_empty())
}

/// The git operation a repository is in the middle of (a merge or rebase
/// stopped at a conflict), by the name of its git command; None when none.
pub fn operation(state: git2::RepositoryState) -> Option<&'static str> {
    use git2::RepositoryState as S;
    match state {
        S::Clean => None,
        S::Merge => Some("merge"),
        S::Rebase | S::RebaseInteractive | S::RebaseMerge | S::ApplyMailboxOrRebase => {
            Some("rebase")
        }
        S::Revert | S::RevertSequence => Some("revert"),
        S::CherryPick | S::CherryPickSequence => Some("cherry-pick"),
        S::Bisect => Some("bisect"),
        S::ApplyMailbox => Some("am"),
    }
}

/// How to end a git operation in progress without finishing it, as the
/// command to run: each operation has its own (`git bisect reset`, not
/// `--abort`).
pub fn abort_command(operation: &str) -> String {
    match operation {
        "bisect" => "git bisect reset".into(),
        op => format!("git {op} --abort"),
    }
}

/// How to finish a git operation in progress, in words with the command.
pub fn finish_command(operation: &str) -> String {
    match operation {
        "bisect" => "mark commits with `git bisect good` / `git bisect bad` until git names the commit, then `git bisect reset`".into(),
        op @ ("cherry-pick" | "revert" | "am") => format!(
            "resolve any conflicts, `git add` the files and run `git {op} --continue`"
        ),
        op => format!("finish the {op} as `git status` says"),
    }
}

/// [`operation`] of the repository `root` is in.
pub fn operation_at(root: &Path) -> Option<&'static str> {
    operation(discover(root).ok()?.state())
}

/// What to do about a git lock that is in the way.
fn held_lock(lock: &Path) -> String {
    if lock.exists() {
        format!(
            "{} exists: another git process is running; if none is, remove that file and retry",
            lock.display()
        )
    } else {
        "another git process may have been running; try again".to_string()
    }
}

/// The hooks `git commit` would run here.
fn hooks(repo: &Repository, config: &git2::Config, workdir: &Path) -> Vec<PathBuf> {
    let dir = match config.get_path("core.hooksPath") {
        Ok(path) if path.is_relative() => workdir.join(path),
        Ok(path) => path,
        Err(_) => repo.commondir().join("hooks"),
    };
    HOOKS
        .iter()
        .map(|hook| dir.join(hook))
        .filter(|hook| {
            fs::metadata(hook).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
        .collect()
}

/// Paths in a note: the first ten, then how many more (a pull can bring
/// thousands).
fn few(paths: &[String]) -> String {
    const SHOWN: usize = 10;
    if paths.len() <= SHOWN {
        return paths.join(", ");
    }
    format!(
        "{} and {} more",
        paths[..SHOWN].join(", "),
        paths.len() - SHOWN
    )
}

/// The last 40 lines (at most 8 KiB) of what git or a hook printed: enough
/// to see why, and a hook that prints megabytes does not flood the error.
fn tail(bytes: &[u8]) -> String {
    const LINES: usize = 40;
    const BYTES: usize = 8 * 1024;
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.trim().lines().collect();
    let kept = lines[lines.len().saturating_sub(LINES)..].join("\n");
    let mut start = kept.len().saturating_sub(BYTES);
    while !kept.is_char_boundary(start) {
        start += 1;
    }
    if lines.len() > LINES || start > 0 {
        format!("[...]\n{}", &kept[start..])
    } else {
        kept
    }
}

/// Whether what git said (`lines`) is that it could not sign a commit
/// (`commit.gpgsign` on, and no key gpg or ssh-keygen can use): gpg's
/// "failed to sign the data", or, with `gpg.format ssh`, no
/// `user.signingkey` or a key that cannot be read.
pub fn signing_failed<S: AsRef<str>>(lines: &[S]) -> bool {
    lines.iter().map(AsRef::as_ref).any(|l| {
        l.contains("failed to sign")
            || l.contains("sign the data")
            || l.contains("user.signingkey")
            || l.contains("gpg.ssh.defaultKeyCommand")
            || l.contains("Couldn't load public key")
            || l.contains("signing failed")
    })
}

/// What to do about a commit git could not sign ([`signing_failed`]),
/// for an ssh key when git spoke of one.
pub fn signing_help<S: AsRef<str>>(lines: &[S]) -> String {
    let ssh = lines
        .iter()
        .map(AsRef::as_ref)
        .any(|l| l.contains("gpg.ssh") || l.contains("public key") || l.contains("ssh-keygen"));
    let key = if ssh {
        "`git config user.signingkey ~/.ssh/id_ed25519.pub`, the public key of yours that signs"
    } else {
        "`git config user.signingkey KEY`; `gpg --list-secret-keys` lists yours"
    };
    format!(
        "commit.gpgsign is on: give git a signing key it can use ({key}), or turn signing off in this repository with `git config commit.gpgsign false`"
    )
}

/// Make a git child process die with pm. A pm killed while `git commit`
/// ran a slow hook left git running: the next pm took the killed pm's
/// private index and lock for stale and removed them, and git, reading
/// the index again after the hook, committed an empty tree, every file
/// deleted (session 35's attack). Linux kills the child when pm dies, so
/// whatever of pm's a later pm clears is truly left over.
fn dies_with_pm(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        let parent = std::process::id();
        // SAFETY: the closure runs in the child between fork and exec and
        // only makes two system calls, which are async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // pm died before the request was made: do not run on.
                if libc::getppid() as u32 != parent {
                    return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

/// Remove the private indexes (and their locks) of pm processes that were
/// killed while committing through git: `.git/pm-index.PID[.lock]`.
fn remove_stale_private_indexes(git_dir: &Path) {
    let Ok(entries) = fs::read_dir(git_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix("pm-index.")) else {
            continue;
        };
        let pid = rest.strip_suffix(".lock").unwrap_or(rest);
        if let Ok(pid) = pid.parse::<u32>()
            && pid != std::process::id()
            && !alive(pid)
        {
            fs::remove_file(entry.path()).ok();
        }
    }
}

/// The error for an index libgit2 cannot read: most often an index
/// extension it does not know (`core.splitIndex`, a sparse index).
fn index_unreadable(err: &git2::Error) -> UserError {
    let mut user = UserError::new(format!("cannot read git's index: {}", err.message()));
    if err.message().contains("extension") {
        user = user
            .hint("the index uses a git feature pm's git library cannot read (a split or sparse index)")
            .hint("turn it off: `git config core.splitIndex false && git update-index --no-split-index` (or `git sparse-checkout disable`)");
    }
    user.hint("nothing was changed")
}

/// The repository holding `root`, as git finds it. A `.git` file
/// (`git init --separate-git-dir`, dotfile managers) makes the folder
/// holding it the work tree, unless `core.worktree` says otherwise;
/// libgit2 takes the git folder's parent instead, and every path pm
/// commits would be relative to the wrong folder.
pub fn discover(root: &Path) -> Result<Repository, git2::Error> {
    let repo = Repository::discover(root)?;
    let found = root.ancestors().find_map(|dir| {
        let meta = fs::symlink_metadata(dir.join(".git")).ok()?;
        Some((dir.to_path_buf(), meta.is_file()))
    });
    if let Some((dir, true)) = found
        && repo.workdir().is_some()
        && repo
            .config()
            .and_then(|c| c.get_path("core.worktree"))
            .is_err()
        && !repo.is_worktree()
    {
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if !repo.workdir().is_some_and(|w| same(w, &dir)) {
            repo.set_workdir(&dir, false)?;
        }
    }
    Ok(repo)
}

/// Author and committer as git itself chooses them: `GIT_AUTHOR_*` for the
/// author and `GIT_COMMITTER_*` for the committer (name, email and date),
/// else `user.name` and `user.email` from git's configuration, else
/// `EMAIL`; when only one of the two is given by the environment, it
/// stands in for the other.
pub(crate) fn identity(repo: &Repository) -> Result<(Signature<'static>, Signature<'static>)> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let config = git_config(repo)?;
    let config_name = config.get_string("user.name").ok();
    let config_email = config
        .get_string("user.email")
        .ok()
        .or_else(|| env("EMAIL"));
    let pick = |own: &str, other: &str, configured: &Option<String>| {
        env(own)
            .or_else(|| configured.clone())
            .or_else(|| env(other))
    };
    let person = |role: &str, other: &str| -> Result<Signature<'static>> {
        let name = pick(
            &format!("GIT_{role}_NAME"),
            &format!("GIT_{other}_NAME"),
            &config_name,
        );
        let email = pick(
            &format!("GIT_{role}_EMAIL"),
            &format!("GIT_{other}_EMAIL"),
            &config_email,
        );
        let (Some(name), Some(email)) = (name, email) else {
            return Err(UserError::new(
                "git has no identity to commit with (user.name and user.email are not set)",
            )
            .hint("run: git config --global user.name \"Your Name\"")
            .hint("and:  git config --global user.email you@example.com")
            .hint("or set `autocommit: false` in pm.yaml to commit yourself; nothing was changed")
            .into());
        };
        let date_var = format!("GIT_{role}_DATE");
        let signature = match env(&date_var) {
            Some(text) => {
                let time = parse_git_date(&text).ok_or_else(|| {
                    UserError::new(format!("{date_var} `{text}` is not a date git understands"))
                        .hint("use `@UNIX-SECONDS +HHMM`, RFC 2822 or ISO 8601 (2026-11-27T10:00:00+01:00)")
                })?;
                Signature::new(&name, &email, &time)
            }
            // `PM_NOW` fixes the clock, commits' dates included.
            None => match pm_now()? {
                Some(at) => Signature::new(
                    &name,
                    &email,
                    &git2::Time::new(at.timestamp(), at.offset().local_minus_utc() / 60),
                ),
                None => Signature::now(&name, &email),
            },
        };
        signature.map_err(|err| {
            UserError::new(format!("invalid git identity: {}", err.message())).into()
        })
    };
    Ok((
        person("AUTHOR", "COMMITTER")?,
        person("COMMITTER", "AUTHOR")?,
    ))
}

/// The date formats git accepts in `GIT_AUTHOR_DATE` and `GIT_COMMITTER_DATE`
/// that people use: `@1700000000 +0100` (git's own), RFC 2822 and ISO 8601.
fn parse_git_date(text: &str) -> Option<git2::Time> {
    let text = text.trim();
    let raw = text.strip_prefix('@').unwrap_or(text);
    let mut parts = raw.split_whitespace();
    if let (Some(secs), Some(zone), None) = (parts.next(), parts.next(), parts.next())
        && let Ok(secs) = secs.parse::<i64>()
        && zone.len() == 5
        && let (Ok(h), Ok(m)) = (zone[1..3].parse::<i32>(), zone[3..5].parse::<i32>())
    {
        let sign = match &zone[..1] {
            "+" => 1,
            "-" => -1,
            _ => return None,
        };
        return Some(git2::Time::new(secs, sign * (h * 60 + m)));
    }
    if let Some(secs) = text.strip_prefix('@').and_then(|s| s.parse::<i64>().ok()) {
        return Some(git2::Time::new(secs, 0));
    }
    let parsed = chrono::DateTime::parse_from_rfc2822(text)
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(text))
        .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z"))
        .ok()?;
    Some(git2::Time::new(
        parsed.timestamp(),
        parsed.offset().local_minus_utc() / 60,
    ))
}

/// The time `PM_NOW` fixes, when it is set (checked as `pm` checks it
/// everywhere: a bad value is refused, naming it).
fn pm_now() -> Result<Option<chrono::DateTime<chrono::FixedOffset>>> {
    match std::env::var_os("PM_NOW") {
        Some(_) => Ok(Some(crate::clock::now()?)),
        None => Ok(None),
    }
}

fn commit_marker(git_dir: &Path) -> PathBuf {
    git_dir.join("pm").join("committing.pid")
}

/// The marker's content: this process and when it started committing.
fn marker_text() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("{} {now}\n", std::process::id())
}

/// The lock files a commit takes: the index, HEAD, and the branch HEAD
/// points to (in the common folder, for a worktree).
fn commit_locks(repo: &Repository) -> Vec<PathBuf> {
    let git_dir = repo.path();
    let mut locks = vec![git_dir.join("index.lock"), git_dir.join("HEAD.lock")];
    if let Ok(head) = fs::read_to_string(git_dir.join("HEAD"))
        && let Some(branch) = head.trim().strip_prefix("ref: ")
        && !branch.contains("..")
    {
        locks.push(repo.commondir().join(format!("{branch}.lock")));
    }
    locks
}

/// Remove the locks a pm left when it was killed while committing, and only
/// those: the marker must name a process that is gone, and each lock must
/// belong to this user and have been made while that pm committed (within
/// a minute after its marker). A lock held by any other process, such as
/// the person's own `git commit`, is never touched.
fn clear_stale_locks(repo: &Repository) {
    let marker = commit_marker(repo.path());
    let Ok(meta) = fs::symlink_metadata(&marker) else {
        return;
    };
    let text = fs::read_to_string(&marker).unwrap_or_default();
    let mut fields = text.split_whitespace();
    let Some(pid) = fields.next().and_then(|p| p.parse::<u32>().ok()) else {
        return;
    };
    if pid == std::process::id() || alive(pid) {
        return;
    }
    let started = fields
        .next()
        .and_then(|ms| ms.parse::<u64>().ok())
        .map(|ms| UNIX_EPOCH + Duration::from_millis(ms))
        .or_else(|| meta.modified().ok());
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = unsafe { libc::geteuid() };
    for lock in commit_locks(repo) {
        let Ok(lock_meta) = fs::symlink_metadata(&lock) else {
            continue;
        };
        let made = lock_meta.modified().ok();
        let in_window = match (started, made) {
            (Some(started), Some(made)) => {
                made + Duration::from_secs(2) >= started
                    && made <= started + Duration::from_secs(60)
            }
            _ => false,
        };
        if in_window && lock_meta.uid() == uid && fs::remove_file(&lock).is_ok() {
            let name = lock
                .strip_prefix(repo.commondir())
                .or_else(|_| lock.strip_prefix(repo.path()))
                .unwrap_or(&lock)
                .display()
                .to_string();
            crate::output::note(&format!(
                "note: removed .git/{name} left by pm process {pid}, which was stopped while committing"
            ));
        }
    }
    fs::remove_file(&marker).ok();
}

/// Clear pm's own stale locks, then wait briefly for any other git
/// process to finish; a lock still held after that is an error, before
/// anything is written.
fn wait_for_locks(repo: &Repository) -> Result<()> {
    clear_stale_locks(repo);
    let started = Instant::now();
    loop {
        let held = commit_locks(repo).into_iter().find(|l| l.exists());
        let Some(lock) = held else {
            return Ok(());
        };
        if started.elapsed() >= LOCK_WAIT {
            let what = if lock.ends_with("index.lock") {
                "git's index is locked".to_string()
            } else {
                "a git reference pm must move is locked".to_string()
            };
            return Err(UserError::new(format!(
                "{what} ({}): another git process is running",
                lock.display()
            ))
            .hint(format!(
                "waited {}s; wait for it to finish, and if no git process is running, remove the lock file and retry",
                LOCK_WAIT.as_secs()
            ))
            .hint("nothing was changed")
            .into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// git's configuration as the `git` binary would read it. libgit2 does not
/// know GIT_CONFIG_GLOBAL or GIT_CONFIG_NOSYSTEM, so the files are chained here.
pub(crate) fn git_config(repo: &Repository) -> Result<git2::Config> {
    use git2::{Config, ConfigLevel};
    let mut config = Config::new()?;
    let mut add = |path: Option<PathBuf>, level: ConfigLevel| {
        if let Some(path) = path.filter(|p| p.is_file()) {
            config.add_file(&path, level, true).ok();
        }
    };
    let no_system =
        std::env::var_os("GIT_CONFIG_NOSYSTEM").is_some_and(|v| !v.is_empty() && v != "0");
    if !no_system {
        add(Config::find_system().ok(), ConfigLevel::System);
    }
    add(Config::find_xdg().ok(), ConfigLevel::XDG);
    let global = match std::env::var_os("GIT_CONFIG_GLOBAL") {
        Some(path) => Some(PathBuf::from(path)),
        None => Config::find_global().ok(),
    };
    add(global, ConfigLevel::Global);
    add(Some(repo.commondir().join("config")), ConfigLevel::Local);
    Ok(config)
}

/// Three-way merge of a text, as `git merge-file` does: the result, and
/// whether it merged cleanly (otherwise it holds conflict markers).
pub fn merge_text(base: &str, ours: &str, theirs: &str, name: &str) -> Result<(String, bool)> {
    // git2's merge_file does not initialise libgit2 itself; this does.
    let _ = git2::Config::new();
    let mut b = git2::MergeFileInput::new();
    b.content(base.as_bytes()).path(name);
    let mut o = git2::MergeFileInput::new();
    o.content(ours.as_bytes()).path(name);
    let mut t = git2::MergeFileInput::new();
    t.content(theirs.as_bytes()).path(name);
    let mut opts = git2::MergeFileOptions::new();
    opts.ancestor_label("before your edit")
        .our_label("your edit")
        .their_label("changed meanwhile");
    let result = git2::merge_file(&b, &o, &t, Some(&mut opts))?;
    Ok((
        String::from_utf8_lossy(result.content()).into_owned(),
        result.is_automergeable(),
    ))
}

/// `git init` for `pm init` in a folder that is not yet in a repository.
pub fn init_if_needed(dir: &Path) -> Result<bool> {
    if discover(dir).is_ok() {
        return Ok(false);
    }
    Repository::init(dir).map_err(|err| {
        UserError::new(format!(
            "git init failed in {}: {}",
            dir.display(),
            err.message()
        ))
    })?;
    Ok(true)
}

/// Paths (relative to the repository root) of files changed between `rev`
/// and the work tree, including uncommitted and untracked files.
pub fn changed_since(root: &Path, rev: &str) -> Result<Vec<PathBuf>> {
    let repo = discover(root)
        .map_err(|err| UserError::new(format!("not a git repository: {}", err.message())))?;
    // The revision as the person typed it, cut short: it is echoed in
    // errors, and a long one would flood a CI log.
    let shown: String = if rev.chars().count() > 80 {
        format!("{}…", rev.chars().take(80).collect::<String>())
    } else {
        rev.to_string()
    };
    let object = repo.revparse_single(rev).map_err(|_| {
        UserError::new(format!(
            "--changed-since: `{shown}` is not a branch, tag or commit in this repository"
        ))
        .hint("in CI, fetch the base branch first (for example `git fetch origin main`)")
    })?;
    // A commit, or a tag of one: a tree or a file has no history to
    // compare with.
    let commit = object.peel_to_commit().map_err(|_| {
        UserError::new(format!(
            "--changed-since: `{shown}` does not name a commit (it names a {})",
            object.kind().map_or("git object", |k| k.str())
        ))
        .hint("give a branch, a tag of a commit or a commit, for example `origin/main` or `HEAD~1`")
    })?;
    let tree = commit.tree()?;
    let mut opts = git2::DiffOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    let diff = repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts))?;
    let workdir = repo.workdir().unwrap_or(root).to_path_buf();
    let mut files = Vec::new();
    for delta in diff.deltas() {
        if delta.status() == git2::Delta::Deleted {
            continue;
        }
        if let Some(path) = delta.new_file().path() {
            files.push(workdir.join(path));
        }
    }
    Ok(files)
}

/// Whether `file` has changes git holds no commit of (modified, staged,
/// or not tracked yet): what a commit by pm would refuse to carry (see
/// [`Git::check_clean`]). False outside a repository, or when git cannot
/// tell.
pub fn has_uncommitted_changes(root: &Path, file: &Path) -> bool {
    let Ok(repo) = discover(root) else {
        return false;
    };
    let Some(workdir) = repo.workdir() else {
        return false;
    };
    let (Ok(file_abs), Ok(work_abs)) = (file.canonicalize(), workdir.canonicalize()) else {
        return false;
    };
    let Ok(relative) = file_abs.strip_prefix(&work_abs) else {
        return false;
    };
    repo.status_file(relative)
        .is_ok_and(|s| !s.is_empty() && !s.contains(git2::Status::IGNORED))
}

/// A folder `git status` lists as untracked: inside the work tree of the
/// repository holding `root`, neither ignored (itself or a folder above
/// it) nor holding a file git tracks. Returns the folder's path from the
/// work tree's top (`/`-separated) and the folder holding `root`'s
/// `.gitignore` as seen from `root` (`""`, or `../` for each level `root`
/// is below the top). None outside a repository, for the work tree's top
/// itself, or when git cannot tell.
pub fn untracked_folder(root: &Path, dir: &Path) -> Option<(Vec<u8>, String)> {
    let repo = discover(root).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let relative = dir
        .canonicalize()
        .ok()?
        .strip_prefix(&workdir)
        .ok()?
        .to_path_buf();
    if relative.as_os_str().is_empty() {
        return None;
    }
    if repo.is_path_ignored(&relative).unwrap_or(true) {
        return None;
    }
    let mut prefix: Vec<u8> = Vec::new();
    for part in relative.components() {
        prefix.extend_from_slice(part.as_os_str().as_encoded_bytes());
        prefix.push(b'/');
    }
    let index = repo.index().ok()?;
    if index.iter().any(|entry| entry.path.starts_with(&prefix)) {
        return None;
    }
    prefix.pop();
    let up = root
        .canonicalize()
        .ok()?
        .strip_prefix(&workdir)
        .ok()?
        .components()
        .count();
    Some((prefix, "../".repeat(up)))
}

/// The file at `file` as the current branch's upstream holds it (as of the
/// last fetch): the upstream's name (`origin/main`) and the file's text.
/// None with no upstream, no such file there, or nothing readable.
pub fn upstream_text(root: &Path, file: &Path) -> Option<(String, String)> {
    let repo = discover(root).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let file = file.canonicalize().ok()?;
    let relative = file.strip_prefix(&workdir).ok()?;
    let head = repo.head().ok()?;
    if !head.is_branch() {
        return None;
    }
    let branch = git2::Branch::wrap(head);
    let upstream = branch.upstream().ok()?;
    let name = upstream.name().ok()??.to_string();
    let tree = upstream.get().peel_to_tree().ok()?;
    let blob = repo.find_blob(tree.get_path(relative).ok()?.id()).ok()?;
    let text = String::from_utf8(blob.content().to_vec()).ok()?;
    Some((name, text))
}

/// When a file was added, as far as pm can tell cheaply: the time of the
/// commit, among HEAD's last `limit` first-parent commits, that added it;
/// the file's modification time when it is not in a repository or not
/// committed yet (just written with `--no-commit`). None when it is older
/// than those commits, or nothing can be read.
pub fn added_at(root: &Path, file: &Path, limit: usize) -> Option<i64> {
    let mtime = || -> Option<i64> {
        let modified = std::fs::metadata(file).ok()?.modified().ok()?;
        let secs = modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        i64::try_from(secs).ok()
    };
    let Ok(repo) = discover(root) else {
        return mtime();
    };
    let Some(workdir) = repo.workdir() else {
        return mtime();
    };
    let (Ok(file_abs), Ok(work_abs)) = (file.canonicalize(), workdir.canonicalize()) else {
        return mtime();
    };
    let Ok(relative) = file_abs.strip_prefix(&work_abs) else {
        return mtime();
    };
    let Some(mut commit) = repo.head().ok().and_then(|h| h.peel_to_commit().ok()) else {
        return mtime();
    };
    let has = |c: &git2::Commit<'_>| c.tree().is_ok_and(|t| t.get_path(relative).is_ok());
    if !has(&commit) {
        return mtime(); // not committed yet
    }
    for _ in 0..limit {
        match commit.parent(0) {
            Ok(parent) if has(&parent) => commit = parent,
            _ => return Some(commit.time().seconds()),
        }
    }
    None
}

/// Whether `head` (a file as HEAD holds it after the hooks) holds pm's
/// change from `was` to `wrote`: byte for byte, or, when a hook rebased
/// pm's commit onto others' work (`git pull --rebase` bringing in a
/// teammate's entry in the same file), in that putting pm's change onto
/// HEAD's text with the post-mortem merge leaves HEAD's text as it is.
fn holds_change(head: Option<&[u8]>, was: Option<&[u8]>, wrote: &[u8]) -> bool {
    let Some(head) = head else {
        return false;
    };
    if head == wrote {
        return true;
    }
    let text = |bytes: &[u8]| std::str::from_utf8(bytes).ok().map(str::to_owned);
    let (Some(head), Some(wrote)) = (text(head), text(wrote)) else {
        return false;
    };
    let was = was.and_then(text).unwrap_or_default();
    let merged = crate::merge::merge(&was, &head, &wrote, &crate::merge::Markers::default());
    merged.clean && merged.fallback.is_none() && merged.text == head
}

/// The index's entry for `rel`; none for a path outside the work tree,
/// which git2's `Index::get_path` cannot take (it panics on one).
fn index_entry(index: &git2::Index, rel: &Path) -> Option<IndexEntry> {
    if rel.is_absolute() {
        return None;
    }
    index.get_path(rel, 0)
}
