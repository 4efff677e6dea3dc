//! `pm merge-driver BASE OURS THEIRS [PATH]`: what git runs to merge a
//! post-mortem that changed on both sides (registered by `pm init` as
//! `merge.pm.driver`). Plumbing: people never type it.
//!
//! The result is written over OURS, as git expects; the exit code is 0
//! when it merged cleanly, 1 when conflicts are left in it. What the
//! merge did goes to stderr in a line or two, and, when pm sync runs the
//! merge, to the notes file it names in `PM_MERGE_NOTES`.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::Result;
use serde::Serialize;

use crate::cli::MergeDriverArgs;
use crate::error::{Exit, UserError};
use crate::merge::{self, Markers, Report, Yielded};
use crate::output;
use crate::yaml;

/// Set by `pm sync` for the merges it runs: a file to append a JSON line to.
pub const NOTES_ENV: &str = "PM_MERGE_NOTES";
/// Set by `pm sync`: the labels of the two sides, `OURS,THEIRS`.
pub const LABELS_ENV: &str = "PM_MERGE_LABELS";
/// Set by `pm sync` when it merges the upstream into a history that holds
/// merge commits: git's THEIRS (the upstream) is merged as the side that
/// stays and OURS as the incoming one, so that a colliding new action item
/// of the clone's own is renumbered, as in a rebase. The labels in
/// `PM_MERGE_LABELS` then name the upstream's side first.
pub const SWAP_ENV: &str = "PM_MERGE_SWAP";

/// One merge, as `pm sync` reads it back.
#[derive(Debug, Serialize, serde::Deserialize, Default)]
pub struct Note {
    pub path: String,
    pub renumbered: Vec<(String, String)>,
    pub timeline_added: usize,
    pub actions_added: usize,
    pub conflicts: Vec<String>,
    pub fallback: Option<String>,
    /// Which round of `pm sync` made it (each push it retries rebases
    /// again, onto a newer upstream): pairs within a round map the ids of
    /// the commits replayed, pairs of a later round the ids the round
    /// before gave. 0 for the merge the driver runs (pm sync sets it).
    #[serde(default)]
    pub round: u32,
    /// Both sides created the post-mortem (see [`Report::both_created`]).
    #[serde(default)]
    pub both_created: bool,
    /// The action item id git's line merge gave two items, when the
    /// action items were left as a conflict for it
    /// (`merge::Merged::duplicate_id`).
    #[serde(default)]
    pub shared_id: Option<String>,
    /// Action items a side renumbered itself to an id the other side gave
    /// another item, given the next free id (`Report::yielded`).
    #[serde(default)]
    pub yielded: Vec<Yielded>,
    /// Their items that are one of ours under another id
    /// (`Report::same_item`).
    #[serde(default)]
    pub same_item: Vec<(String, String)>,
}

impl Note {
    /// Whether `pm sync` has something to say about this merge.
    pub fn tells(&self) -> bool {
        !self.renumbered.is_empty() || self.fallback.is_some() || self.both_created
    }
}

