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
//!   `commit-msg` or `post-commit` hook (in `core.hooksPath` or
//!   `.git/hooks`), so that hooks run exactly as for `git commit` and a
//!   hook that refuses the commit refuses pm's change.
//!
//! When a commit fails, [`Git::commit`] puts git's index back as it was;
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

/// The hooks `git commit` runs.
const HOOKS: &[&str] = &[
    "pre-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
];

/// How long pm waits for another git process to release its locks.
const LOCK_WAIT: Duration = Duration::from_secs(2);

pub struct Git {
    repo: Repository,
    workdir: PathBuf,
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
        let repo = Repository::discover(root).map_err(|err| {
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
        let via_git_binary = if config.get_bool("commit.gpgsign").unwrap_or(false) {
            Some("commit.gpgsign is on")
        } else if has_hooks(&repo, &config, &workdir) {
            Some("the repository has commit hooks")
        } else {
            None
        };
        let identity = match via_git_binary {
            Some(_) => None,
            None => Some(identity(&repo)?),
        };
        wait_for_locks(&repo)?;
        Ok(Git {
            repo,
            workdir,
            identity,
            via_git_binary,
        })
    }

    /// A file's path relative to the work tree, as git names it.
    fn relative(&self, file: &Path) -> PathBuf {
        let abs = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
        let wd = self
            .workdir
            .canonicalize()
            .unwrap_or_else(|_| self.workdir.clone());
        abs.strip_prefix(&wd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| file.to_path_buf())
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

    /// Whether a file is as committed: nothing staged, nothing modified.
    pub fn is_committed(&self, file: &Path) -> bool {
        self.repo
            .status_file(&self.relative(file))
            .is_ok_and(|s| s.is_empty() || s == git2::Status::CURRENT)
    }

    /// Commit the given files (absolute paths) as they are on disk. On
    /// failure git's index is put back as it was before, and the error
    /// says why the commit failed.
    pub fn commit(&self, files: &[PathBuf], message: &str) -> Result<()> {
        // Every commit message pm writes holds text people typed: one line,
        // so a line break can never start a body or a trailer.
        let message = crate::output::subject(message);
        let message = message.as_str();
        let rel: Vec<PathBuf> = files.iter().map(|f| self.relative(f)).collect();
        let mut index = self.repo.index()?;
        let saved: Vec<(PathBuf, Option<IndexEntry>)> = rel
            .iter()
            .map(|p| (p.clone(), index.get_path(p, 0)))
            .collect();
        let mut index_written = false;
        let result = match self.via_git_binary {
            Some(why) => {
                index_written = true;
                self.commit_with_git_binary(&rel, message, why)
            }
            None => self.commit_with_libgit2(&mut index, &rel, message, &mut index_written),
        };
        if let Err(err) = result {
            if index_written && let Err(restore) = self.restore_index(&saved) {
                let paths: Vec<String> = rel.iter().map(|p| p.display().to_string()).collect();
                return Err(err.context(
                    UserError::new(format!("and git's index could not be put back: {restore}"))
                        .hint(format!("run `git restore --staged {}`", paths.join(" "))),
                ));
            }
            return Err(err);
        }
        if self.repo.head_detached().unwrap_or(false) {
            crate::output::note(
                "warning: HEAD is detached, so this commit is on no branch; `git switch -c NAME` keeps it on a new branch",
            );
        }
        Ok(())
    }

    fn commit_with_libgit2(
        &self,
        index: &mut git2::Index,
        rel: &[PathBuf],
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
        for path in rel {
            let entry = index.get_path(path, 0).ok_or_else(|| {
                UserError::new(format!("{} is not in git's index", path.display()))
            })?;
            update.upsert(path, entry.id, git2::FileMode::Blob);
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

    fn commit_with_git_binary(&self, rel: &[PathBuf], message: &str, why: &str) -> Result<()> {
        let run = |args: &[&str]| -> Result<()> {
            let output = Command::new("git")
                .current_dir(&self.workdir)
                .args(args)
                .args(rel)
                .output()
                .map_err(|err| {
                    UserError::new(format!(
                        "{why}, so pm commits through the `git` binary, which could not run: {err}"
                    ))
                    .hint("install git, or set `autocommit: false` in pm.yaml and commit yourself")
                })?;
            if !output.status.success() {
                let mut said = String::from_utf8_lossy(&output.stderr).trim().to_string();
                if said.is_empty() {
                    said = String::from_utf8_lossy(&output.stdout).trim().to_string();
                }
                let mut err = UserError::new(format!("git {} failed: {said}", args[0])).hint(
                    format!(
                        "{why}, so pm commits through git; fix what git says and run the command again"
                    ),
                );
                if args[0] == "commit" {
                    // A hook (lint in pre-commit) refused it in the middle
                    // of an incident: what was typed need not wait for it.
                    err = err.hint(
                        "to keep it now, run the same pm command again with --no-commit, and commit once the hook is satisfied",
                    );
                }
                return Err(err.into());
            }
            Ok(())
        };
        let before = self.repo.head().ok().and_then(|h| h.target());
        run(&["add", "--"])?;
        run(&["commit", "--quiet", "-m", message, "--only", "--"])?;
        // A pre-commit hook that stages other files (`git add` of a file it
        // generated) gets them into the temporary index `--only` commits
        // from, so into pm's commit, while the real index keeps them as
        // they were: a later `git commit` would revert them. pm commits
        // only its own paths: the commit is made again without the
        // others, and they are left staged as the hook staged them.
        match self.keep_only(rel, before) {
            Ok(others) if !others.is_empty() => {
                let names: Vec<String> = others
                    .iter()
                    .map(|p| format!("`{}`", crate::output::name(&p.to_string_lossy())))
                    .collect();
                crate::output::note(&format!(
                    "warning: a pre-commit hook staged files pm did not write ({}); pm committed only its own, and left them staged as the hook did",
                    names.join(", ")
                ));
            }
            Ok(_) => {}
            Err(err) => crate::output::note(&format!(
                "warning: a pre-commit hook staged files pm did not write, and pm could not take them out of its commit: {err:#}; see `git show --stat HEAD`"
            )),
        }
        // `--only` commits from a temporary index: a pre-commit hook that
        // fixes a file and stages it (a formatter, an end-of-file fixer)
        // gets its fix into the commit, but the real index keeps pm's text
        // from before the hook, so `git status` shows the file staged and
        // changed (MM) and the next pm refuses it. The commit holds what
        // these paths should be: set their index entries to it. (pm
        // refuses to commit a path with staged changes of the person's,
        // so nothing of theirs is in those entries.)
        if let Err(err) = run(&["reset", "--quiet", "--"]) {
            crate::output::note(&format!(
                "warning: the commit is made, but git's index could not be refreshed after the hooks ran: {err:#}; `git status` may show the files as staged"
            ));
        }
        Ok(())
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

    /// After `git commit --only` from `before`: when the commit changed
    /// paths other than pm's (`rel`), make it again from `before` with
    /// only pm's paths as committed, move the branch to it, and stage the
    /// others in the real index as they were committed. Returns the others.
    fn keep_only(&self, rel: &[PathBuf], before: Option<git2::Oid>) -> Result<Vec<PathBuf>> {
        let repo = &self.repo;
        let head = repo.head()?.peel_to_commit()?;
        let parents: Vec<git2::Oid> = head.parent_ids().collect();
        // Only pm's own commit on top of `before` is pm's to remake.
        if parents != before.into_iter().collect::<Vec<_>>() {
            return Ok(Vec::new());
        }
        let new_tree = head.tree()?;
        let old_tree = match before {
            Some(id) => repo.find_commit(id)?.tree()?,
            None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
        };
        let diff = repo.diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)?;
        let mut others: Vec<PathBuf> = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path()
                    && !rel.iter().any(|r| r == path)
                    && !others.iter().any(|o| o == path)
                {
                    others.push(path.to_path_buf());
                }
            }
        }
        if others.is_empty() {
            return Ok(others);
        }
        let mut update = git2::build::TreeUpdateBuilder::new();
        for path in rel {
            match new_tree.get_path(path) {
                Ok(entry) => {
                    let mode = match entry.filemode() {
                        0o100755 => git2::FileMode::BlobExecutable,
                        0o120000 => git2::FileMode::Link,
                        _ => git2::FileMode::Blob,
                    };
                    update.upsert(path, entry.id(), mode);
                }
                Err(_) => {
                    update.remove(path);
                }
            }
        }
        let tree = repo.find_tree(update.create_updated(repo, &old_tree)?)?;
        let parent_commits: Vec<git2::Commit> = parents
            .iter()
            .map(|id| repo.find_commit(*id))
            .collect::<Result<_, _>>()?;
        let parent_refs: Vec<&git2::Commit> = parent_commits.iter().collect();
        let message = String::from_utf8_lossy(head.message_bytes()).into_owned();
        let id = if head.header_field_bytes("gpgsig").is_ok() {
            // A signed commit is made again signed, by git (with the key
            // git's configuration names), with the same author and dates.
            self.commit_tree_signed(&head, tree.id(), &parents, &message)?
        } else {
            repo.commit(
                None,
                &head.author(),
                &head.committer(),
                &message,
                &tree,
                &parent_refs,
            )?
        };
        let head_ref = repo.find_reference("HEAD")?;
        match head_ref.symbolic_target().ok().flatten() {
            Some(branch) => {
                repo.reference_matching(branch, id, true, head.id(), "pm: commit only pm's files")?;
            }
            None => repo.set_head_detached(id)?,
        }
        // The others, staged as the hook staged them (as they were in the
        // commit it made).
        let mut index = repo.index()?;
        index.read(true)?;
        for path in &others {
            match new_tree.get_path(path) {
                Ok(entry) => {
                    let blob = repo.find_blob(entry.id())?;
                    let mut staged = IndexEntry {
                        ctime: git2::IndexTime::new(0, 0),
                        mtime: git2::IndexTime::new(0, 0),
                        dev: 0,
                        ino: 0,
                        mode: entry.filemode() as u32,
                        uid: 0,
                        gid: 0,
                        file_size: u32::try_from(blob.size()).unwrap_or(u32::MAX),
                        id: entry.id(),
                        flags: 0,
                        flags_extended: 0,
                        path: std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec(),
                    };
                    staged.flags = u16::try_from(staged.path.len().min(0xfff)).unwrap_or(0xfff);
                    index.add(&staged)?;
                }
                Err(_) => {
                    if index.get_path(path, 0).is_some() {
                        index.remove_path(path)?;
                    }
                }
            }
        }
        index.write()?;
        Ok(others)
    }

    /// `git commit-tree` of `tree` on `parents` with `head`'s author,
    /// committer and message: git signs it as its configuration says.
    fn commit_tree_signed(
        &self,
        head: &git2::Commit,
        tree: git2::Oid,
        parents: &[git2::Oid],
        message: &str,
    ) -> Result<git2::Oid> {
        use std::io::Write as _;
        let who = |sig: git2::Signature| {
            let when = sig.when();
            let offset = when.offset_minutes();
            let sign = if offset < 0 { '-' } else { '+' };
            (
                String::from_utf8_lossy(sig.name_bytes()).into_owned(),
                String::from_utf8_lossy(sig.email_bytes()).into_owned(),
                format!(
                    "@{} {sign}{:02}{:02}",
                    when.seconds(),
                    offset.abs() / 60,
                    offset.abs() % 60
                ),
            )
        };
        let (an, ae, ad) = who(head.author());
        let (cn, ce, cd) = who(head.committer());
        let mut cmd = Command::new("git");
        cmd.current_dir(&self.workdir)
            // `-S`: commit-tree does not read commit.gpgsign.
            .args(["commit-tree", "-S", &tree.to_string()])
            .env("GIT_AUTHOR_NAME", an)
            .env("GIT_AUTHOR_EMAIL", ae)
            .env("GIT_AUTHOR_DATE", ad)
            .env("GIT_COMMITTER_NAME", cn)
            .env("GIT_COMMITTER_EMAIL", ce)
            .env("GIT_COMMITTER_DATE", cd)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for parent in parents {
            cmd.args(["-p", &parent.to_string()]);
        }
        let mut child = cmd.spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(message.as_bytes())?;
        }
        let output = child.wait_with_output()?;
        if !output.status.success() {
            return Err(UserError::new(format!(
                "git commit-tree failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
            .into());
        }
        Ok(git2::Oid::from_str(
            String::from_utf8_lossy(&output.stdout).trim(),
        )?)
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
        let repo = Repository::discover(root).ok()?;
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
    operation(Repository::discover(root).ok()?.state())
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

/// Whether `git commit` would run a hook here.
fn has_hooks(repo: &Repository, config: &git2::Config, workdir: &Path) -> bool {
    let dir = match config.get_path("core.hooksPath") {
        Ok(path) if path.is_relative() => workdir.join(path),
        Ok(path) => path,
        Err(_) => repo.commondir().join("hooks"),
    };
    HOOKS.iter().any(|hook| {
        fs::metadata(dir.join(hook))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
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
            None => Signature::now(&name, &email),
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

fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks that the process exists; EPERM means it does.
    // SAFETY: kill with signal 0 sends nothing and touches no memory.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
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
    if Repository::discover(dir).is_ok() {
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
    let repo = Repository::discover(root)
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
    let Ok(repo) = Repository::discover(root) else {
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
