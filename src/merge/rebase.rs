//! Rebasing local commits onto the upstream in-process, for `pm sync`.
//!
//! `git rebase` runs the merge driver as a process for every post-mortem
//! of every replayed commit; while it does, others can push, and the push
//! that follows is refused. Replaying in-process, with libgit2 for the
//! trees and [`super::merge`] for post-mortems both sides changed, makes
//! that window a few milliseconds. Whatever needs more than that (a
//! conflict for a person to resolve, a signed commit, a merge commit, a
//! conflict in a file that is not a post-mortem) is left to `git rebase`,
//! which runs the same merge through the driver and stops where git stops.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use git2::{Commit, IndexEntry, IndexTime, Oid, Repository, Signature, Tree};

use super::{Markers, Report};

/// What one replay did to one post-mortem.
#[derive(Debug, Clone)]
pub struct Merged {
    pub path: String,
    pub report: Report,
    /// Why the file was merged line by line (a side that is not a valid
    /// post-mortem), when it was.
    pub fallback: Option<String>,
}

pub enum Rebased {
    /// The new tip (not yet checked out), and the merges made.
    Done(Oid, Vec<Merged>),
    /// `git rebase` should do it, for this reason.
    NeedsGit(String),
}

/// Replay the commits of `head` not in `onto` on top of `onto`, oldest
/// first, dropping those whose change is already there (as git does).
/// `pm_dir` is where post-mortems are, relative to the work tree.
pub fn rebase(
    repo: &Repository,
    pm_dir: &Path,
    head: Oid,
    onto: Oid,
    committer: &Signature<'_>,
) -> Result<Rebased> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
    walk.push(head)?;
    walk.hide(onto)?;
    let commits: Vec<Oid> = walk.collect::<Result<_, _>>()?;
    let mut tip = repo.find_commit(onto)?;
    let mut merges = Vec::new();
    // Action ids renumbered so far, per post-mortem: later commits of the
    // same item name it by its old id in their messages too.
    let mut renumbered: HashMap<PathBuf, Vec<(String, String)>> = HashMap::new();
    for oid in commits {
        let commit = repo.find_commit(oid)?;
        if commit.parent_count() != 1 {
            return Ok(Rebased::NeedsGit(
                "a merge commit among the local commits".into(),
            ));
        }
        let parent = commit.parent(0)?;
        let (base_tree, ours_tree, theirs_tree) = (parent.tree()?, tip.tree()?, commit.tree()?);
        let sides = Sides::Replay(&renumbered);
        let (tree_id, merged) =
            match merge_trees(repo, pm_dir, &base_tree, &ours_tree, &theirs_tree, sides)? {
                Ok(done) => done,
                Err(why) => return Ok(Rebased::NeedsGit(why)),
            };
        for m in &merged {
            let pairs = renumbered.entry(PathBuf::from(&m.path)).or_default();
            for pair in &m.report.renumbered {
                if !pairs.contains(pair) {
                    pairs.push(pair.clone());
                }
            }
        }
        merges.extend(merged);
        let theirs_changed = changed(repo, &base_tree, &theirs_tree)?;
        // A commit whose change is already upstream is dropped, as git
        // does; one made empty on purpose (`git commit --allow-empty`, a
        // note for the team) is kept, as git rebase keeps it.
        if tree_id == tip.tree_id() && commit.tree_id() != parent.tree_id() {
            continue;
        }
        let tree = repo.find_tree(tree_id)?;
        let message = commit.message_raw().unwrap_or("");
        let pairs: Vec<&(String, String)> = theirs_changed
            .iter()
            .filter_map(|p| renumbered.get(p))
            .flatten()
            .collect();
        let message = renumber_message(message, &pairs);
        let new = repo.commit(None, &commit.author(), committer, &message, &tree, &[&tip])?;
        tip = repo.find_commit(new)?;
    }
    Ok(Rebased::Done(tip.id(), merges))
}

/// What the sides of a merge of trees are, for the ids a side's action
/// items have where an earlier merge renumbered them.
#[derive(Clone, Copy)]
enum Sides<'a> {
    /// The (base, ours, theirs) commits of whole histories, whose merge
    /// commits may have renumbered action items.
    Histories(Oid, Oid, Oid),
    /// A replayed commit (theirs) onto the commits replayed before it
    /// (ours), with the ids those replays renumbered so far, per
    /// post-mortem: (the id in the local commits, the id now).
    Replay(&'a HashMap<PathBuf, Vec<(String, String)>>),
}