pub fn run(args: &MergeDriverArgs) -> Result<Exit> {
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let mut markers = Markers {
        size: args.marker_size.max(7),
        ..Markers::default()
    };
    if let Ok(labels) = std::env::var(LABELS_ENV)
        && let Some((ours, theirs)) = labels.split_once(',')
    {
        markers.ours = ours.to_string();
        markers.theirs = theirs.to_string();
    }
    let read = |p: &Path| -> Option<String> { yaml::decode(fs::read(p).ok()?).ok() };
    let (Some(base), Some(ours), Some(theirs)) =
        (read(&args.base), read(&args.ours), read(&args.theirs))
    else {
        // Not text pm can read (too large, not UTF-8): git's own merge.
        output::note(&format!(
            "pm: {path}: not a text pm reads; merged line by line by git"
        ));
        return git_merge_file(args, &markers, &path);
    };
    // In a `git merge`, the histories say which action items a merge of
    // each side's renumbered (`history.rs`).
    // In a `git rebase`, the driver's own merges of the commits replayed
    // before this one say which items they renumbered (`Replay`).
    let merging = git_merge();
    let swap = std::env::var_os(SWAP_ENV).is_some();
    let replay = match (&merging, &args.path) {
        (None, Some(_)) if !swap => Replay::of_this_rebase(),
        _ => None,
    };
    let (ours_ids, theirs_ids) = match (&merging, &args.path, &replay) {
        (Some(theirs), Some(path), _) => renumbered_by_merges(path, *theirs),
        (None, Some(path), Some(replay)) => (replay.ids(path), HashMap::new()),
        _ => Default::default(),
    };
    markers.ours_ids = ours_ids;
    markers.theirs_ids = theirs_ids;
    // In a rebase git's "ours" is the upstream it replays onto, and
    // "theirs" the clone's own commit: named so in what the merge says
    // ("the others' side is not a valid post-mortem", attack 80).
    markers.theirs_is_local |= replay.is_some();
    let merged = if swap {
        markers.theirs_is_local = true;
        std::mem::swap(&mut markers.ours_ids, &mut markers.theirs_ids);
        merge::merge(&base, &theirs, &ours, &markers)
    } else {
        // A `git pull` or `git merge`: ours is the branch merged into.
        markers.merge_of_branches = merging.is_some();
        merge::merge(&base, &ours, &theirs, &markers)
    };
    // A merge is a write like any other: a result no pm command would
    // read (two big timelines merged past the size limit) is left to the
    // person, as a conflict, rather than committed. Git's contract lets
    // the driver leave any text with a non-zero exit: the file is left as
    // both sides whole, between conflict markers, so that the person (and
    // every pm command) sees a conflict there, rather than a merged file
    // without markers that `git add` and `git commit` would take as is.
    if let Some(why) =
        crate::store::limits::too_large(merged.text.len(), crate::store::MAX_FILE_BYTES)
    {
        let (first, second) = if swap {
            (&theirs, &ours)
        } else {
            (&ours, &theirs)
        };
        let both = whole_file_conflict(first, second, &markers);
        fs::write(&args.ours, both.as_bytes()).map_err(|err| {
            UserError::new(format!("{path}: cannot write the merged file: {err}"))
        })?;
        output::note(&format!(
            "pm: {path}: CONFLICT: the merged file would be {why} for one post-mortem, so no pm command could read it; the file holds both sides whole, between conflict markers: keep one side, add what you need of the other while keeping it under the limit, delete the marker lines and `git add` it; or abort the merge"
        ));
        record(&Note {
            path,
            fallback: Some(format!("the merged file would be {why}")),
            ..Note::default()
        });
        return Ok(Exit::Findings);
    }
    // OURS is git's scratch copy, read back at once: no need to flush it
    // to disk first (that took most of the time on a busy machine).
    fs::write(&args.ours, merged.text.as_bytes())
        .map_err(|err| UserError::new(format!("{path}: cannot write the merged file: {err}")))?;

    if let (Some(replay), Some(path)) = (replay, &args.path) {
        replay.record(path, &merged.report.renumbered);
    }

    // What the line merge did; a line merge that gave two action items one
    // id is left as a conflict (`merge::Merged::duplicate_id`).
    let fallback = match (&merged.fallback, &merged.duplicate_id) {
        (Some(why), Some(id)) => {
            let id = output::line(id);
            output::note(&format!(
                "pm: {path}: merged line by line ({why}), but git's line merge gives two action items the id {id}: the action items are left as a conflict, for you to keep each item once, under its own id"
            ));
            Some(format!(
                "{why}; that gives two action items the id {id}, so the action items are left as a conflict"
            ))
        }
        (Some(why), None) => {
            output::note(&format!(
                "pm: {path}: merged line by line, as git would: {why}"
            ));
            Some(why.clone())
        }
        (None, _) => None,
    };
    tell(&path, &merged.report, markers.merge_of_branches);
    let conflicts: Vec<String> = merged
        .conflicts
        .iter()
        .map(merge::markers::message)
        .collect();
    for c in &conflicts {
        output::note(&format!("pm: {path}: {c}"));
    }
    if !merged.clean && conflicts.is_empty() {
        output::note(&format!("pm: {path}: conflicts left in the file"));
    }
    record(&Note {
        path,
        renumbered: merged.report.renumbered.clone(),
        timeline_added: merged.report.timeline_added,
        actions_added: merged.report.actions_added,
        conflicts,
        fallback,
        round: 0,
        both_created: merged.report.both_created,
        shared_id: merged.duplicate_id.clone(),
        yielded: merged.report.yielded.clone(),
        same_item: merged.report.same_item.clone(),
    });
    Ok(if merged.clean {
        Exit::Ok
    } else {
        Exit::Findings
    })
}

