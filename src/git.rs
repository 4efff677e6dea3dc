//! Commits through git2: exactly the files pm changed, nothing else.
//!
//! The commit's tree is HEAD's tree with pm's files replaced, and only those
//! paths are updated in the index, so whatever else a person has staged or
//! modified stays as it was. Where `commit.gpgsign` is on, libgit2 cannot
//! sign, so pm commits through the `git` binary, which signs as the user
//! expects (and runs their hooks).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use git2::{Repository, Signature};

use crate::error::UserError;

pub struct Git {
    repo: Repository,
    workdir: PathBuf,
    signature: Option<Signature<'static>>,
    sign_with_git_binary: bool,
}

impl Git {
    /// Open the repository holding `root` and check, before anything is
    /// written, that a commit can be made: an identity exists and no other
    /// git process holds the index.
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
        let sign_with_git_binary = config.get_bool("commit.gpgsign").unwrap_or(false);
        let signature = if sign_with_git_binary {
            None
        } else {
            Some(signature(&repo)?)
        };
        let lock = repo.path().join("index.lock");
        clear_stale_index_lock(repo.path());
        if lock.exists() {
            return Err(UserError::new(format!(
                "git's index is locked ({}): another git process is running",
                lock.display()
            ))
            .hint("wait for it to finish; if none is running, remove the lock file and retry")
            .hint("nothing was changed")
            .into());
        }
        Ok(Git {
            repo,
            workdir,
            signature,
            sign_with_git_binary,
        })
    }

    /// Commit the given files (absolute paths) as they are on disk.
    pub fn commit(&self, files: &[PathBuf], message: &str) -> Result<()> {
        let rel: Vec<PathBuf> = files
            .iter()
            .map(|f| {
                let abs = f.canonicalize().unwrap_or_else(|_| f.clone());
                let wd = self
                    .workdir
                    .canonicalize()
                    .unwrap_or_else(|_| self.workdir.clone());
                abs.strip_prefix(&wd)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| f.clone())
            })
            .collect();
        if self.sign_with_git_binary {
            return self.commit_with_git_binary(&rel, message);
        }
        let repo = &self.repo;
        let mut index = repo.index()?;
        for path in &rel {
            index
                .add_path(path)
                .with_context(|| format!("cannot stage {}", path.display()))?;
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
        for path in &rel {
            let entry = index
                .get_path(path, 0)
                .with_context(|| format!("{} is not in git's index", path.display()))?;
            update.upsert(path, entry.id, git2::FileMode::Blob);
        }
        let tree_id = update.create_updated(repo, &base_tree)?;
        let tree = repo.find_tree(tree_id)?;
        let sig = self
            .signature
            .as_ref()
            .expect("signature checked in open_for_commit");
        let parents: Vec<&git2::Commit> = head.iter().collect();
        // Write the index before moving HEAD: if another git process grabbed
        // the index meanwhile, fail before the commit exists. The marker
        // says that an index.lock appearing now is ours, so that a pm killed
        // at this point does not leave the repository locked for good.
        let marker = commit_marker(repo.path());
        if let Some(dir) = marker.parent() {
            std::fs::create_dir_all(dir).ok();
        }
        std::fs::write(&marker, std::process::id().to_string()).ok();
        index.write().map_err(|err| {
            UserError::new(format!("cannot update git's index: {}", err.message()))
                .hint("another git process may hold .git/index.lock; the file is written but not committed")
        })?;
        let committed = repo
            .commit(Some("HEAD"), sig, sig, message, &tree, &parents)
            .map_err(|err| UserError::new(format!("git commit failed: {}", err.message())));
        std::fs::remove_file(&marker).ok();
        committed?;
        Ok(())
    }

    fn commit_with_git_binary(&self, rel: &[PathBuf], message: &str) -> Result<()> {
        let run = |args: &[&str]| -> Result<()> {
            let output = Command::new("git")
                .current_dir(&self.workdir)
                .args(args)
                .args(rel)
                .output()
                .map_err(|err| {
                    UserError::new(format!(
                        "commit.gpgsign is on and pm signs through the `git` binary, which could not run: {err}"
                    ))
                    .hint("install git, or set `autocommit: false` in pm.yaml and commit yourself")
                })?;
            if !output.status.success() {
                return Err(UserError::new(format!(
                    "git {} failed: {}",
                    args[0],
                    String::from_utf8_lossy(&output.stderr).trim()
                ))
                .hint(
                    "the file is written but not committed; fix the problem and commit it with git",
                )
                .into());
            }
            Ok(())
        };
        run(&["add", "--"])?;
        run(&["commit", "--quiet", "-m", message, "--only", "--"])
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

/// The identity git itself would use: GIT_AUTHOR_* / GIT_COMMITTER_* first,
/// then user.name and user.email from git's configuration.
pub(crate) fn signature(repo: &Repository) -> Result<Signature<'static>> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let config = git_config(repo)?;
    let name = env("GIT_AUTHOR_NAME")
        .or_else(|| env("GIT_COMMITTER_NAME"))
        .or_else(|| config.get_string("user.name").ok());
    let email = env("GIT_AUTHOR_EMAIL")
        .or_else(|| env("GIT_COMMITTER_EMAIL"))
        .or_else(|| config.get_string("user.email").ok())
        .or_else(|| env("EMAIL"));
    match (name, email) {
        (Some(name), Some(email)) => Signature::now(&name, &email).map_err(|err| {
            UserError::new(format!("invalid git identity: {}", err.message())).into()
        }),
        _ => Err(UserError::new(
            "git has no identity to commit with (user.name and user.email are not set)",
        )
        .hint("run: git config --global user.name \"Your Name\"")
        .hint("and:  git config --global user.email you@example.com")
        .hint("or set `autocommit: false` in pm.yaml to commit yourself; nothing was changed")
        .into()),
    }
}

