//! `pm sync`: bring in what the others pushed, then push what you
//! committed, through the team's shared remote.
//!
//! pm sync makes no commit of its own, except to finish a merge or
//! rebase whose conflict the person resolved. It fetches the current branch's
//! upstream, rebases local commits onto it (post-mortems are merged by
//! `pm merge-driver`, so concurrent timeline entries and action items do
//! not conflict), and pushes. When the push is refused because someone
//! pushed first, it fetches, rebases and pushes again, a bounded number
//! of times with a random pause so that clients do not retry in lockstep.
//!
//! Network operations go through the `git` binary, so the person's
//! credential helpers, SSH agent and proxies work as for their own git.
//! A rebase that stops at a real conflict is left for the person, with
//! the field and line and what to run next; `pm sync` again continues it.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use anyhow::Result;
use git2::{Oid, Repository, RepositoryState};

use crate::cli::SyncArgs;
use crate::commands::Ctx;
use crate::commands::merge_driver::{LABELS_ENV, NOTES_ENV, Note, SWAP_ENV};
use crate::error::{Exit, UserError};
use crate::merge::val::Val;
use crate::merge::{install, markers, rebase};
use crate::output;
use crate::store::{self, POSTMORTEMS_DIR};
use crate::yaml;

/// How many times pm sync pushes before it gives up (the remote kept moving).
const ATTEMPTS: u32 = 30;

/// What to do when the rebase stops at a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// Leave it for the person to resolve (`pm sync`).
    Stop,
    /// Abort the rebase, keeping the local commits as they were
    /// (`--sync` and `sync: auto`, where a person is in the middle of
    /// something else).
    Abort,
}

/// A conflict left in the work tree.
#[derive(Debug)]
pub struct Stopped {
    /// (file, conflicts in it); a file without markers has none listed.
    pub files: Vec<(String, Vec<markers::Site>)>,
    /// Files one side deleted and the other changed (no markers: the
    /// person keeps or deletes the file), with whether the others deleted it.
    pub deleted: Vec<(String, bool)>,
    pub operation: &'static str,
    /// The first side of each conflict is the others' (a rebase, or a
    /// merge pm sync started); else the clone's own (a `git pull`).
    pub others_first: bool,
    /// (file, id) for each file whose action items were left as a
    /// conflict because git's line merge gave two of them that id.
    pub shared_ids: Vec<(String, String)>,
    /// Files of `deleted` where the side that has the file has a symbolic
    /// link (git takes a file replaced by a link as deleted and added).
    pub links: Vec<String>,
}

impl Stopped {
    /// With the ids the merge driver's `notes` say git's line merge gave
    /// two action items, in the files that stopped.
    fn with_shared_ids<'a>(mut self, notes: impl IntoIterator<Item = &'a Note>) -> Stopped {
        for note in notes {
            if let Some(id) = &note.shared_id
                && self.files.iter().any(|(f, _)| *f == note.path)
                && !self.shared_ids.iter().any(|(f, _)| *f == note.path)
            {
                self.shared_ids.push((note.path.clone(), id.clone()));
            }
        }
        self
    }
}

/// What a file whose action items are left as a conflict because git's
/// line merge gave two of them `id` says, after the file's name.
fn shared_id_words(id: &str) -> String {
    format!(
        "git's line merge gives two action items the id {}, so the action items are left as a conflict: keep each item once, under its own id",
        output::line(id)
    )
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// What came in from others, by post-mortem.
    pub incoming: Vec<String>,
    pub incoming_commits: usize,
    pub pushed: usize,
    /// Local commits not pushed (with --no-push).
    pub ahead: usize,
    pub upstream: String,
    pub notes: Vec<Note>,
    pub stopped: Option<Stopped>,
    pub attempts: u32,
    /// The merge or rebase this run finished, with the person's resolution.
    pub finished: Option<&'static str>,
}