/// `first` and `second` whole, as one conflict: the text the driver
/// leaves when no merge of the two can be written.
fn whole_file_conflict(first: &str, second: &str, markers: &Markers) -> String {
    let line = |c: char| c.to_string().repeat(markers.size);
    let end = |t: &str| {
        if t.is_empty() || t.ends_with('\n') {
            ""
        } else {
            "\n"
        }
    };
    format!(
        "{} {}\n{first}{}{}\n{second}{}{} {}\n",
        line('<'),
        markers.ours,
        end(first),
        line('='),
        end(second),
        line('>'),
        markers.theirs
    )
}

/// The commit merged in, when git runs the driver for a `git merge` (a
/// `git pull` that merges): git names it in a `GITHEAD_<id>` variable for
/// the driver. None in a rebase, a cherry-pick, a stash pop.
fn git_merge() -> Option<git2::Oid> {
    let heads: Vec<git2::Oid> = std::env::vars_os()
        .filter_map(|(k, _)| {
            let k = k.to_str()?;
            git2::Oid::from_str(k.strip_prefix("GITHEAD_")?).ok()
        })
        .collect();
    match heads[..] {
        [theirs] => Some(theirs),
        _ => None,
    }
}

/// The action ids the driver renumbered in the commits a `git rebase`
/// (`git pull --rebase`) replayed so far, per post-mortem, kept in git's
/// own rebase directory, which git removes when the rebase ends or is
/// aborted. Ours is the commits replayed so far: an item an earlier
/// replay renumbered is found under its new id there, changed or not
/// (say, renamed by the others), as pm sync's own replay finds it.
struct Replay {
    file: std::path::PathBuf,
    /// The number of the commit being replayed (git's `msgnum`).
    pick: u32,
    done: Vec<Replayed>,
}

/// What the replay of one commit renumbered in one post-mortem: (the id
/// in the commit replayed, the id it was given).
#[derive(Serialize, serde::Deserialize)]
struct Replayed {
    pick: u32,
    path: String,
    ids: Vec<(String, String)>,
}