fn commit_marker(git_dir: &Path) -> PathBuf {
    git_dir.join("pm").join("committing.pid")
}

/// The lock files libgit2 takes while pm commits: the index, HEAD, and the
/// branch HEAD points to.
fn commit_locks(git_dir: &Path) -> Vec<PathBuf> {
    let mut locks = vec![git_dir.join("index.lock"), git_dir.join("HEAD.lock")];
    if let Ok(head) = std::fs::read_to_string(git_dir.join("HEAD"))
        && let Some(branch) = head.trim().strip_prefix("ref: ")
        && !branch.contains("..")
    {
        locks.push(git_dir.join(format!("{branch}.lock")));
    }
    locks
}

/// Lock files left by a pm process that was killed while it committed (the
/// marker names it and it is gone) are removed, with a note. Locks held by
/// anything else are left alone.
fn clear_stale_index_lock(git_dir: &Path) {
    let marker = commit_marker(git_dir);
    let Ok(text) = std::fs::read_to_string(&marker) else {
        return;
    };
    let Ok(pid) = text.trim().parse::<u32>() else {
        return;
    };
    if pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists() {
        return;
    }
    for lock in commit_locks(git_dir) {
        if lock.exists() && std::fs::remove_file(&lock).is_ok() {
            let name = lock
                .strip_prefix(git_dir)
                .unwrap_or(&lock)
                .display()
                .to_string();
            eprintln!(
                "note: removed .git/{name} left by pm process {pid}, which was stopped while committing"
            );
        }
    }
    std::fs::remove_file(&marker).ok();
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
    add(Some(repo.path().join("config")), ConfigLevel::Local);
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
    let object = repo.revparse_single(rev).map_err(|err| {
        UserError::new(format!(
            "--changed-since: unknown git revision `{rev}`: {}",
            err.message()
        ))
        .hint("in CI, fetch the base branch first (for example `git fetch origin main`)")
    })?;
    let tree = object.peel_to_tree()?;
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