pub fn run(ctx: &Ctx, args: &SyncArgs) -> Result<Exit> {
    let outcome = sync(ctx, !args.no_push, OnConflict::Stop)?;
    print(&outcome, !args.no_push);
    Ok(if outcome.stopped.is_some() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// After a command committed, with `--sync` or `sync: auto`: sync, and
/// never turn the command's success into a failure.
pub fn after_write(ctx: &Ctx) {
    match sync(ctx, true, OnConflict::Abort) {
        Ok(outcome) => print(&outcome, true),
        Err(err) => {
            let first = first_line(&err);
            output::note(&format!(
                "warning: committed here, but not synced: {}",
                first.strip_prefix("not synced: ").unwrap_or(&first)
            ));
            if let Some(user) = err.downcast_ref::<UserError>() {
                // The sync's own "nothing was changed" is about the sync;
                // here the command's change is made (committed here).
                for hint in &user.hints {
                    let hint = hint
                        .trim_end_matches("nothing was changed")
                        .trim_end_matches([';', ',', ' ']);
                    if !hint.is_empty() {
                        output::note(&format!("  {hint}"));
                    }
                }
            }
            output::note("  run `pm sync` when you can; nothing is lost");
        }
    }
}

/// A [`UserError`] with one more hint at the end.
fn with_hint(err: anyhow::Error, hint: &str) -> anyhow::Error {
    match err.downcast::<UserError>() {
        Ok(user) => user.hint(hint).into(),
        Err(err) => err,
    }
}

fn first_line(err: &anyhow::Error) -> String {
    err.to_string().lines().next().unwrap_or("").to_string()
}

fn print(outcome: &Outcome, push: bool) {
    let mut lines = Vec::new();
    if let Some(stopped) = &outcome.stopped {
        // The error-style explanation goes to stderr; say where we stand.
        explain_stop(stopped);
        return;
    }
    match outcome.finished {
        Some("merge") => lines.push("Committed the merge you resolved.".into()),
        Some(_) => lines.push("Finished the rebase with the conflict you resolved.".into()),
        None => {}
    }
    if outcome.incoming.is_empty() && outcome.incoming_commits == 0 {
        lines.push(format!("Nothing new from others on {}.", outcome.upstream));
    } else if outcome.incoming.is_empty() {
        lines.push(format!(
            "From others: {} commit{} on {}, none in post-mortems.",
            outcome.incoming_commits,
            output::plural_s(outcome.incoming_commits as u64),
            outcome.upstream
        ));
    } else {
        lines.push(format!(
            "From others ({} commit{} on {}):",
            outcome.incoming_commits,
            output::plural_s(outcome.incoming_commits as u64),
            outcome.upstream
        ));
        for line in &outcome.incoming {
            lines.push(format!("  {}", output::line(line)));
        }
    }
    // Under a heading of its own: the renumbering may come from a merge
    // made by an earlier run (or by git), when nothing is new this time.
    if !outcome.notes.is_empty() {
        lines.push("Merged with yours:".into());
    }
    for note in &outcome.notes {
        let id = Path::new(&note.path)
            .file_stem()
            .map(|s| output::name(&s.to_string_lossy()).into_owned())
            .unwrap_or_default();
        for (old, new) in &note.renumbered {
            // An item you renumbered yourself, to an id someone else gave
            // another item: named by the id it had before, which is the
            // one the others know.
            let yours = note.yielded.iter().find(|y| !y.ours && y.gave == *old);
            if let Some(y) = yours {
                let (was, old, new) = (output::line(&y.was), output::line(old), output::line(new));
                lines.push(format!(
                    "  {id}: your action item {was}, which you renumbered to {old}, is now {new} (someone else gave {old} to another item first)"
                ));
                continue;
            }
            // An item both sides had, numbered differently by earlier
            // merges: it takes the upstream's id.
            if note.same_item.contains(&(old.clone(), new.clone())) {
                let (old, new) = (output::line(old), output::line(new));
                lines.push(format!(
                    "  {id}: your action item {old} is {new} now: the others have the same item as {new} (an earlier merge on each side numbered it)"
                ));
                continue;
            }
            // In a chain (your A1 is now A2, your A2 now A3), the id was
            // taken by your own item that moved up, not by the others.
            let why = match note.renumbered.iter().find(|(_, moved)| moved == old) {
                Some((mine, _)) => format!("your {} moved up to it", output::line(mine)),
                None => format!("someone else added an {} first", output::line(old)),
            };
            let (old, new) = (output::line(old), output::line(new));
            lines.push(format!(
                "  {id}: your action item {old} is now {new} ({why})"
            ));
        }
        if note.both_created {
            lines.push(format!(
                "  {id}: you and someone else both created this post-mortem (the same title on the same day); the two are merged into one file: check that it is one incident"
            ));
        }
        if let Some(why) = &note.fallback {
            lines.push(format!(
                "  {id}: merged line by line ({})",
                output::line(why)
            ));
        }
    }
    if push {
        if outcome.pushed > 0 {
            let tries = if outcome.attempts > 1 {
                format!(" (try {}: others were pushing too)", outcome.attempts)
            } else {
                String::new()
            };
            lines.push(format!(
                "Pushed {} commit{} to {}{tries}.",
                outcome.pushed,
                output::plural_s(outcome.pushed as u64),
                outcome.upstream
            ));
        } else {
            lines.push("Nothing to push.".into());
        }
    } else if outcome.ahead > 0 {
        lines.push(format!(
            "Not pushed (--no-push): {} local commit{} ahead of {}.",
            outcome.ahead,
            output::plural_s(outcome.ahead as u64),
            outcome.upstream
        ));
    }
    output::emitln(&lines.join("\n"));
}

fn explain_stop(stopped: &Stopped) {
    output::note(&format!(
        "error: pm sync stopped: a change from others conflicts with yours ({} in progress)",
        stopped.operation
    ));
    for (file, sites) in &stopped.files {
        if sites.is_empty() {
            output::note(&format!("  {file}: conflicted"));
        }
        if let Some((_, id)) = stopped.shared_ids.iter().find(|(f, _)| f == file) {
            output::note(&format!("  {file}: {}", shared_id_words(id)));
        }
        for site in sites {
            output::note(&format!("  {file}: {}", markers::message(site)));
            if !site.ours.is_empty() || !site.theirs.is_empty() {
                // A rebase replays yours onto theirs, so git's "ours" is
                // from others, as in a merge pm sync started (see
                // SWAP_ENV); in a merge of the person's own (`git pull`),
                // a cherry-pick or a revert, "ours" is the clone's own side.
                let (others, yours) = if stopped.others_first {
                    (&site.ours, &site.theirs)
                } else {
                    (&site.theirs, &site.ours)
                };
                let side = |text: &String| {
                    if text.is_empty() {
                        "deleted it".to_string()
                    } else {
                        format!("`{text}`")
                    }
                };
                output::note(&format!(
                    "    from others: {}; yours: {}",
                    side(others),
                    side(yours)
                ));
            }
        }
    }
    // A file the others replaced with a symbolic link: git keeps the link
    // at its path, and your version beside it as `PATH~COMMIT (subject)`,
    // which is said with it, not as a file of its own.
    let your_copy = |file: &str| {
        stopped.deleted.iter().map(|(f, _)| f).find(|f| {
            f.len() > file.len() && f.starts_with(file) && f[file.len()..].starts_with('~')
        })
    };
    let told: Vec<&String> = stopped
        .deleted
        .iter()
        .filter(|(file, by_others)| !by_others && stopped.links.contains(file))
        .filter_map(|(file, _)| your_copy(file))
        .collect();
    for (file, by_others) in &stopped.deleted {
        if told.contains(&file) {
            continue;
        }
        let word = output::shell_word(file);
        if !by_others && stopped.links.contains(file) {
            let Some(copy) = your_copy(file) else {
                output::note(&format!(
                    "  {file}: the others replaced it with a symbolic link, which pm never follows; git keeps the link"
                ));
                output::note(&format!(
                    "  hint: to take the link: `git add {word}`; to delete it: `git rm {word}`; then run `pm sync` again to finish and push"
                ));
                continue;
            };
            let copy_word = output::shell_word(copy);
            output::note(&format!(
                "  {file}: the others replaced it with a symbolic link, which pm never follows; git keeps the link there, and your version of the file as {copy}"
            ));
            output::note(&format!(
                "  hint: to keep your post-mortem: `rm {word} && mv {copy_word} {word} && git add {word} && git rm --cached --quiet {copy_word}`; to take the link: `git add {word} && git rm --quiet {copy_word}`; then run `pm sync` again to finish and push"
            ));
            continue;
        }
        let (gone, kept) = if *by_others {
            ("the others deleted it", "you changed it")
        } else {
            ("you deleted it", "the others changed it")
        };
        output::note(&format!(
            "  {file}: {gone} and {kept}; git keeps the changed file in the work tree, without markers"
        ));
        output::note(&format!(
            "  hint: to keep it: `git add {word}`; to delete it: `git rm {word}`; then run `pm sync` again to finish and push"
        ));
    }
    if stopped.files.iter().any(|(_, sites)| !sites.is_empty()) {
        output::note(
            "  hint: in each file keep the lines you want between `<<<<<<<` and `>>>>>>>` and delete the marker lines; then run `pm sync` again to finish and push",
        );
    } else if stopped.deleted.is_empty() {
        output::note(
            "  hint: resolve the files git lists as unmerged (`git status`), `git add` them, then run `pm sync` again to finish and push",
        );
    }
    let abort = if stopped.operation == "merge" {
        "git merge --abort"
    } else {
        "git rebase --abort"
    };
    output::note(&format!(
        "  hint: or give up this sync with `{abort}`: your commits stay as they were"
    ));
}

/// The clone pm syncs.
struct Clone {
    repo: Repository,
    workdir: PathBuf,
    /// Where pm's post-mortems are, relative to the work tree.
    prefix: PathBuf,
    /// `-c` settings for every git call: the merge driver, for a clone
    /// whose config lacks it.
    config: Vec<String>,
    notes: PathBuf,
}

impl Clone {
    fn open(ctx: &Ctx) -> Result<Clone> {
        let root = &ctx.store.root;
        let repo = crate::git::discover(root).map_err(|err| {
            UserError::new(format!(
                "{} is not in a git repository: {}",
                root.display(),
                err.message()
            ))
            .hint("pm sync shares commits through git; see `pm sync --help`")
        })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| UserError::new("the git repository is bare; pm sync needs a work tree"))?
            .to_path_buf();
        let prefix = root
            .canonicalize()
            .ok()
            .and_then(|r| {
                let w = workdir.canonicalize().ok()?;
                r.strip_prefix(w).ok().map(Path::to_path_buf)
            })
            .unwrap_or_default();
        let mut config = Vec::new();
        if install::driver_state(root) != Some(install::DriverState::Installed) {
            config.push(format!(
                "merge.{}.name={}",
                install::DRIVER,
                install::DRIVER_NAME
            ));
            config.push(format!(
                "merge.{}.driver={}",
                install::DRIVER,
                install::driver_command()
            ));
        }
        let notes = ctx.store.state_dir().join("sync-notes.jsonl");
        Ok(Clone {
            repo,
            workdir,
            prefix,
            config,
            notes,
        })
    }

    fn git(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(&self.workdir);
        for c in &self.config {
            cmd.arg("-c").arg(c);
        }
        cmd.args(args)
            .stdin(Stdio::null())
            .env("GIT_EDITOR", "true")
            .env(NOTES_ENV, &self.notes)
            .env(LABELS_ENV, "from others,yours");
        cmd
    }

    fn output(&self, args: &[&str]) -> Result<Output> {
        self.git(args).output().map_err(|err| {
            UserError::new(format!("cannot run git: {err}"))
                .hint("pm sync needs the `git` program on PATH")
                .into()
        })
    }

    /// Run git; fail with its message when it fails.
    fn ok(&self, args: &[&str]) -> Result<String> {
        let out = self.output(args)?;
        if !out.status.success() {
            let what = format!("git {} failed", args.first().copied().unwrap_or(""));
            return Err(git_error(what, &git_lines(&out)).into());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Run a git command that talks to the remote (`fetch`, `push`),
    /// bounded in time (see [`network_timeout`]): a remote that accepts
    /// the connection and never answers (a captive portal, a dead VPN)
    /// would otherwise hold pm, and the responder, for ever.
    fn network(&self, args: &[&str], up: &Upstream) -> Result<Output> {
        let limit = network_timeout()?;
        let mut cmd = self.git(args);
        cmd.env("LC_ALL", "C");
        // git's own bound for http(s), so that its helper gives up by
        // itself, unless the person set one.
        if let Some(limit) = limit
            && std::env::var_os("GIT_HTTP_LOW_SPEED_TIME").is_none()
            && std::env::var_os("GIT_HTTP_LOW_SPEED_LIMIT").is_none()
            && crate::git::git_config(&self.repo)
                .ok()
                .is_none_or(|c| c.get_entry("http.lowSpeedLimit").is_err())
        {
            cmd.env("GIT_HTTP_LOW_SPEED_LIMIT", "1").env(
                "GIT_HTTP_LOW_SPEED_TIME",
                limit.as_secs().max(1).to_string(),
            );
        }
        let op = args.first().copied().unwrap_or("");
        match run_bounded(cmd, limit, &up.remote, op)? {
            Some(out) => Ok(out),
            None => {
                let secs = limit.map(|l| l.as_secs()).unwrap_or_default();
                let err = UserError::new(format!(
                    "not synced: the remote {} did not answer within {secs} s (git {op} was stopped)",
                    output::line(&up.remote)
                ))
                .hint(format!(
                    "check the network and your access to the remote; {TIMEOUT_ENV}=SECONDS waits longer"
                ));
                Err(if op == "push" {
                    err.hint("the remote may or may not have taken the push: run `pm sync` again once it answers, it says what is left to push")
                        .hint("your commits are safe here; nothing was lost")
                } else {
                    err.hint("your commits are safe here; nothing was changed")
                }
                .into())
            }
        }
    }

    fn rev(&self, name: &str) -> Option<Oid> {
        self.repo.revparse_single(name).ok().map(|o| o.id())
    }

    fn head(&self) -> Result<Oid> {
        self.rev("HEAD").ok_or_else(|| {
            UserError::new("this clone has no commit yet; there is nothing to sync")
                .hint("pm init makes the first commit")
                .into()
        })
    }

    /// Files git lists as unmerged.
    fn unmerged(&self) -> Result<Vec<String>> {
        let out = self.ok(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
        let mut files: Vec<String> = out
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        files.dedup();
        Ok(files)
    }

    fn conflicts(&self, files: &[String]) -> Vec<(String, Vec<markers::Site>)> {
        files
            .iter()
            .map(|f| {
                let text = fs::read(self.workdir.join(f))
                    .ok()
                    .and_then(|b| yaml::decode(b).ok())
                    .unwrap_or_default();
                (f.clone(), markers::find(&text))
            })
            .collect()
    }

    /// Of the unmerged files, those one side deleted while the other
    /// changed them, with whether git's "ours" side is the one that deleted.
    fn deleted(&self, files: &[String]) -> Vec<(String, bool)> {
        let Ok(index) = self.repo.index() else {
            return Vec::new();
        };
        let Ok(conflicts) = index.conflicts() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for c in conflicts.flatten() {
            let Some(path) = [&c.our, &c.their, &c.ancestor]
                .into_iter()
                .flatten()
                .map(|e| String::from_utf8_lossy(&e.path).into_owned())
                .next()
            else {
                continue;
            };
            if !files.contains(&path) {
                continue;
            }
            match (c.our.is_none(), c.their.is_none()) {
                (true, false) => out.push((path, true)),
                (false, true) => out.push((path, false)),
                _ => {}
            }
        }
        out
    }

    /// Of the unmerged post-mortems, those whose work-tree file is one
    /// side's text exactly while the two sides differ: nothing merged
    /// them (git's merge driver could not run, and git leaves "ours" in
    /// place without markers), so committing it would drop the other
    /// side's changes (attack 80). Only a file no one has touched since
    /// git stopped the merge (written no later than MERGE_HEAD): a person
    /// who chose one side on purpose wrote it afterwards, or `git add`ed
    /// it, and then it is no longer unmerged.
    fn one_side_only(&self, files: &[String]) -> Vec<String> {
        let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).ok();
        let Some(merge_started) = modified(&self.repo.path().join("MERGE_HEAD")) else {
            return Vec::new();
        };
        let Ok(index) = self.repo.index() else {
            return Vec::new();
        };
        let Ok(conflicts) = index.conflicts() else {
            return Vec::new();
        };
        let blob = |id| self.repo.find_blob(id).ok().map(|b| b.content().to_vec());
        conflicts
            .flatten()
            .filter_map(|c| {
                let (ours, theirs) = (c.our.as_ref()?, c.their.as_ref()?);
                let path = String::from_utf8_lossy(&ours.path).into_owned();
                if !files.contains(&path)
                    || !is_postmortem(self, Path::new(&path))
                    || ours.id == theirs.id
                {
                    return None;
                }
                let file = self.workdir.join(&path);
                if modified(&file).is_none_or(|at| at > merge_started) {
                    return None;
                }
                let text = fs::read(&file).ok()?;
                let untouched = [ours.id, theirs.id]
                    .into_iter()
                    .any(|id| blob(id).is_some_and(|side| side == text));
                untouched.then_some(path)
            })
            .collect()
    }

    /// Of the unmerged `files`, those where the side that has the file
    /// has a symbolic link.
    fn links(&self, files: &[String]) -> Vec<String> {
        let Ok(index) = self.repo.index() else {
            return Vec::new();
        };
        let Ok(conflicts) = index.conflicts() else {
            return Vec::new();
        };
        conflicts
            .flatten()
            .filter_map(|c| {
                let entry = c.our.as_ref().or(c.their.as_ref())?;
                let path = String::from_utf8_lossy(&entry.path).into_owned();
                (entry.mode == 0o120000 && files.contains(&path)).then_some(path)
            })
            .collect()
    }

    fn state(&self) -> RepositoryState {
        self.repo.state()
    }
}

/// The environment variable that bounds a fetch or push, in seconds.
pub const TIMEOUT_ENV: &str = "PM_NETWORK_TIMEOUT";

/// What a sync reads from the environment, checked before a command
/// that syncs after it commits (`--sync`, `sync: auto`) writes anything:
/// a value pm refuses is a usage error, exit 2, with nothing changed.
pub fn check_settings() -> Result<()> {
    network_timeout().map(|_| ())
}

/// How long a fetch or a push may take before pm stops it: 60 s, or
/// [`TIMEOUT_ENV`] seconds (0: no limit; empty: the default). Long enough for a slow link
/// to bring in a big history; short enough that a stalled remote does
/// not keep a responder's `pm timeline add --sync` from returning.
fn network_timeout() -> Result<Option<Duration>> {
    let Some(value) = std::env::var_os(TIMEOUT_ENV).filter(|v| !v.is_empty()) else {
        return Ok(Some(Duration::from_secs(60)));
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<u64>() {
        Ok(0) => Ok(None),
        Ok(secs) => Ok(Some(Duration::from_secs(secs))),
        Err(_) => Err(UserError::new(format!(
            "{TIMEOUT_ENV}={}: not a number of seconds",
            output::line(&text)
        ))
        .hint(format!(
            "give whole seconds, such as {TIMEOUT_ENV}=120 (0 waits for ever; empty or unset, 60); nothing was changed"
        ))
        .into()),
    }
}

/// Run `cmd` to the end, or stop it once `limit` has passed: None then.
/// git runs in a process group of its own with its helpers (see
/// [`crate::child`]): asked to stop first (SIGTERM: it removes its lock
/// files and stops its own helpers), and killed with whatever is left of
/// the group if it has not within two seconds. Says what it waits for
/// once the wait gets long.
fn run_bounded(
    mut cmd: Command,
    limit: Option<Duration>,
    remote: &str,
    op: &str,
) -> Result<Option<Output>> {
    use std::io::Read;
    use std::time::Instant;
    let cannot_run = |err: std::io::Error| -> anyhow::Error {
        UserError::new(format!("cannot run git: {err}"))
            .hint("pm sync needs the `git` program on PATH")
            .into()
    };
    let mut git = crate::child::spawn(cmd.stdout(Stdio::piped()).stderr(Stdio::piped()))
        .map_err(cannot_run)?;
    // Read both pipes as the output comes, so that git never blocks on a
    // full pipe.
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = reader(
        git.child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        git.child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let mut told = false;
    let status = loop {
        if let Some(status) = git.try_wait().map_err(cannot_run)? {
            break status;
        }
        let waited = start.elapsed();
        if let Some(limit) = limit
            && waited >= limit
        {
            // Helpers that left the group (`setsid`) are found as git's
            // descendants while git is there to find them by.
            let tree = stop_tree(git.child.id() as libc::pid_t);
            git.stop();
            kill_if_still(&tree);
            git.finish(None);
            // The pipes may stay open in a helper that escaped even
            // that: their readers are left to end on their own.
            return Ok(None);
        }
        // With no limit (0) too: a person waiting for ever should know
        // what for.
        if !told
            && waited >= Duration::from_secs(5)
            && limit.is_none_or(|l| l > Duration::from_secs(10))
        {
            told = true;
            let until = match limit {
                Some(limit) => format!("pm stops waiting after {} s", limit.as_secs()),
                None => format!("{TIMEOUT_ENV}=0: pm waits as long as it takes (Ctrl-C stops it)"),
            };
            output::note(&format!(
                "pm sync: waiting for the remote {} to answer (git {op}); {until}",
                output::line(remote),
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Before the pipes are read to their end: a helper git left behind
    // may hold them open.
    git.finish(Some(status));
    Ok(Some(Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }))
}

/// Ask git (`pid`, our child, not yet waited for) and its helpers (ssh,
/// git-remote-https) to stop, and say which they are, each with when it
/// started (see [`kill_if_still`]). The helpers are found while they are
/// still its children (once git is gone they would wait on the stalled
/// connection on their own), with every process of the tree paused
/// first, so that none starts another between the look and the signal.
fn stop_tree(pid: libc::pid_t) -> Vec<(libc::pid_t, Option<u64>)> {
    let signal = |pid: libc::pid_t, sig: libc::c_int| {
        // SAFETY: kill(2) on our own child (not waited for, so its pid
        // is not reused) or on a process just read as its descendant;
        // at worst the signal finds no process.
        unsafe { libc::kill(pid, sig) };
    };
    signal(pid, libc::SIGSTOP);
    let mut tree = vec![pid];
    for _ in 0..5 {
        let found: Vec<libc::pid_t> = descendants(pid)
            .into_iter()
            .filter(|p| !tree.contains(p))
            .collect();
        if found.is_empty() {
            break;
        }
        for &p in &found {
            signal(p, libc::SIGSTOP);
        }
        tree.extend(found);
    }
    let started: Vec<(libc::pid_t, Option<u64>)> = tree.iter().map(|&p| (p, started(p))).collect();
    // Helpers first, git last: it then finds them gone, not stuck.
    for &p in tree.iter().rev() {
        signal(p, libc::SIGTERM);
        signal(p, libc::SIGCONT);
    }
    started
}

/// Kill the processes of `tree` ([`stop_tree`]) still running, after the
/// grace period: a helper that left git's process group and ignores
/// SIGTERM. Only a process that started when the one found did (the
/// same process, not another that took its pid since).
fn kill_if_still(tree: &[(libc::pid_t, Option<u64>)]) {
    for &(pid, when) in tree {
        if when.is_some() && started(pid) == when {
            // SAFETY: kill(2) on the process found in the tree, checked
            // to be the same by its start time.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

/// When process `pid` started (clock ticks after boot, field 22 of
/// /proc/PID/stat); None where there is no /proc.
fn started(pid: libc::pid_t) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// The processes below `pid` (children, theirs, ...), as Linux's /proc
/// lists them; none where there is no /proc.
fn descendants(pid: libc::pid_t) -> Vec<libc::pid_t> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    // (pid, parent) of every process: the parent is the 4th field of
    // /proc/PID/stat, after the command name in parentheses.
    let parents: Vec<(libc::pid_t, libc::pid_t)> = entries
        .flatten()
        .filter_map(|e| {
            let pid: libc::pid_t = e.file_name().to_str()?.parse().ok()?;
            let stat = fs::read_to_string(e.path().join("stat")).ok()?;
            let after = &stat[stat.rfind(')')? + 1..];
            let parent = after.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, parent))
        })
        .collect();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let of = found[i];
        found.extend(parents.iter().filter(|(_, p)| *p == of).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}

/// What git said (its standard error, else its output), a line each.
fn git_lines(out: &Output) -> Vec<String> {
    let text = String::from_utf8_lossy(&out.stderr);
    let text = if text.trim().is_empty() {
        String::from_utf8_lossy(&out.stdout)
    } else {
        text
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `what` failed, with git's first line in the message and the others
/// below it, a line each as git printed them (they were joined with "; "
/// into one long line), at most five, as for a server's `remote:` lines.
fn git_error(what: String, lines: &[String]) -> UserError {
    let mut err = UserError::new(match lines.first() {
        Some(first) => format!("{what}: {first}"),
        None => what,
    });
    for line in lines.iter().skip(1).take(5) {
        err = err.hint(format!("git: {line}"));
    }
    if lines.len() > 6 {
        err = err.hint(format!("git: ... ({} more lines)", lines.len() - 6));
    }
    err
}

fn operation(state: RepositoryState) -> Option<&'static str> {
    crate::git::operation(state)
}

/// The branch, its remote and the remote branch it tracks.
struct Upstream {
    remote: String,
    /// `refs/heads/main` on the remote.
    merge: String,
    /// `refs/remotes/origin/main` here.
    tracking: String,
}

impl Upstream {
    fn short(&self) -> String {
        self.tracking
            .strip_prefix("refs/remotes/")
            .unwrap_or(&self.tracking)
            .to_string()
    }
}

fn upstream(clone: &Clone) -> Result<Upstream> {
    let repo = &clone.repo;
    let head = repo.head().map_err(|_| {
        UserError::new("this clone has no commit yet; there is nothing to sync")
            .hint("pm init makes the first commit")
    })?;
    if !head.is_branch() {
        return Err(UserError::new("HEAD is detached: pm sync syncs a branch")
            .hint("check out your branch first: git switch main")
            .into());
    }
    let refname = head.name().unwrap_or("").to_string();
    let branch = head.shorthand().unwrap_or("").to_string();
    let remotes: Vec<String> = repo
        .remotes()
        .map(|r| {
            r.iter()
                .filter_map(|s| s.ok().flatten().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let missing = || -> anyhow::Error {
        let err = UserError::new(format!(
            "branch {branch} has no upstream: pm sync does not know where to share it"
        ));
        match remotes.first() {
            None => err
                .hint("add the team's shared remote: git remote add origin URL")
                .hint(format!("then push once with: git push -u origin {branch}"))
                .hint("`pm sync --help` shows the whole setup"),
            Some(remote) => err.hint(format!(
                "push once with: git push -u {remote} {branch} (later, pm sync does it)"
            )),
        }
        .into()
    };
    let remote = repo
        .branch_upstream_remote(&refname)
        .ok()
        .and_then(|b| b.as_str().map(String::from).ok())
        .ok_or_else(missing)?;
    let merge = repo
        .config()
        .ok()
        .and_then(|c| c.get_string(&format!("branch.{branch}.merge")).ok())
        .ok_or_else(missing)?;
    let tracking = repo
        .branch_upstream_name(&refname)
        .ok()
        .and_then(|b| b.as_str().map(String::from).ok())
        .unwrap_or_else(|| {
            format!(
                "refs/remotes/{remote}/{}",
                merge.strip_prefix("refs/heads/").unwrap_or(&merge)
            )
        });
    Ok(Upstream {
        remote,
        merge,
        tracking,
    })
}

pub fn sync(ctx: &Ctx, push: bool, on_conflict: OnConflict) -> Result<Outcome> {
    let clone = Clone::open(ctx)?;
    let mut outcome = Outcome::default();
    fs::create_dir_all(ctx.store.state_dir()).ok();
    fs::remove_file(&clone.notes).ok();

    // A sync that stopped at a conflict, or a `git pull` that did: finish it
    // once the person resolved the files. What came in is measured from
    // where the branch was before that rebase.
    let before_rebase = rebase_orig_head(&clone);
    let rebasing_onto = rebase_file(&clone, "onto");
    // What an earlier sync merged before it stopped at that conflict (ids
    // it renumbered): reported by the run that finishes the work.
    let pending = ctx.store.state_dir().join(PENDING);
    let (mut notes, pending_onto) = carried_notes(&clone, &pending, before_rebase);
    // The rebase a stopped sync left is the round its last notes came
    // from; this run's own rounds come after it.
    let carried_round = notes.iter().map(|n| n.round).max().unwrap_or(0);
    if let Some(op) = operation(clone.state()) {
        if let Some(stopped) = resume(ctx, &clone, op)? {
            notes.extend(take_notes(&clone, carried_round));
            fs::remove_file(&clone.notes).ok();
            outcome.stopped = Some(stopped.with_shared_ids(&notes));
            keep_pending(&clone, &pending, notes);
            return Ok(outcome);
        }
        outcome.finished = Some(op);
        // The rebase is finished: the commits git replayed before and
        // after the stop name renumbered items by their new ids, as on
        // the path that does not stop.
        let done_now = take_notes(&clone, carried_round);
        if op == "rebase"
            && let Some(onto) = rebasing_onto
        {
            let _lock = ctx.store.lock()?;
            reword(&clone, onto, notes.iter().chain(&done_now), None)?;
        }
        notes.extend(done_now);
    } else if let Some((orig, onto)) = pending_onto {
        // The person finished the rebase with git itself: only the commits
        // it replayed, not those made since (a `pm action done` of the
        // others' item under its own id).
        let replayed = originals(&clone, onto, orig);
        let _lock = ctx.store.lock()?;
        reword(&clone, onto, notes.iter(), Some(&replayed))?;
    }
    let up = upstream(&clone)?;
    outcome.upstream = up.short();
    // Under the lock: a pm write in this clone holds it from its file's
    // write to its commit, and is not taken for uncommitted changes.
    let dirty = {
        let _lock = ctx.store.lock()?;
        clone.ok(&["status", "--porcelain", "--untracked-files=no"])?
    };
    if !dirty.trim().is_empty() {
        let files: Vec<&str> = dirty
            .lines()
            .map(|l| l.get(3..).unwrap_or(l))
            .take(5)
            .collect();
        return Err(UserError::new(format!(
            "uncommitted changes in {}: pm sync shares commits only",
            files.join(", ")
        ))
        .hint("commit them (pm commits its own changes), or put them aside with `git stash`")
        .hint("nothing was changed")
        .into());
    }

    let start = before_rebase.unwrap_or(clone.head()?);
    // Conflict markers committed by hand (a rebase or merge finished with
    // them still in) would block every teammate's next write to that
    // post-mortem: refused before anything is fetched or moved.
    if push {
        refuse_unreadable(
            &clone,
            clone.rev(&up.tracking),
            clone.head()?,
            "not pushed, your commits leave a post-mortem no pm can read",
        )
        .map_err(|err| {
            with_hint(
                err,
                "nothing was changed; fix it, commit, then run `pm sync` again",
            )
        })?;
    }
    // The upstream as last fetched: what came in is measured up to here
    // (after our push, the upstream holds our own commits too).
    let mut fetched_head = None;
    // Where the branch was before this run brought the others' commits
    // in: an error after that must not claim that nothing changed.
    let branch_was = clone.head()?;
    let moved_hint = |err: anyhow::Error| -> anyhow::Error {
        match clone.head() {
            Ok(now) if now != branch_was => with_hint(
                match err.downcast::<UserError>() {
                    Ok(mut user) => {
                        for hint in &mut user.hints {
                            *hint = hint.replace("nothing was changed", "nothing was lost");
                        }
                        user.into()
                    }
                    Err(err) => err,
                },
                &format!(
                    "before the push, pm sync brought the others' commits in: your branch is now on top of {}; it was at {} (`git reset --hard {}` goes back to it)",
                    up.short(),
                    short(branch_was),
                    short(branch_was)
                ),
            ),
            _ => err,
        }
    };
    for attempt in 1..=ATTEMPTS {
        outcome.attempts = attempt;
        // Only the upstream branch: the less fetched, the sooner the push.
        let refspec = format!("+{}:{}", up.merge, up.tracking);
        let mut fetched = clone
            .network(&["fetch", "--quiet", &up.remote, &refspec], &up)
            .map_err(moved_hint)?;
        // Another fetch in this clone moving the same ref (a second pm
        // sync, an editor's background fetch) is over in moments: wait for
        // it rather than fail.
        for _ in 0..10 {
            let locked = git_lines(&fetched)
                .iter()
                .any(|l| l.contains("cannot lock ref"));
            if fetched.status.success() || !locked {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(300));
            fetched = clone
                .network(&["fetch", "--quiet", &up.remote, &refspec], &up)
                .map_err(moved_hint)?;
        }
        if !fetched.status.success() {
            let lines = git_lines(&fetched);
            // Another fetch in this clone (a second pm sync, an editor's
            // background fetch) holds the ref: not a network problem.
            let why = if lines.iter().any(|l| l.contains("cannot lock ref")) {
                "another git fetch or pm sync in this clone is updating the same branch; run pm sync again once it is done"
            } else {
                "check the network and your access to the remote (git's credentials are used as they are)"
            };
            return Err(moved_hint(
                git_error(format!("git fetch {} failed", up.remote), &lines)
                    .hint(why)
                    .hint("your commits are safe here; nothing was changed")
                    .into(),
            ));
        }
        let remote_head = clone.rev(&up.tracking);
        fetched_head = remote_head;
        let round = carried_round + attempt;
        let mut merged = Vec::new();
        let into = integrate(
            ctx,
            &clone,
            (remote_head, &outcome.upstream),
            on_conflict,
            &mut merged,
        );
        merged.extend(take_notes(&clone, round));
        for note in &mut merged {
            note.round = round;
        }
        notes.extend(merged);
        let into = into?;
        if let Some(stopped) = into {
            outcome.stopped = Some(stopped.with_shared_ids(&notes));
            break;
        }
        let head = clone.head()?;
        if !push {
            outcome.ahead = count(&clone, remote_head, head);
            break;
        }
        if Some(head) == remote_head {
            break;
        }
        // Again on what the rebase made, before anything leaves the clone.
        refuse_unreadable(
            &clone,
            remote_head,
            head,
            "not pushed, a post-mortem no pm can read",
        )
        .map_err(|err| with_hint(err, "nothing was pushed; your commits are safe here (`git reflog` shows where the branch was before this sync)"))?;
        let ahead = count(&clone, remote_head, head);
        match push_once(&clone, &up).map_err(moved_hint)? {
            None => {
                outcome.pushed = ahead;
                break;
            }
            Some(reason) => {
                if attempt == ATTEMPTS {
                    return Err(UserError::new(format!(
                        "the push to {} was refused {ATTEMPTS} times: others keep pushing ({reason})",
                        up.short()
                    ))
                    .hint("run `pm sync` again in a moment; your commits are safe here")
                    .into());
                }
                std::thread::sleep(pause(attempt));
            }
        }
    }
    if outcome.stopped.is_some() {
        keep_pending(&clone, &pending, notes);
        return Ok(outcome);
    }
    fs::remove_file(&pending).ok();
    outcome.notes = collapse(notes).into_iter().filter(|n| n.tells()).collect();
    if let Some(remote_head) = fetched_head {
        let (lines, commits) = incoming(&clone, start, remote_head);
        outcome.incoming = lines;
        outcome.incoming_commits = commits;
    }
    Ok(outcome)
}

/// Continue a rebase or merge in progress once no conflict markers are
/// left; say where they are otherwise.
fn resume(ctx: &Ctx, clone: &Clone, op: &'static str) -> Result<Option<Stopped>> {
    if !matches!(op, "rebase" | "merge") {
        return Err(UserError::new(format!(
            "a git {op} is in progress in this clone; pm sync does not sync in the middle of it"
        ))
        .hint(format!(
            "finish it ({}) or abort it (`{}`), then run pm sync again",
            crate::git::finish_command(op),
            crate::git::abort_command(op)
        ))
        .into());
    }
    let others_first = op == "rebase" || merge_by_sync(ctx, clone);
    let files = clone.unmerged()?;
    refuse_unresolved_too_large(clone, op, &files)?;
    let conflicts = clone.conflicts(&files);
    // A file deleted on one side and changed on the other waits for the
    // person's `git add` or `git rm`: pm does not choose for them.
    let deleted = clone.deleted(&files);
    if conflicts.iter().any(|(_, sites)| !sites.is_empty()) || !deleted.is_empty() {
        return Ok(Some(Stopped {
            files: conflicts
                .into_iter()
                .filter(|(_, s)| !s.is_empty())
                .collect(),
            deleted: deleted
                .into_iter()
                .map(|(f, ours)| (f, ours == others_first))
                .collect(),
            operation: op,
            others_first,
            shared_ids: Vec::new(),
            links: clone.links(&files),
        }));
    }
    // A post-mortem git left unmerged with one side's text only: nothing
    // merged it, and committing it would lose the other side's changes.
    let unmerged_sides = clone.one_side_only(&files);
    if !unmerged_sides.is_empty() {
        return Err(UserError::new(format!(
            "the {op} is not finished: git left {} unmerged with only one side's text in it, so the other side's changes are not there (git's merge driver for post-mortems did not run)",
            unmerged_sides.join(", ")
        ))
        .hint(format!(
            "give the {op} up with `{}` and run `pm sync` (it merges post-mortems itself; `pm init` reinstalls the driver for `git pull`); or, to keep that one side on purpose, `git add` the file and run `pm sync` again",
            crate::git::abort_command(op)
        ))
        .into());
    }
    // What the person resolved is committed by what follows, and pushed:
    // the push's own check of what no pm can read, first, while the
    // operation can still be aborted (a duplicate key is what deleting
    // only the marker lines of a conflict on one field gives).
    let then = format!("then run `pm sync` again to finish the {op} and push");
    let (resolved, staged): (Vec<_>, Vec<_>) = resolved_postmortems(clone, &files)?
        .into_iter()
        .partition(|(file, _)| !staged_differs(clone, &files, file));
    let mut found = unreadable_errors(clone, resolved, &then);
    // A version `git add`ed, then fixed in the work tree without another
    // `git add`: what git would commit is the staged one.
    for (file, text) in staged {
        let word = output::shell_word(&file).into_owned();
        for err in unreadable_errors(clone, vec![(file, text)], &then) {
            found.push(
                UserError::new(format!(
                    "{}, in the version staged in git's index",
                    err.message
                ))
                .hint(format!(
                    "the file in the work tree differs from that version: once the file is right, `git add {word}` stages it; {then}"
                )),
            );
        }
    }
    let what = if op == "rebase" {
        "the rebase is not continued"
    } else {
        "the merge is not committed"
    };
    refusal(
        &format!("{what}: the resolution leaves a post-mortem no pm can read"),
        found,
    )
    .map_err(|err| {
        with_hint(
            err,
            &format!(
                "the {op} is still in progress, as you left it; or give it up with `{}`: your commits stay as they were",
                crate::git::abort_command(op)
            ),
        )
    })?;
    if op == "rebase" {
        refuse_unstaged(clone, &files)?;
    }
    let _lock = ctx.store.lock()?;
    if !files.is_empty() {
        let mut args = vec!["add", "--"];
        args.extend(files.iter().map(String::as_str));
        clone.ok(&args)?;
    }
    let out = if op == "rebase" {
        sign_as_configured_now(clone);
        clone.output(&["rebase", "--continue"])?
    } else {
        clone.output(&["commit", "--no-edit", "--quiet"])?
    };
    if out.status.success() {
        fs::remove_file(ctx.store.state_dir().join(MERGING)).ok();
        return Ok(None);
    }
    stopped_or_error(clone, op, &out, others_first)
}

/// Whether `file`, not among the `unmerged` (which pm stages itself),
/// is staged with other bytes than the work tree holds.
fn staged_differs(clone: &Clone, unmerged: &[String], file: &str) -> bool {
    if unmerged.iter().any(|f| f == file) {
        return false;
    }
    let Ok(index) = clone.repo.index() else {
        return false;
    };
    let Some(entry) = index.get_path(Path::new(file), 0) else {
        return false;
    };
    let staged = clone.repo.find_blob(entry.id).ok();
    let on_disk = fs::read(clone.workdir.join(file)).ok();
    match (staged, on_disk) {
        (Some(blob), Some(bytes)) => blob.content() != bytes.as_slice(),
        _ => false,
    }
}

/// Before `git rebase --continue`: files changed in the work tree since
/// they were staged (other than the unmerged, which pm stages). git
/// refuses to continue then, in words about conflicts that name no file
/// ("You must edit all merge conflicts..."): named here, with what of a
/// post-mortem's work-tree version no pm could read.
fn refuse_unstaged(clone: &Clone, unmerged: &[String]) -> Result<()> {
    let out = clone.ok(&["diff", "--name-only", "--no-renames", "-z"])?;
    let files: Vec<&str> = out
        .split('\0')
        .filter(|f| !f.is_empty() && !unmerged.iter().any(|u| u == f))
        .collect();
    let Some(first) = files.first() else {
        return Ok(());
    };
    let shown: Vec<String> = files
        .iter()
        .take(5)
        .map(|f| output::name(f).into_owned())
        .collect();
    let mut err = UserError::new(format!(
        "the rebase is not continued: {} changed in the work tree since {} staged, and git continues only with what is staged",
        shown.join(", "),
        if files.len() == 1 {
            "it was"
        } else {
            "they were"
        }
    ));
    let in_tree: Vec<(String, Result<String, Undecodable>)> = files
        .iter()
        .filter(|f| is_postmortem(clone, Path::new(f)))
        .filter_map(|f| {
            let bytes = fs::read(clone.workdir.join(f)).ok()?;
            Some((f.to_string(), decoded(bytes)))
        })
        .collect();
    for problem in unreadable_errors(clone, in_tree, "") {
        err = err.hint(format!(
            "{} (in the work tree; the staged version is fine)",
            problem.message
        ));
    }
    let word = output::shell_word(first);
    Err(err
        .hint(format!(
            "to take the change: `git add {word}` (once pm can read it); to drop it: `git restore {word}`; then run `pm sync` again"
        ))
        .hint("the rebase is still in progress, as you left it; or give it up with `git rebase --abort`: your commits stay as they were")
        .into())
}

/// An unmerged file still holding git's conflict markers, with both sides
/// in it past the size a post-mortem may have (the merge driver leaves it
/// so, rather than a merged file no pm reads): said as an unresolved
/// conflict, not as a resolution pm cannot read.
fn refuse_unresolved_too_large(clone: &Clone, op: &str, files: &[String]) -> Result<()> {
    for file in files {
        let path = clone.workdir.join(file);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() || meta.len() as usize <= store::MAX_FILE_BYTES {
            continue;
        }
        let Ok(bytes) = fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if markers::find(&text).is_empty() {
            continue;
        }
        let (size, limit) = crate::store::limits::sizes(bytes.len(), store::MAX_FILE_BYTES);
        return Err(UserError::new(format!(
            "the {op} is not finished: the conflict in {} is not resolved; its two sides, between conflict markers, are {size} together, over the {limit} a post-mortem may hold",
            output::name(file)
        ))
        .hint("keep one side, add what you need of the other while keeping the file under the limit, and delete the marker lines; then run `pm sync` again")
        .hint(format!(
            "or give the {op} up with `{}`: your commits stay as they were",
            crate::git::abort_command(op)
        ))
        .into());
    }
    Ok(())
}

/// `commit.gpgsign` as it is now for the commits `git rebase --continue`
/// makes: git keeps to what it read when the rebase started, and with
/// signing turned on after the stop it would have committed the rest
/// unsigned, and pm pushed it (attack 80 D7). Turned on: `-S` in the
/// rebase's saved options, as a rebase started with signing on has it
/// (with a note that pm put it there); turned off again: pm's `-S` out.
fn sign_as_configured_now(clone: &Clone) {
    let dir = clone.repo.path().join("rebase-merge");
    if !dir.is_dir() {
        return;
    }
    let signs = crate::git::git_config(&clone.repo)
        .ok()
        .and_then(|c| c.get_bool("commit.gpgsign").ok())
        .unwrap_or(false);
    let (saved, ours) = (dir.join("gpg_sign_opt"), dir.join("pm-gpg-sign"));
    if signs && !saved.exists() {
        if fs::write(&saved, "-S\n").is_ok() {
            fs::write(&ours, "").ok();
        }
    } else if !signs && ours.exists() {
        fs::remove_file(&saved).ok();
        fs::remove_file(&ours).ok();
    }
}

/// Where pm sync notes the upstream commit of a `git merge` it started
/// (see [`SWAP_ENV`]), so that a later run tells the two sides apart.
const MERGING: &str = "sync-merge";

/// Whether the merge in progress is one pm sync started.
fn merge_by_sync(ctx: &Ctx, clone: &Clone) -> bool {
    let saved = fs::read_to_string(ctx.store.state_dir().join(MERGING));
    let head = fs::read_to_string(clone.repo.path().join("MERGE_HEAD"));
    matches!((saved, head), (Ok(a), Ok(b)) if !a.trim().is_empty() && a.trim() == b.trim())
}

/// What went wrong in git's words, without its hints: the `error:` and
/// `fatal:` lines, else all of it.
fn git_failure(out: &Output) -> Vec<String> {
    let text = String::from_utf8_lossy(&out.stderr);
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        let said = line
            .strip_prefix("error: ")
            .or_else(|| line.strip_prefix("fatal: "));
        let said = said.map(|s| s.trim_end_matches(':'));
        if let Some(said) = said
            && !lines.contains(&said)
        {
            lines.push(said);
        }
    }
    if lines.is_empty() {
        git_lines(out)
    } else {
        lines.into_iter().map(str::to_string).collect()
    }
}

/// After a failed rebase or merge: the conflicts it left, or an error.
fn stopped_or_error(
    clone: &Clone,
    op: &'static str,
    out: &Output,
    others_first: bool,
) -> Result<Option<Stopped>> {
    if operation(clone.state()).is_some() {
        let files = clone.unmerged()?;
        if !files.is_empty() {
            let deleted: Vec<(String, bool)> = clone
                .deleted(&files)
                .into_iter()
                .map(|(f, ours)| (f, ours == others_first))
                .collect();
            return Ok(Some(Stopped {
                files: clone
                    .conflicts(&files)
                    .into_iter()
                    .filter(|(f, _)| !deleted.iter().any(|(d, _)| d == f))
                    .collect(),
                deleted,
                operation: op,
                others_first,
                shared_ids: Vec::new(),
                links: clone.links(&files),
            }));
        }
    }
    let lines = git_failure(out);
    if crate::git::signing_failed(&lines) {
        let what = lines
            .iter()
            .find(|l| crate::git::signing_failed(&[l]))
            .map(|l| l.trim_end_matches(':'))
            .unwrap_or("");
        return Err(UserError::new(format!(
            "git {op} failed: the commit could not be signed ({what})"
        ))
        .hint(crate::git::signing_help(&lines))
        .hint(format!(
            "the {op} is still in progress: `pm sync` finishes it once git can sign; or give it up with `git {op} --abort`"
        ))
        .into());
    }
    Err(git_error(format!("git {op} failed"), &lines)
        .hint(format!(
            "your commits are safe: `git {op} --abort` goes back to where you were, if it is still in progress"
        ))
        .into())
}

/// Bring the branch up to the upstream: nothing, a fast-forward, or a
/// rebase of the local commits onto it.
fn integrate(
    ctx: &Ctx,
    clone: &Clone,
    (remote_head, upstream): (Option<Oid>, &str),
    on_conflict: OnConflict,
    notes: &mut Vec<Note>,
) -> Result<Option<Stopped>> {
    let Some(remote_head) = remote_head else {
        return Ok(None); // the remote branch does not exist yet: push makes it
    };
    // The repository lock before HEAD is read: no pm write moves the
    // branch between the read and the rebase onto it.
    let _lock = ctx.store.lock()?;
    let head = clone.head()?;
    let repo = &clone.repo;
    if head == remote_head || repo.graph_descendant_of(head, remote_head).unwrap_or(false) {
        return Ok(None);
    }
    let target = remote_head.to_string();
    let refname = repo
        .head()
        .ok()
        .and_then(|h| h.name().ok().map(String::from))
        .unwrap_or_default();
    let moved = |err: anyhow::Error| -> anyhow::Error {
        if err.downcast_ref::<UserError>().is_some() {
            return err;
        }
        UserError::new(format!(
            "cannot bring the work tree up to {}: {err}",
            short(remote_head)
        ))
        .hint("a file may have changed while pm sync ran; nothing was lost, run pm sync again")
        .into()
    };
    if repo.graph_descendant_of(remote_head, head).unwrap_or(false) {
        rebase::advance(repo, &refname, head, remote_head, "pm sync: fast-forward")
            .map_err(moved)?;
        return Ok(None);
    }
    // A history with merge commits is merged with the upstream, not
    // rebased (see [`rebase::has_merges`]).
    let merging = rebase::has_merges(repo, head, remote_head).unwrap_or(false);
    let message = format!("Merge remote-tracking branch '{upstream}'");
    // In-process when it can (fast: the push follows at once), else git.
    let signs = crate::git::git_config(repo)
        .ok()
        .and_then(|c| c.get_bool("commit.gpgsign").ok())
        .unwrap_or(false);
    if !signs {
        let (_, committer) = crate::git::identity(repo)?;
        let pm_dir = clone.prefix.join(POSTMORTEMS_DIR);
        let done = if merging {
            rebase::merge_commit(repo, &pm_dir, head, remote_head, &committer, &message)?
        } else {
            rebase::rebase(repo, &pm_dir, head, remote_head, &committer)?
        };
        if let rebase::Rebased::Done(new, merges) = done {
            // A merge is a write like any other: never one no reader
            // would take (two big timelines merged past the size limit).
            refuse_unreadable(
                clone,
                Some(remote_head),
                new,
                "cannot merge the others' changes with yours: the result would be a post-mortem no pm can read",
            )
            .map_err(|err| with_hint(err, "nothing was changed; your commits are as they were"))?;
            let why = if merging {
                format!("pm sync: merge {}", short(remote_head))
            } else {
                format!("pm sync: rebase onto {}", short(remote_head))
            };
            rebase::advance(repo, &refname, head, new, &why).map_err(moved)?;
            notes.extend(merges.into_iter().map(|m| Note {
                path: m.path,
                renumbered: m.report.renumbered,
                timeline_added: m.report.timeline_added,
                actions_added: m.report.actions_added,
                conflicts: Vec::new(),
                fallback: m.fallback,
                round: 0,
                both_created: m.report.both_created,
                shared_id: None,
                yielded: m.report.yielded,
                same_item: m.report.same_item,
            }));
            return Ok(None);
        }
    }
    let merging_file = ctx.store.state_dir().join(MERGING);
    let (op, out) = if merging {
        fs::write(&merging_file, format!("{target}\n")).ok();
        let args = [
            "merge",
            "--no-ff",
            "--no-edit",
            "--quiet",
            "-m",
            &message,
            &target,
        ];
        let out = clone
            .git(&args)
            .env(SWAP_ENV, "1")
            .output()
            .map_err(|err| {
                UserError::new(format!("cannot run git: {err}"))
                    .hint("pm sync needs the `git` program on PATH")
            })?;
        ("merge", out)
    } else {
        let out = clone.output(&["rebase", "--no-autostash", "--quiet", &target])?;
        ("rebase", out)
    };
    if out.status.success() {
        fs::remove_file(&merging_file).ok();
        if op == "rebase" {
            reword(clone, remote_head, read_notes(&clone.notes).iter(), None)?;
        }
        return Ok(None);
    }
    let stopped = stopped_or_error(clone, op, &out, true);
    // A failure that is not a conflict for a person (a commit that could
    // not be signed, a hook), or a conflict with nobody there to resolve
    // it: back to where the clone was, so that an error changed nothing.
    let give_up = stopped.is_err() || on_conflict == OnConflict::Abort;
    if give_up && operation(clone.state()).is_some() {
        let _ = clone.output(&[op, "--abort"]);
        fs::remove_file(&merging_file).ok();
        match stopped {
            Ok(Some(stopped)) => {
                let stopped = stopped.with_shared_ids(&read_notes(&clone.notes));
                let what: Vec<String> =
                    stopped
                        .files
                        .iter()
                        .flat_map(|(f, sites)| {
                            sites
                                .iter()
                                .map(move |s| format!("{f}: {}", markers::message(s)))
                        })
                        .chain(stopped.deleted.iter().map(|(f, _)| {
                            format!("{f}: deleted on one side, changed on the other")
                        }))
                        .chain(
                            stopped
                                .shared_ids
                                .iter()
                                .map(|(f, id)| format!("{f}: {}", shared_id_words(id))),
                        )
                        .collect();
                return Err(UserError::new(format!(
                    "a change from others conflicts with yours ({})",
                    what.join("; ")
                ))
                .hint("your commit is kept here as it was; run `pm sync` to resolve the conflict")
                .into());
            }
            Err(err) => {
                let mut undone = UserError::new(first_line(&err));
                // What to do about a commit git could not sign stays;
                // what to do about the operation does not, it is undone.
                if let Some(user) = err.downcast_ref::<UserError>() {
                    for hint in user
                        .hints
                        .iter()
                        .filter(|h| h.starts_with("commit.gpgsign"))
                    {
                        undone = undone.hint(hint.clone());
                    }
                }
                return Err(undone
                    .hint(format!(
                        "pm sync undid its {op}: your commits and files are as they were; nothing was changed"
                    ))
                    .into());
            }
            Ok(None) => {}
        }
    }
    stopped
}

/// Why the bytes of a post-mortem are not text pm reads.
enum Undecodable {
    /// A symbolic link (its blob is the link's target).
    Link,
    /// Larger than a post-mortem may be: why, in words with the sizes.
    TooLarge(String),
    /// Not UTF-8: where the first bad byte is.
    NotUtf8(yaml::YamlError),
}

/// The text of a post-mortem's bytes, as every pm command decodes them.
fn decoded(bytes: Vec<u8>) -> Result<String, Undecodable> {
    let too_large = bytes.len() > store::MAX_FILE_BYTES;
    yaml::decode(bytes).map_err(|err| {
        if too_large {
            Undecodable::TooLarge(err.message)
        } else {
            Undecodable::NotUtf8(err)
        }
    })
}

/// Whether `path` (relative to the work tree) is a post-mortem of this
/// repository.
fn is_postmortem(clone: &Clone, path: &Path) -> bool {
    path.starts_with(clone.prefix.join(POSTMORTEMS_DIR))
        && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The post-mortems that differ between `from` (the upstream; None when
/// the remote branch does not exist yet) and `head`, with their text
/// there, or why pm cannot read it (larger than a post-mortem may be, not
/// UTF-8): what a push of `head` would change on the remote.
fn changed_postmortems(
    clone: &Clone,
    from: Option<Oid>,
    head: Oid,
) -> Vec<(String, Result<String, Undecodable>)> {
    let repo = &clone.repo;
    let tree = |oid: Oid| repo.find_commit(oid).and_then(|c| c.tree()).ok();
    let Some(new) = tree(head) else {
        return Vec::new();
    };
    let old = from.and_then(tree);
    let Ok(diff) = repo.diff_tree_to_tree(old.as_ref(), Some(&new), None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for delta in diff.deltas() {
        if delta.status() == git2::Delta::Deleted {
            continue;
        }
        let Some(path) = delta.new_file().path() else {
            continue;
        };
        if !is_postmortem(clone, path) {
            continue;
        }
        let file = path.to_string_lossy().into_owned();
        // Already unreadable on the remote (someone pushed it so): this
        // push does not make it worse, and refusing it would only stop
        // this clone from sharing its work; the summary has told what
        // came in.
        let old = delta.old_file();
        if old.mode() != git2::FileMode::Link && broken_blob(repo, old.id()) {
            continue;
        }
        if delta.new_file().mode() == git2::FileMode::Link {
            out.push((file, Err(Undecodable::Link)));
            continue;
        }
        let Ok(blob) = repo.find_blob(delta.new_file().id()) else {
            continue;
        };
        out.push((file, decoded(blob.content().to_vec())));
    }
    out
}

/// Whether the blob `id` is a post-mortem no pm reads (not one at all,
/// for the zero id of a file that was not there).
fn broken_blob(repo: &Repository, id: Oid) -> bool {
    !id.is_zero()
        && repo
            .find_blob(id)
            .ok()
            .is_some_and(|blob| match yaml::decode(blob.content().to_vec()) {
                Ok(text) => unreadable(&text).is_some(),
                Err(_) => true,
            })
}

/// The post-mortems a `git rebase --continue` or the commit of a merge
/// in progress would commit, as [`changed_postmortems`] gives them: the
/// unmerged files as the person left them in the work tree (pm adds
/// them), the other files as they are staged. Symbolic links are left to
/// the push's own check, which knows whether the remote has them already.
fn resolved_postmortems(
    clone: &Clone,
    unmerged: &[String],
) -> Result<Vec<(String, Result<String, Undecodable>)>> {
    let staged = clone.ok(&[
        "diff",
        "--cached",
        "--name-only",
        "--no-renames",
        "-z",
        "HEAD",
    ])?;
    let mut files: Vec<String> = unmerged.to_vec();
    for file in staged.split('\0').filter(|f| !f.is_empty()) {
        if !files.iter().any(|f| f == file) {
            files.push(file.to_string());
        }
    }
    let index = clone.repo.index().ok();
    // A file already unreadable on either side (pushed so by someone) is
    // not made worse by this commit, as for a push.
    let sides: Vec<git2::Tree> = ["HEAD", "MERGE_HEAD"]
        .iter()
        .filter_map(|r| clone.repo.revparse_single(r).ok()?.peel_to_tree().ok())
        .collect();
    let broken_on_a_side = |file: &str| {
        sides.iter().any(|tree| {
            tree.get_path(Path::new(file))
                .ok()
                .is_some_and(|e| e.filemode() != 0o120000 && broken_blob(&clone.repo, e.id()))
        })
    };
    let mut out = Vec::new();
    for file in files {
        if !is_postmortem(clone, Path::new(&file)) || broken_on_a_side(&file) {
            continue;
        }
        let bytes = if unmerged.contains(&file) {
            let path = clone.workdir.join(&file);
            match fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_file() => fs::read(&path).ok(),
                _ => None,
            }
        } else {
            index
                .as_ref()
                .and_then(|i| i.get_path(Path::new(&file), 0))
                .filter(|e| e.mode != 0o120000)
                .and_then(|e| clone.repo.find_blob(e.id).ok())
                .map(|b| b.content().to_vec())
        };
        if let Some(bytes) = bytes {
            out.push((file, decoded(bytes)));
        }
    }
    Ok(out)
}

/// Refuse to share post-mortems no pm could read: with conflict markers
/// left in them (a rebase or merge finished by hand with the markers
/// still in), larger than a post-mortem may be (a merge of two big
/// timelines), a symlink, invalid YAML or a missing title. A file that
/// is already unreadable on the remote is not refused (this push does
/// not make it worse). Every pm command refuses such a file, so a push would
/// block the whole team's writes to it. `why` says what was not done.
/// Markers already on the remote (someone else pushed them) are not
/// in the diff, unless the person's commits changed that file as well.
fn refuse_unreadable(clone: &Clone, from: Option<Oid>, head: Oid, why: &str) -> Result<()> {
    let found = unreadable_errors(
        clone,
        changed_postmortems(clone, from, head),
        "commit, then run `pm sync` again",
    );
    refusal(why, found)
}

/// Each of `files` no pm command would read, as an error naming the file
/// (and line and column) and what is wrong, with what to do about it,
/// ending in `then` (what to run once it is fixed).
fn unreadable_errors(
    clone: &Clone,
    files: Vec<(String, Result<String, Undecodable>)>,
    then: &str,
) -> Vec<UserError> {
    let root = clone.workdir.join(&clone.prefix);
    let mut found: Vec<UserError> = Vec::new();
    for (file, text) in files {
        let shown = output::name(&file).into_owned();
        match text {
            Ok(text) => match unreadable(&text) {
                None => {}
                // Named and explained as every pm command does.
                Some(Unreadable::Markers(_)) => {
                    found.extend(markers::user_error(&shown, &text, &root));
                }
                Some(Unreadable::Invalid(err)) => found.push(
                    UserError::new(format!("{shown}:{}: {}", err.line, err.message))
                        .hint(format!("no pm command would read it: fix it (`pm lint {shown}` says how), {then}")),
                ),
            },
            Err(Undecodable::NotUtf8(err)) => found.push(
                UserError::new(format!("{shown}:{}:{}: {}", err.line, err.column, err.message))
                    .hint(format!("no pm command would read it: save it as UTF-8, {then}")),
            ),
            Err(Undecodable::TooLarge(why)) => found.push(
                UserError::new(format!("{shown}: {why}"))
                    .hint(format!("no pm command would read it, nor write to it: make it smaller (shorten long text, or remove timeline entries with `pm timeline rm` on the side that added them), {then}")),
            ),
            Err(Undecodable::Link) => found.push(
                UserError::new(format!("{shown}: is a symlink, which pm never follows"))
                    .hint(format!("no pm command would read it, nor write to it: replace it with a post-mortem pm can read (or take it out with `git rm`), {then}")),
            ),
        }
    }
    found
}

/// The first of `found` as an error saying `why` (what was not done),
/// with the others named in a hint; Ok when there are none.
fn refusal(why: &str, found: Vec<UserError>) -> Result<()> {
    let Some(first) = found.first() else {
        return Ok(());
    };
    let mut err = UserError::new(format!("{why}: {}", first.message));
    for hint in &first.hints {
        err = err.hint(hint.clone());
    }
    if found.len() > 1 {
        let others: Vec<&str> = found[1..].iter().map(|e| e.message.as_str()).collect();
        err = err.hint(format!("also: {}", others.join("; ")));
    }
    Err(err.into())
}

/// Commits in `from..to`.
fn count(clone: &Clone, from: Option<Oid>, to: Oid) -> usize {
    let Ok(mut walk) = clone.repo.revwalk() else {
        return 0;
    };
    if walk.push(to).is_err() {
        return 0;
    }
    if let Some(from) = from {
        let _ = walk.hide(from);
    }
    walk.count()
}

/// Push HEAD to the upstream branch. None when pushed; the reason when
/// the remote refused because it moved meanwhile (worth another round).
fn push_once(clone: &Clone, up: &Upstream) -> Result<Option<String>> {
    let refspec = format!("HEAD:{}", up.merge);
    let out = clone.network(&["push", "--porcelain", &up.remote, &refspec], up)?;
    if out.status.success() {
        return Ok(None);
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let reason = stdout
        .lines()
        .find(|l| l.starts_with('!'))
        .and_then(|l| l.rsplit('\t').next())
        .unwrap_or("")
        .trim()
        .to_string();
    let all = format!("{stdout}\n{stderr}");
    const MOVED: &[&str] = &[
        "fetch first",
        "non-fast-forward",
        "stale info",
        "failed to update ref",
        "cannot lock ref",
        "failed to lock",
        "incorrect old value",
        "Unable to create",
    ];
    if MOVED.iter().any(|m| all.contains(m)) {
        return Ok(Some(if reason.is_empty() {
            "the remote moved".into()
        } else {
            reason
        }));
    }
    let what = format!("git push to {} was refused", up.short());
    let mut err = if reason.is_empty() {
        // The `remote:` lines follow on their own, below.
        let lines: Vec<String> = git_lines(&out)
            .into_iter()
            .filter(|l| !l.starts_with("remote:"))
            .collect();
        git_error(what, &lines)
    } else {
        UserError::new(format!("{what}: {reason}"))
    };
    // The server's own explanation (a hook's message, a forge's rule),
    // as plain `git push` shows it: the lines git prefixes `remote:`.
    let said: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("remote:"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for line in said.iter().take(5) {
        err = err.hint(format!("remote: {}", output::line(line)));
    }
    if said.len() > 5 {
        err = err.hint(format!("remote: ... ({} more lines)", said.len() - 5));
    }
    if all.contains("protected") || all.contains("declined") {
        err = err.hint(
            "the branch may be protected: push to a branch of your own (`git switch -c BRANCH`, then `git push -u origin BRANCH`; pm sync syncs it from then on) and open a pull request",
        );
    }
    Err(err
        .hint("your commits are safe here; nothing was lost")
        .into())
}

/// A random pause before another round, growing a little with each: up
/// to 0.05 s, 0.1 s, ... 0.3 s. Random, so that clients that collided do
/// not collide again; short, because the one that waits longest loses the
/// next race too (a push only waits for a fetch and a rebase).
fn pause(attempt: u32) -> Duration {
    use std::hash::BuildHasher;
    let cap = 50 * u64::from(attempt.min(6));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let random = std::collections::hash_map::RandomState::new().hash_one((
        nanos,
        std::process::id(),
        attempt,
    ));
    Duration::from_millis(10 + random % cap)
}

fn short(oid: Oid) -> String {
    oid.to_string()[..8].to_string()
}

/// Where a sync that stopped at a conflict keeps what it merged so far,
/// in pm's state folder (`.git/pm/`).
const PENDING: &str = "sync-pending.json";

/// What a stopped sync had merged, and the branch's commit before its rebase.
#[derive(serde::Serialize, serde::Deserialize)]
struct Pending {
    orig_head: String,
    onto: String,
    notes: Vec<Note>,
}

/// The commit the branch was at before the rebase in progress.
fn rebase_orig_head(clone: &Clone) -> Option<Oid> {
    rebase_file(clone, "orig-head")
}

/// A commit git's rebase in progress keeps in its state folder.
fn rebase_file(clone: &Clone, name: &str) -> Option<Oid> {
    ["rebase-merge", "rebase-apply"]
        .iter()
        .find_map(|d| fs::read_to_string(clone.repo.path().join(d).join(name)).ok())
        .and_then(|s| Oid::from_str(s.trim()).ok())
}

/// The notes a stopped sync left, when they still describe the branch:
/// its rebase is still in progress (`pm sync` continues it), or the
/// person finished it by hand (`git rebase --continue`: the branch now
/// holds what it was rebased onto, and no longer where it was). Not after
/// `git rebase --abort` (or a reset): those merges never happened.
///
/// With where the branch was before that rebase and what it replayed onto.
fn carried_notes(
    clone: &Clone,
    pending: &Path,
    rebasing_from: Option<Oid>,
) -> (Vec<Note>, Option<(Oid, Oid)>) {
    let Some(saved) = fs::read_to_string(pending)
        .ok()
        .and_then(|t| serde_json::from_str::<Pending>(&t).ok())
    else {
        return (Vec::new(), None);
    };
    let (Ok(orig), Ok(onto)) = (Oid::from_str(&saved.orig_head), Oid::from_str(&saved.onto)) else {
        return (Vec::new(), None);
    };
    let contains = |head: Oid, commit: Oid| {
        head == commit
            || clone
                .repo
                .graph_descendant_of(head, commit)
                .unwrap_or(false)
    };
    let still = match (operation(clone.state()), rebasing_from) {
        (Some(_), Some(from)) => from == orig,
        (Some(_), None) => false,
        (None, _) => clone
            .rev("HEAD")
            .is_some_and(|head| contains(head, onto) && !contains(head, orig)),
    };
    if still {
        (saved.notes, Some((orig, onto)))
    } else {
        (Vec::new(), None)
    }
}

/// After `git rebase` replayed the local commits onto `onto`: the messages
/// pm wrote (`pm: action ...: add A3 ...`) name the action items the
/// merges renumbered by their new ids, as the in-process rebase does
/// ([`rebase::renumber_message`]). Only the messages change (trees,
/// authors and dates are kept), only in commits not yet pushed, and only
/// for a commit that changed the post-mortem whose items were renumbered.
/// With `commit.gpgsign` set, git makes the renamed commits, signed; when
/// it cannot sign, or without that setting a commit is signed (pm cannot
/// sign it again), the messages are left as they are. With
/// `replayed`, only the commits the rebase replayed are renamed (see
/// [`originals`]); later ones are carried over as they are. The caller
/// holds the repository lock.
fn reword<'a>(
    clone: &Clone,
    onto: Oid,
    notes: impl Iterator<Item = &'a Note>,
    replayed: Option<&HashSet<(i64, String)>>,
) -> Result<()> {
    let mut by_path: BTreeMap<PathBuf, Vec<(String, String)>> = BTreeMap::new();
    for note in notes {
        let pairs = by_path.entry(PathBuf::from(&note.path)).or_default();
        for pair in &note.renumbered {
            if !pairs.contains(pair) {
                pairs.push(pair.clone());
            }
        }
    }
    by_path.retain(|_, pairs| !pairs.is_empty());
    if by_path.is_empty() {
        return Ok(());
    }
    let repo = &clone.repo;
    let signs = crate::git::git_config(repo)
        .ok()
        .and_then(|c| c.get_bool("commit.gpgsign").ok())
        .unwrap_or(false);
    let head = clone.head()?;
    let Ok(head_ref) = repo.head() else {
        return Ok(());
    };
    let Ok(refname) = head_ref.name().map(String::from) else {
        return Ok(());
    };
    if head != onto && !repo.graph_descendant_of(head, onto).unwrap_or(false) {
        return Ok(());
    }
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
    walk.push(head)?;
    walk.hide(onto)?;
    let commits: Vec<Oid> = walk.collect::<Result<_, _>>()?;
    let mut tip = onto;
    for oid in commits {
        let commit = repo.find_commit(oid)?;
        // A merge, or a signed commit pm would not sign again: leave the
        // history as it is.
        if commit.parent_count() != 1 || (!signs && commit.header_field_bytes("gpgsig").is_ok()) {
            return Ok(());
        }
        let parent = commit.parent(0)?;
        let diff = repo.diff_tree_to_tree(Some(&parent.tree()?), Some(&commit.tree()?), None)?;
        let pairs: Vec<&(String, String)> = diff
            .deltas()
            .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()))
            .filter_map(|p| by_path.get(p))
            .flatten()
            .collect();
        let message = commit.message_raw().unwrap_or("");
        let was_replayed = replayed.is_none_or(|set| {
            set.contains(&(commit.author().when().seconds(), message.to_string()))
        });
        let renamed = if was_replayed {
            rebase::renumber_message(message, &pairs)
        } else {
            message.to_string()
        };
        if renamed == message && parent.id() == tip {
            tip = oid;
            continue;
        }
        let tree = commit.tree()?;
        let base = repo.find_commit(tip)?;
        tip = if signs {
            // Signed as every commit here is, by git (`commit.gpgsign`);
            // when it cannot sign, the messages stay as they were.
            match signed_commit(clone, &commit, &renamed, tip) {
                Some(oid) => oid,
                None => return Ok(()),
            }
        } else {
            repo.commit(
                None,
                &commit.author(),
                &commit.committer(),
                &renamed,
                &tree,
                &[&base],
            )?
        };
    }
    if tip != head {
        // Same tree as before: the work tree and index stay as they are.
        repo.reference_matching(
            &refname,
            tip,
            true,
            head,
            "pm sync: name renumbered action items by their new ids",
        )?;
    }
    Ok(())
}

/// `commit` again on `parent` with `message`, signed by git (`git
/// commit-tree -S`): same tree, author and committer. None when git could
/// not make it (signing failed).
fn signed_commit(
    clone: &Clone,
    commit: &git2::Commit<'_>,
    message: &str,
    parent: Oid,
) -> Option<Oid> {
    use std::io::Write;
    let when = |t: git2::Time| {
        let off = t.offset_minutes();
        let sign = if off < 0 { '-' } else { '+' };
        format!(
            "@{} {sign}{:02}{:02}",
            t.seconds(),
            off.abs() / 60,
            off.abs() % 60
        )
    };
    let (author, committer) = (commit.author(), commit.committer());
    let tree = commit.tree_id().to_string();
    let parent = parent.to_string();
    let mut child = clone
        .git(&["commit-tree", "-S", &tree, "-p", &parent])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env(
            "GIT_AUTHOR_NAME",
            String::from_utf8_lossy(author.name_bytes()).as_ref(),
        )
        .env(
            "GIT_AUTHOR_EMAIL",
            String::from_utf8_lossy(author.email_bytes()).as_ref(),
        )
        .env("GIT_AUTHOR_DATE", when(author.when()))
        .env(
            "GIT_COMMITTER_NAME",
            String::from_utf8_lossy(committer.name_bytes()).as_ref(),
        )
        .env(
            "GIT_COMMITTER_EMAIL",
            String::from_utf8_lossy(committer.email_bytes()).as_ref(),
        )
        .env("GIT_COMMITTER_DATE", when(committer.when()))
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(message.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        return None;
    }
    Oid::from_str(String::from_utf8_lossy(&out.stdout).trim()).ok()
}

/// The local commits a rebase replayed (`onto..orig`), known by what a
/// rebase keeps of them: the author's time and the message.
fn originals(clone: &Clone, onto: Oid, orig: Oid) -> HashSet<(i64, String)> {
    let mut set = HashSet::new();
    let Ok(mut walk) = clone.repo.revwalk() else {
        return set;
    };
    if walk.push(orig).is_err() || walk.hide(onto).is_err() {
        return set;
    }
    for oid in walk.flatten() {
        if let Ok(c) = clone.repo.find_commit(oid) {
            set.insert((
                c.author().when().seconds(),
                c.message_raw().unwrap_or("").to_string(),
            ));
        }
    }
    set
}

/// Keep the notes of a sync that stopped, for the run that finishes it.
fn keep_pending(clone: &Clone, pending: &Path, notes: Vec<Note>) {
    let (Some(orig), Some(onto)) = (rebase_orig_head(clone), rebase_file(clone, "onto")) else {
        fs::remove_file(pending).ok();
        return;
    };
    let notes: Vec<Note> = notes.into_iter().filter(|n| n.tells()).collect();
    if notes.is_empty() {
        fs::remove_file(pending).ok();
        return;
    }
    let saved = Pending {
        orig_head: orig.to_string(),
        onto: onto.to_string(),
        notes,
    };
    if let Ok(text) = serde_json::to_string(&saved) {
        fs::write(pending, text).ok();
    }
}

/// One note per post-mortem, with each renumbered item told once, from
/// its id before the sync to its id after. Within one round (one rebase
/// or merge) the pairs map the ids of the commits replayed: bob's A1, A2
/// and A3 shifted by one are A1 → A2, A2 → A3 and A3 → A4, three items.
/// A push race retried rebases those results again, so a later round's
/// pair starts from the id the round before gave (A1 → A4, then A4 → A5
/// once someone else took A4 too: the person wants to know it is A5 now).
fn collapse(mut notes: Vec<Note>) -> Vec<Note> {
    // Stable: the order within a round is the order of the merges.
    notes.sort_by_key(|n| n.round);
    let mut out: Vec<Note> = Vec::new();
    let mut rounds = notes.into_iter().peekable();
    while let Some(first) = rounds.next() {
        let round = first.round;
        let mut this = vec![first];
        while let Some(next) = rounds.next_if(|n| n.round == round) {
            this.push(next);
        }
        // What this round renumbered, per post-mortem, each pair once
        // (each replayed commit of a round reports the same renumbering).
        let mut pairs: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for note in this {
            let i = match out.iter().position(|n| n.path == note.path) {
                Some(i) => i,
                None => {
                    out.push(Note {
                        path: note.path.clone(),
                        ..Note::default()
                    });
                    out.len() - 1
                }
            };
            let into = &mut out[i];
            into.timeline_added += note.timeline_added;
            into.actions_added += note.actions_added;
            into.conflicts.extend(note.conflicts);
            if into.fallback.is_none() {
                into.fallback = note.fallback;
            }
            into.both_created |= note.both_created;
            for y in note.yielded {
                if !into.yielded.contains(&y) {
                    into.yielded.push(y);
                }
            }
            for pair in note.same_item {
                if !into.same_item.contains(&pair) {
                    into.same_item.push(pair);
                }
            }
            let k = match pairs.iter().position(|(p, _)| *p == note.path) {
                Some(k) => k,
                None => {
                    pairs.push((note.path.clone(), Vec::new()));
                    pairs.len() - 1
                }
            };
            for (old, new) in note.renumbered {
                if !pairs[k].1.iter().any(|(o, _)| *o == old) {
                    pairs[k].1.push((old, new));
                }
            }
        }
        // Chained onto the rounds before, all at once: an id this round
        // moves on is one an earlier round gave (never one this round gave).
        for (path, pairs) in pairs {
            let Some(into) = out.iter_mut().find(|n| n.path == path) else {
                continue;
            };
            let before: Vec<String> = into.renumbered.iter().map(|(_, new)| new.clone()).collect();
            for (old, new) in pairs {
                match before.iter().position(|was| *was == old) {
                    Some(i) => into.renumbered[i].1 = new,
                    None => into.renumbered.push((old, new)),
                }
            }
        }
    }
    for note in &mut out {
        note.renumbered.retain(|(old, new)| old != new);
    }
    out
}

/// The notes the merge driver wrote since they were last taken, as made
/// in `round`; the file is emptied for the next round.
fn take_notes(clone: &Clone, round: u32) -> Vec<Note> {
    let mut notes = read_notes(&clone.notes);
    fs::remove_file(&clone.notes).ok();
    for note in &mut notes {
        note.round = round;
    }
    notes
}

fn read_notes(path: &Path) -> Vec<Note> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// What the others changed: the post-mortems changed between where our
/// history and theirs met and their tip, in a line each.
fn incoming(clone: &Clone, start: Oid, remote_head: Oid) -> (Vec<String>, usize) {
    let repo = &clone.repo;
    let Ok(base) = repo.merge_base(start, remote_head) else {
        return (Vec::new(), 0);
    };
    let remote_head = before_own_commits(clone, base, start, remote_head);
    if base == remote_head {
        return (Vec::new(), 0);
    }
    let commits = count(clone, Some(base), remote_head);
    let tree = |oid: Oid| repo.find_commit(oid).and_then(|c| c.tree()).ok();
    let (Some(old), Some(new)) = (tree(base), tree(remote_head)) else {
        return (Vec::new(), commits);
    };
    let Ok(diff) = repo.diff_tree_to_tree(Some(&old), Some(&new), None) else {
        return (Vec::new(), commits);
    };
    let dir = clone.prefix.join(POSTMORTEMS_DIR);
    let blob_text = |oid: Oid| -> Option<String> {
        let blob = repo.find_blob(oid).ok()?;
        yaml::decode(blob.content().to_vec()).ok()
    };
    let mut lines = BTreeMap::new();
    for delta in diff.deltas() {
        let Some(path) = delta.new_file().path().or_else(|| delta.old_file().path()) else {
            continue;
        };
        let is_pm =
            path.starts_with(&dir) && path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_pm {
            continue;
        }
        // A file name may hold anything, line breaks included.
        let id = path
            .file_stem()
            .map(|s| output::name(&s.to_string_lossy()).into_owned())
            .unwrap_or_default();
        let line = match delta.status() {
            git2::Delta::Deleted => "removed".to_string(),
            // Its blob is the link's target, not a post-mortem's text.
            _ if delta.new_file().mode() == git2::FileMode::Link => {
                "came in as a symlink, which pm never follows: no pm command reads it".to_string()
            }
            status => {
                let bytes = repo.find_blob(delta.new_file().id()).ok();
                let new = match bytes.map(|b| decoded(b.content().to_vec())) {
                    Some(Ok(text)) => text,
                    Some(Err(why)) => {
                        lines.insert(id, came_in_undecodable(why));
                        continue;
                    }
                    None => String::new(),
                };
                match came_in_unreadable(&new) {
                    Some(why) => why,
                    None if status == git2::Delta::Added => "new post-mortem".to_string(),
                    None => {
                        let old = blob_text(delta.old_file().id()).unwrap_or_default();
                        describe_change(&old, &new)
                    }
                }
            }
        };
        lines.insert(id, line);
    }
    (
        lines
            .into_iter()
            .map(|(id, l)| format!("{id}: {l}"))
            .collect(),
        commits,
    )
}

/// Where the others' commits end on the upstream, when the commits on
/// top of it are this clone's own (those between `base` and `start`),
/// replayed and pushed meanwhile by another `pm sync` in this clone
/// (`sync: auto` commands run at once): they are not the others' work.
/// A replayed commit keeps its author and author time, and its message
/// up to the action ids a rebase renumbered. `remote_head` otherwise.
fn before_own_commits(clone: &Clone, base: Oid, start: Oid, remote_head: Oid) -> Oid {
    let repo = &clone.repo;
    let key = |c: &git2::Commit<'_>| {
        let author = c.author();
        (
            author.name_bytes().to_vec(),
            author.email_bytes().to_vec(),
            author.when().seconds(),
            without_action_ids(c.message_raw().unwrap_or("")),
        )
    };
    let mut own = Vec::new();
    let Ok(mut walk) = repo.revwalk() else {
        return remote_head;
    };
    if walk.push(start).is_err() || walk.hide(base).is_err() {
        return remote_head;
    }
    for oid in walk.flatten() {
        match repo.find_commit(oid) {
            Ok(c) => own.push(key(&c)),
            Err(_) => return remote_head,
        }
    }
    let mut top = remote_head;
    let mut found = 0;
    while top != base && !own.is_empty() {
        let Ok(c) = repo.find_commit(top) else {
            return remote_head;
        };
        let Some(at) = own.iter().position(|k| *k == key(&c)) else {
            break;
        };
        if c.parent_count() != 1 {
            break;
        }
        own.swap_remove(at);
        found += 1;
        top = c.parent_id(0).unwrap_or(base);
    }
    // Only when every one of them is there: otherwise the others' work
    // and ours are interleaved, and the whole is told as before.
    if found > 0 && own.is_empty() {
        top
    } else {
        remote_head
    }
}

/// A commit message with each action id (`A12`) as `A#`: what stays of a
/// message pm renamed when a rebase renumbered its item.
fn without_action_ids(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    let mut prev_word = false;
    while let Some(c) = chars.next() {
        if c == 'A' && !prev_word && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push_str("A#");
            prev_word = true;
            continue;
        }
        prev_word = c.is_alphanumeric();
        out.push(c);
    }
    out
}

/// Why no pm command would read a post-mortem's text.
enum Unreadable {
    /// Conflict markers left in it (a merge or rebase finished by hand
    /// with them still in, or pushed so): the first conflict.
    Markers(markers::Site),
    /// What the loader refuses: invalid YAML, a field of the wrong type,
    /// a missing title.
    Invalid(yaml::YamlError),
}

/// Why no pm command would read `text`, or None when they would: the one
/// test of a post-mortem's text that sync makes, of what it would push
/// ([`refuse_unreadable`]), of what is already so on the remote (which a
/// push does not make worse), and of what came in.
fn unreadable(text: &str) -> Option<Unreadable> {
    if let Some(site) = markers::find(text).into_iter().next() {
        return Some(Unreadable::Markers(site));
    }
    store::parse_postmortem(text).err().map(Unreadable::Invalid)
}

/// What is wrong with a post-mortem that came in, when pm cannot read it
/// (conflict markers someone pushed, a file broken by hand): pm commands
/// refuse it until someone fixes it, which "changed" would not tell.
fn came_in_unreadable(text: &str) -> Option<String> {
    Some(match unreadable(text)? {
        Unreadable::Markers(site) => format!(
            "came in with unresolved conflict markers ({} at line {}): pm refuses to write to it until someone resolves them",
            site.field, site.line
        ),
        Unreadable::Invalid(err) => format!(
            "came in as a file pm cannot read (line {}: {})",
            err.line, err.message
        ),
    })
}

/// What is wrong with a post-mortem that came in as bytes pm does not
/// decode, in the words `pm show` uses for it.
fn came_in_undecodable(why: Undecodable) -> String {
    let why = match why {
        Undecodable::NotUtf8(err) => {
            format!("line {}, column {}: {}", err.line, err.column, err.message)
        }
        Undecodable::TooLarge(why) => why,
        Undecodable::Link => "a symlink, which pm never follows".into(),
    };
    format!("came in as a file pm cannot read ({why})")
}

/// A top-level field of a post-mortem in the words pm uses for it
/// elsewhere: `follow_up` is "the follow-up review".
fn field_words(key: &str) -> String {
    match key {
        "follow_up" => "the follow-up review".into(),
        "pm" => "the format version".into(),
        _ => format!("the {}", key.replace('_', " ")),
    }
}

/// "3 timeline entries, 1 action item (A4), changed the severity" for one
/// post-mortem.
fn describe_change(old: &str, new: &str) -> String {
    let (Ok(o), Ok(n)) = (store::parse_postmortem(old), store::parse_postmortem(new)) else {
        return "changed".into();
    };
    let mut parts = Vec::new();
    let mut before: Vec<(chrono::DateTime<chrono::FixedOffset>, &str)> =
        o.timeline.iter().map(|e| (e.at, e.text.as_str())).collect();
    let mut added = 0;
    for e in &n.timeline {
        match before.iter().position(|x| *x == (e.at, e.text.as_str())) {
            Some(p) => {
                before.swap_remove(p);
            }
            None => added += 1,
        }
    }
    // What is left of `before` was removed (or edited: one gone, one new).
    let entries = |n: usize| format!("{n} timeline entr{}", if n == 1 { "y" } else { "ies" });
    let edited = added.min(before.len());
    let (added, removed) = (added - edited, before.len() - edited);
    if added > 0 {
        parts.push(entries(added));
    }
    if edited > 0 {
        parts.push(format!("edited {}", entries(edited)));
    }
    if removed > 0 {
        parts.push(format!("removed {}", entries(removed)));
    }
    // Items are followed by content: an item renumbered by a merge is not new.
    let same = |a: &crate::model::ActionItem, b: &crate::model::ActionItem| {
        a.title == b.title && a.owner == b.owner
    };
    // Pair each item with what it was: the same id and content, else the
    // same content under another id (renumbered), else the same id (an
    // item whose fields changed).
    let mut was: Vec<Option<usize>> = vec![None; n.action_items.len()];
    let mut used = vec![false; o.action_items.len()];
    let pairs = |pass: usize, a: &crate::model::ActionItem, b: &crate::model::ActionItem| match pass
    {
        0 => a.id == b.id && same(a, b),
        1 => same(a, b),
        _ => a.id == b.id,
    };
    for pass in 0..3 {
        for (i, a) in n.action_items.iter().enumerate() {
            if was[i].is_some() {
                continue;
            }
            if let Some(k) =
                (0..o.action_items.len()).find(|&k| !used[k] && pairs(pass, a, &o.action_items[k]))
            {
                was[i] = Some(k);
                used[k] = true;
            }
        }
    }
    // What a person edits in an item, besides its id and whether it is closed.
    let fields = |a: &crate::model::ActionItem| {
        let mut v = serde_json::to_value(a).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            for key in ["id", "status", "closed"] {
                m.remove(key);
            }
        }
        v
    };
    let mut new_items = Vec::new();
    let mut moved = Vec::new();
    let mut closed = Vec::new();
    let mut edited = Vec::new();
    for (a, old) in n.action_items.iter().zip(&was) {
        match old.map(|k| &o.action_items[k]) {
            None => new_items.push(a.id.as_str()),
            Some(b) => {
                if b.id != a.id {
                    moved.push(format!("{} is now {}", b.id, a.id));
                }
                if b.status != a.status {
                    closed.push(a.id.as_str());
                }
                if fields(a) != fields(b) {
                    edited.push(a.id.as_str());
                }
            }
        }
    }
    if !new_items.is_empty() {
        parts.push(format!(
            "{} action item{} ({})",
            new_items.len(),
            output::plural_s(new_items.len() as u64),
            new_items.join(", ")
        ));
    }
    if !closed.is_empty() {
        parts.push(format!("status of {}", closed.join(", ")));
    }
    if !edited.is_empty() {
        parts.push(format!("changed {}", edited.join(", ")));
    }
    let gone: Vec<&str> = o
        .action_items
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(b, _)| b.id.as_str())
        .collect();
    if !gone.is_empty() {
        parts.push(format!(
            "removed {} action item{} ({})",
            gone.len(),
            output::plural_s(gone.len() as u64),
            gone.join(", ")
        ));
    }
    parts.extend(moved);
    let fields = |text: &str| -> BTreeMap<String, Val> {
        match yaml::parse_tree(yaml::strip_bom(text).0).map(|t| Val::of(&t)) {
            Ok(Val::Map(m)) => m,
            _ => BTreeMap::new(),
        }
    };
    let (fo, fnew) = (fields(old), fields(new));
    let mut keys: Vec<&String> = fo.keys().chain(fnew.keys()).collect();
    keys.sort();
    keys.dedup();
    let changed: Vec<String> = keys
        .into_iter()
        .filter(|k| fo.get(*k) != fnew.get(*k))
        // Told above, unless what changed is not told there (a kind, a date).
        .filter(|k| !matches!(k.as_str(), "timeline" | "action_items") || parts.is_empty())
        .map(|k| field_words(k))
        .collect();
    if !changed.is_empty() {
        parts.push(format!("changed {}", changed.join(", ")));
    }
    if parts.is_empty() {
        "comments or layout".into()
    } else {
        parts.join(", ")
    }
}