impl Replay {
    fn of_this_rebase() -> Option<Replay> {
        let repo = git2::Repository::open_from_env().ok()?;
        let dir = repo.path().join("rebase-merge");
        let pick = fs::read_to_string(dir.join("msgnum"))
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let file = dir.join("pm-renumbered.json");
        let done = fs::read_to_string(&file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Some(Replay { file, pick, done })
    }

    /// The earlier replays' ids for `path`, a later one's last.
    fn ids(&self, path: &str) -> HashMap<String, String> {
        let mut done: Vec<&Replayed> = self
            .done
            .iter()
            .filter(|r| r.pick < self.pick && r.path == path)
            .collect();
        done.sort_by_key(|r| r.pick);
        done.iter().flat_map(|r| r.ids.iter().cloned()).collect()
    }

    /// Keep what this replay renumbered in `path`, for the next ones.
    fn record(mut self, path: &str, ids: &[(String, String)]) {
        let before = self.done.len();
        self.done.retain(|r| r.path != path || r.pick < self.pick);
        if ids.is_empty() && self.done.len() == before {
            return;
        }
        if !ids.is_empty() {
            self.done.push(Replayed {
                pick: self.pick,
                path: path.to_string(),
                ids: ids.to_vec(),
            });
        }
        if let Ok(text) = serde_json::to_string(&self.done) {
            fs::write(&self.file, text).ok();
        }
    }
}

/// During a `git merge` of `theirs`: for each side, the base's action
/// items that merge commits in its history renumbered, base id → its id.
/// (A rebase or a cherry-pick replays no merge commits.)
fn renumbered_by_merges(
    path: &str,
    theirs: git2::Oid,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let none = || (HashMap::new(), HashMap::new());
    let Ok(repo) = git2::Repository::open_from_env() else {
        return none();
    };
    let Some(ours) = repo.head().ok().and_then(|h| h.target()) else {
        return none();
    };
    let Ok(base) = repo.merge_base(ours, theirs) else {
        return none();
    };
    let path = Path::new(path);
    (
        merge::history::renumbered(&repo, path, base, ours),
        merge::history::renumbered(&repo, path, base, theirs),
    )
}

fn tell(path: &str, report: &Report, merge_of_branches: bool) {
    if report.both_created {
        output::note(&format!(
            "pm: {path}: both sides created this post-mortem (the same id); they are merged into one file: check that it is one incident"
        ));
    }
    for y in &report.yielded {
        let (was, gave, now) = (
            output::line(&y.was),
            output::line(&y.gave),
            output::line(&y.now),
        );
        // In a merge of branches ours is the person's branch; in a rebase
        // (and under pm sync) theirs is the person's commit.
        if y.ours || !merge_of_branches {
            output::note(&format!(
                "pm: {path}: your action item {was}, which you renumbered to {gave}, is now {now}: the other side gave {gave} to another item"
            ));
        } else {
            output::note(&format!(
                "pm: {path}: the incoming action item {was}, renumbered to {gave} on that side, is now {now}: {gave} is taken on this side"
            ));
        }
    }
    for (old, new) in &report.renumbered {
        if report.yielded.iter().any(|y| !y.ours && y.gave == *old) {
            continue;
        }
        if report.same_item.contains(&(old.clone(), new.clone())) {
            output::note(&format!(
                "pm: {path}: the incoming action item {old} is this side's {new}, the same item (both sides had it from an earlier merge); it keeps the id {new}"
            ));
            continue;
        }
        output::note(&format!(
            "pm: {path}: action item {old} is taken on the other side; the incoming one is now {new}"
        ));
    }
}

/// Append the note for `pm sync`, when it asked for one.
fn record(note: &Note) {
    let Some(file) = std::env::var_os(NOTES_ENV) else {
        return;
    };
    let Ok(line) = serde_json::to_string(note) else {
        return;
    };
    if let Ok(mut f) = fs::OpenOptions::new().create(true).append(true).open(file) {
        let _ = writeln!(f, "{line}");
    }
}

/// `git merge-file`, in place on OURS, for files pm cannot read as text.
fn git_merge_file(args: &MergeDriverArgs, markers: &Markers, path: &str) -> Result<Exit> {
    let status = Command::new("git")
        .arg("merge-file")
        .arg(format!("--marker-size={}", markers.size))
        .args(["-L", &markers.ours, "-L", "base", "-L", &markers.theirs])
        .arg(&args.ours)
        .arg(&args.base)
        .arg(&args.theirs)
        .status()
        .map_err(|err| UserError::new(format!("{path}: cannot run git merge-file: {err}")))?;
    Ok(if status.success() {
        Exit::Ok
    } else {
        Exit::Findings
    })
}