/// The three-way merge of trees that `pm sync` makes itself: libgit2's
/// merge, with every post-mortem both sides changed merged by meaning.
/// The merged tree and the post-mortem merges made, or why `git` should
/// do it (a conflict for a person, a file deleted on one side).
fn merge_trees(
    repo: &Repository,
    pm_dir: &Path,
    base_tree: &Tree<'_>,
    ours_tree: &Tree<'_>,
    theirs_tree: &Tree<'_>,
    sides: Sides<'_>,
) -> Result<Result<(Oid, Vec<Merged>), String>> {
    let mut index = repo.merge_trees(base_tree, ours_tree, theirs_tree, None)?;
    let mut merges = Vec::new();
    // Every post-mortem both sides changed is merged by meaning, whatever
    // libgit2's line merge made of it.
    let ours_changed = changed(repo, base_tree, ours_tree)?;
    let theirs_changed = changed(repo, base_tree, theirs_tree)?;
    for path in ours_changed.intersection(&theirs_changed) {
        if !is_postmortem(pm_dir, path) {
            continue;
        }
        let blob = |tree: &Tree<'_>| -> Result<Option<String>> {
            match tree.get_path(path) {
                Ok(entry) => {
                    let blob = repo.find_blob(entry.id())?;
                    Ok(String::from_utf8(blob.content().to_vec()).ok())
                }
                Err(_) => Ok(None),
            }
        };
        let (Some(ours), Some(theirs)) = (blob(ours_tree)?, blob(theirs_tree)?) else {
            return Ok(Err(format!("{} was deleted on one side", path.display())));
        };
        let base = blob(base_tree)?.unwrap_or_default();
        // Theirs is the local side: a replayed commit or the local branch.
        let (ours_ids, theirs_ids) = match sides {
            Sides::Histories(base, ours, theirs) => (
                super::history::renumbered(repo, path, base, ours),
                super::history::renumbered(repo, path, base, theirs),
            ),
            // Ours is the commits replayed so far: an item their replay
            // renumbered has its new id there, changed or not.
            Sides::Replay(pairs) => (
                pairs
                    .get(path)
                    .map(|pairs| pairs.iter().cloned().collect())
                    .unwrap_or_default(),
                HashMap::new(),
            ),
        };
        let markers = Markers {
            theirs_is_local: true,
            ours_ids,
            theirs_ids,
            ..Markers::default()
        };
        let merged = super::merge(&base, &ours, &theirs, &markers);
        if !merged.clean {
            return Ok(Err(format!("a conflict in {}", path.display())));
        }
        let id = repo.blob(merged.text.as_bytes())?;
        let _ = index.conflict_remove(path);
        // The file's mode merged as git merges it (the side that changed
        // it wins): an executable post-mortem stays executable.
        let mode = |tree: &Tree<'_>| tree.get_path(path).ok().map(|e| e.filemode() as u32);
        let (base_mode, ours_mode) = (mode(base_tree), mode(ours_tree));
        let mode = if ours_mode == base_mode {
            mode(theirs_tree)
        } else {
            ours_mode
        };
        index.add(&entry(
            path,
            id,
            merged.text.len(),
            mode.unwrap_or(0o100644),
        ))?;
        merges.push(Merged {
            path: path.to_string_lossy().into_owned(),
            report: merged.report,
            fallback: merged.fallback,
        });
    }
    if index.has_conflicts() {
        return Ok(Err("a conflict outside post-mortems".into()));
    }
    Ok(Ok((index.write_tree_to(repo)?, merges)))
}

