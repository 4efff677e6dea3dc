//! Which action items a side's own merges renumbered.
//!
//! A `git pull --no-rebase` that renumbers the others' `A1` to `A2` in a
//! clone gives the clone's own new item the id `A1`. A later merge of that
//! clone's work with the remote sees `A1` on both sides and, by id alone,
//! would take the clone's item for the others' one, edited: a change to
//! one lands on the other, and a deleted `A2` leaves the others' edit of
//! their `A1` in conflict with an unrelated item. The merge commits in the
//! side's history say what really happened; this reads them, so that the
//! merge matches each base item with the id it has on that side.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;

use git2::{Oid, Repository};

use super::engine::{id_of, without_id};
use super::val::Val;
use crate::yaml;

/// For the post-mortem at `path`, the ids the base's action items have at
/// `side` where a merge commit between `base` and `side` renumbered them:
/// base id → side id. Empty when no merge renumbered any (the usual case),
/// or when the history cannot be read.
pub fn renumbered(repo: &Repository, path: &Path, base: Oid, side: Oid) -> HashMap<String, String> {
    path_from(repo, base, side)
        .and_then(|steps| follow(repo, path, base, &steps))
        .unwrap_or_default()
}

/// The commits from `base` (excluded) to `side`, oldest first, along
/// parents; None when `side` does not descend from `base` or no merge
/// commit is on the way (then nothing was renumbered).
fn path_from(repo: &Repository, base: Oid, side: Oid) -> Option<Vec<(Oid, Oid)>> {
    if base == side {
        return None;
    }
    let mut walk = repo.revwalk().ok()?;
    walk.push(side).ok()?;
    walk.hide(base).ok()?;
    let inside: HashSet<Oid> = walk.flatten().collect();
    let mut any_merge = false;
    // Breadth first from the side, back to the base: (commit, its child).
    let mut child_of: HashMap<Oid, Oid> = HashMap::new();
    let mut queue = VecDeque::from([side]);
    let mut seen = HashSet::from([side]);
    while let Some(oid) = queue.pop_front() {
        if oid == base {
            break;
        }
        let commit = repo.find_commit(oid).ok()?;
        any_merge |= commit.parent_count() > 1;
        for parent in commit.parent_ids() {
            if (parent == base || inside.contains(&parent)) && seen.insert(parent) {
                child_of.insert(parent, oid);
                queue.push_back(parent);
            }
        }
    }
    if !any_merge || !seen.contains(&base) {
        return None;
    }
    let mut steps = Vec::new();
    let mut at = base;
    while let Some(&child) = child_of.get(&at) {
        steps.push((at, child));
        at = child;
    }
    Some(steps)
}

/// The base's ids carried along the steps (parent, child): only a merge
/// commit renumbers.
fn follow(
    repo: &Repository,
    path: &Path,
    base: Oid,
    steps: &[(Oid, Oid)],
) -> Option<HashMap<String, String>> {
    let ids: Vec<String> = items_at(repo, base, path)?
        .iter()
        .filter_map(|v| id_of(v).map(str::to_string))
        .collect();
    let mut now: HashMap<String, String> = ids.iter().map(|id| (id.clone(), id.clone())).collect();
    for &(parent, child) in steps {
        if repo.find_commit(child).ok()?.parent_count() < 2 {
            continue;
        }
        let before = items_at(repo, parent, path)?;
        let after = items_at(repo, child, path)?;
        let step = merge_step(&before, &after);
        for id in now.values_mut() {
            if let Some(new) = step.get(id.as_str()) {
                *id = new.clone();
            }
        }
    }
    now.retain(|old, new| old != new);
    Some(now)
}

/// The items of one parent a merge commit gave another id: an item whose
/// id went to another item in the merge, and whose content (all but the
/// id) is under a new id there, once.
fn merge_step(before: &[Val], after: &[Val]) -> HashMap<String, String> {
    let mut step = HashMap::new();
    let after_ids: HashMap<&str, &Val> =
        after.iter().filter_map(|v| Some((id_of(v)?, v))).collect();
    let before_ids: HashSet<&str> = before.iter().filter_map(id_of).collect();
    for item in before {
        let Some(id) = id_of(item) else { continue };
        let content = without_id(item);
        match after_ids.get(id) {
            Some(v) if without_id(v) == content => continue,
            None => continue, // gone, not renumbered
            Some(_) => {}
        }
        let moved: Vec<&str> = after
            .iter()
            .filter(|v| without_id(v) == content)
            .filter_map(id_of)
            .filter(|new| *new != id && !before_ids.contains(new))
            .collect();
        if let [new] = moved[..] {
            step.insert(id.to_string(), new.to_string());
        }
    }
    step
}

fn items_at(repo: &Repository, commit: Oid, path: &Path) -> Option<Vec<Val>> {
    let tree = repo.find_commit(commit).ok()?.tree().ok()?;
    let Ok(entry) = tree.get_path(path) else {
        return Some(Vec::new());
    };
    let blob = repo.find_blob(entry.id()).ok()?;
    let text = yaml::decode(blob.content().to_vec()).ok()?;
    let tree = yaml::parse_tree(yaml::strip_bom(&text).0).ok()?;
    match Val::of(&tree).get("action_items") {
        Some(Val::Seq(items)) => Some(items.clone()),
        _ => Some(Vec::new()),
    }
}