/// Whether the commits of `head` not in `onto` include a merge commit.
/// Such a history is merged with the upstream, not rebased: a rebase
/// replays each parent's commits again and drops the merge commit, and
/// with it what the person wrote while committing it (a resolved
/// conflict, an edit made during the merge).
pub fn has_merges(repo: &Repository, head: Oid, onto: Oid) -> Result<bool> {
    let mut walk = repo.revwalk()?;
    walk.push(head)?;
    walk.hide(onto)?;
    for oid in walk {
        if repo.find_commit(oid?)?.parent_count() > 1 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A merge commit of `onto` (the upstream) into `head`, made in-process
/// when no person is needed. The post-mortems are merged with the
/// upstream as "ours" and the local side as the incoming one, so that, as
/// in a rebase, a colliding new action item of yours is renumbered, never
/// one the others already know. The commit's parents are `head`, then
/// `onto`, as `git merge` makes them.
pub fn merge_commit(
    repo: &Repository,
    pm_dir: &Path,
    head: Oid,
    onto: Oid,
    committer: &Signature<'_>,
    message: &str,
) -> Result<Rebased> {
    let base = repo.merge_base(head, onto)?;
    let (h, o) = (repo.find_commit(head)?, repo.find_commit(onto)?);
    let base_tree = repo.find_commit(base)?.tree()?;
    let sides = Sides::Histories(base, onto, head);
    let (tree_id, merges) =
        match merge_trees(repo, pm_dir, &base_tree, &o.tree()?, &h.tree()?, sides)? {
            Ok(done) => done,
            Err(why) => return Ok(Rebased::NeedsGit(why)),
        };
    let tree = repo.find_tree(tree_id)?;
    let new = repo.commit(None, committer, committer, message, &tree, &[&h, &o])?;
    Ok(Rebased::Done(new, merges))
}

/// A message pm wrote (`pm: action ...: add A2: ...`) naming the action id
/// a replay renumbered by its new id, so the history says which item a
/// commit changed. Only the id pm itself wrote is replaced: the word after
/// the change's verb (`add A2`, `done A2`, `edit A2`), as a whole (A1 is
/// not the start of A10), once (A1 → A2 and A2 → A3 do not chain). The
/// title or values that follow are the person's text and stay as written,
/// even where they mention an id; so do messages people wrote.
pub fn renumber_message(message: &str, pairs: &[&(String, String)]) -> String {
    if pairs.is_empty() || !message.starts_with("pm: action ") {
        return message.to_string();
    }
    // `pm: action ID: VERB A2[: ...]`: the change after the first ": ".
    let Some(what) = message["pm: ".len()..]
        .find(": ")
        .map(|at| at + "pm: ".len() + 2)
    else {
        return message.to_string();
    };
    let Some(verb_end) = message[what..].find(' ').map(|at| what + at + 1) else {
        return message.to_string();
    };
    let id_len = message[verb_end..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(message.len() - verb_end);
    let id = &message[verb_end..verb_end + id_len];
    match pairs.iter().find(|(old, _)| old == id) {
        Some((_, new)) => format!(
            "{}{new}{}",
            &message[..verb_end],
            &message[verb_end + id_len..]
        ),
        None => message.to_string(),
    }
}

/// Paths whose blob differs between two trees.
fn changed(repo: &Repository, from: &Tree<'_>, to: &Tree<'_>) -> Result<HashSet<PathBuf>> {
    let diff = repo.diff_tree_to_tree(Some(from), Some(to), None)?;
    Ok(diff
        .deltas()
        .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()))
        .map(Path::to_path_buf)
        .collect())
}

fn is_postmortem(pm_dir: &Path, path: &Path) -> bool {
    path.starts_with(pm_dir) && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn entry(path: &Path, id: Oid, len: usize, mode: u32) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: len as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.to_string_lossy().into_owned().into_bytes(),
    }
}

/// Move the branch `refname` from `old` to `new` and bring the work tree
/// and index along. The work tree is checked out first, safely (a file
/// changed meanwhile stops it), then the branch moves only if it is still
/// at `old`; ORIG_HEAD keeps `old`, as after `git rebase`.
pub fn advance(repo: &Repository, refname: &str, old: Oid, new: Oid, why: &str) -> Result<()> {
    let new_commit: Commit<'_> = repo.find_commit(new)?;
    let in_the_way = std::cell::RefCell::new(Vec::new());
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout
        .safe()
        .notify_on(git2::CheckoutNotificationType::CONFLICT)
        .notify(|_, path, _, _, _| {
            if let Some(path) = path {
                in_the_way.borrow_mut().push(path.display().to_string());
            }
            true
        });
    let checked_out = repo.checkout_tree(new_commit.as_object(), Some(&mut checkout));
    drop(checkout);
    if let Err(err) = checked_out {
        let paths = in_the_way.into_inner();
        if paths.is_empty() {
            return Err(err.into());
        }
        return Err(crate::error::UserError::new(format!(
            "{} in the way: changed or untracked here, and changed by the others",
            paths.join(", ")
        ))
        .hint("move it aside (or commit it) and run pm sync again; nothing was changed")
        .into());
    }
    if let Err(err) = repo.reference_matching(refname, new, true, old, why) {
        // Someone moved the branch meanwhile: put the work tree and index
        // back to where the branch is now (not to `old`, which would undo
        // their commit in the work tree).
        let now = repo
            .find_reference(refname)
            .ok()
            .and_then(|r| r.target())
            .unwrap_or(old);
        let back_to = repo.find_commit(now)?;
        let mut back = git2::build::CheckoutBuilder::new();
        back.safe();
        let _ = repo.checkout_tree(back_to.as_object(), Some(&mut back));
        return Err(err.into());
    }
    std::fs::write(repo.path().join("ORIG_HEAD"), format!("{old}\n")).ok();
    Ok(())
}

#[cfg(test)]
mod message_tests {
    use super::renumber_message;

    #[test]
    fn only_the_id_pm_wrote_is_renumbered() {
        let pair = ("A1".to_string(), "A2".to_string());
        let pairs = [&pair];
        assert_eq!(
            renumber_message(
                "pm: action 2026-11-26-inc: add A1: Redo A1 from the 2025 outage\n",
                &pairs
            ),
            "pm: action 2026-11-26-inc: add A2: Redo A1 from the 2025 outage\n"
        );
        assert_eq!(
            renumber_message("pm: action 2026-11-26-inc: done A1", &pairs),
            "pm: action 2026-11-26-inc: done A2"
        );
        assert_eq!(
            renumber_message("pm: action 2026-11-26-inc: done A10", &pairs),
            "pm: action 2026-11-26-inc: done A10"
        );
        assert_eq!(renumber_message("Fix A1 by hand", &pairs), "Fix A1 by hand");
    }
}
