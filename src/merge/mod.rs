//! Merging post-mortems by meaning: the engine behind `pm merge-driver`,
//! which git runs for every post-mortem that changed on both sides of a
//! merge, rebase, cherry-pick or stash pop.
//!
//! Two people who each add timeline entries or action items to the same
//! post-mortem get both, in time order, with colliding new action ids
//! renumbered; a field both changed differently becomes a conflict around
//! that field only, which every pm command then explains. A side that is
//! not a valid post-mortem, or a layout the merge does not handle, falls
//! back to git's ordinary line merge. See docs/collaboration.md.

pub mod engine;
pub mod history;
pub mod install;
pub mod markers;
pub mod rebase;
pub mod text;
pub mod val;

pub use engine::{Report, Yielded};
pub use text::Markers;

use crate::store;
use crate::yaml;
use engine::{Engine, Fail};
use val::Val;

/// The outcome of a merge.
#[derive(Debug)]
pub struct Merged {
    /// The merged file, with conflict markers when not clean.
    pub text: String,
    pub clean: bool,
    pub report: Report,
    /// Why the file was merged line by line, when it was.
    pub fallback: Option<String>,
    pub conflicts: Vec<markers::Site>,
    /// The action item id git's line merge gave two items, neither side
    /// having two: the action items are then left as a conflict.
    pub duplicate_id: Option<String>,
}

/// A side's text as the merge works on it: without a BOM, with LF line
/// ends (CR LF ones, and the lone CRs of a file that ends every line so,
/// made LF).
struct Prepared {
    body: String,
    crlf: bool,
    cr: bool,
    bom: bool,
}

impl Prepared {
    fn new(text: &str) -> Prepared {
        let (body, bom) = yaml::strip_bom(text);
        let cr = yaml::cr_only(body);
        Prepared {
            crlf: body.contains("\r\n"),
            cr,
            body: if cr {
                body.replace('\r', "\n")
            } else {
                body.replace("\r\n", "\n")
            },
            bom: bom > 0,
        }
    }

    /// Give the result our line endings and BOM back.
    fn restore(&self, text: String) -> String {
        let text = if self.crlf {
            text.replace('\n', "\r\n")
        } else if self.cr {
            text.replace('\n', "\r")
        } else {
            text
        };
        if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

/// Three-way merge of a post-mortem: `base` is the common ancestor (empty
/// when both sides added the file), `ours` the side being merged into.
pub fn merge(base: &str, ours: &str, theirs: &str, markers: &Markers) -> Merged {
    let mut merged = merge_sides(base, ours, theirs, markers);
    merged.report.both_created =
        base.trim().is_empty() && !ours.trim().is_empty() && !theirs.trim().is_empty();
    merged
}

fn merge_sides(base: &str, ours: &str, theirs: &str, markers: &Markers) -> Merged {
    match by_meaning(base, ours, theirs, markers) {
        Ok(merged) => merged,
        Err(reason) => {
            let (mut text, mut clean) = line_merge(base, ours, theirs, markers);
            let mut duplicate_id = None;
            if clean
                && let Some((id, conflicted)) = shared_id_as_conflict(&text, ours, theirs, markers)
            {
                text = conflicted;
                clean = false;
                duplicate_id = Some(id);
            }
            Merged {
                conflicts: if clean {
                    Vec::new()
                } else {
                    markers::find(&text)
                },
                text,
                clean,
                report: Report::default(),
                fallback: Some(reason),
                duplicate_id,
            }
        }
    }
}

fn by_meaning(base: &str, ours: &str, theirs: &str, markers: &Markers) -> Result<Merged, String> {
    let o = Prepared::new(ours);
    let t = Prepared::new(theirs);
    let b = Prepared::new(base);
    // An action item a side renumbered itself to an id the other side gave
    // another item takes the next free id (`engine::Yielded`): given that
    // id in its side's text, the sides are merged again. Each round gives
    // new ids to the items it found, so a few rounds are enough.
    let (mut o_body, mut t_body) = (o.body.clone(), t.body.clone());
    let mut yielded: Vec<engine::Yielded> = Vec::new();
    for _ in 0..4 {
        let (merged, yields) = merge_bodies(&b.body, &o_body, &t_body, markers);
        if yields.is_empty() {
            let mut merged = merged?;
            merged.text = o.restore(merged.text);
            let theirs = yielded.iter().filter(|y| !y.ours);
            let pairs: Vec<(String, String)> =
                theirs.map(|y| (y.gave.clone(), y.now.clone())).collect();
            merged.report.renumbered.splice(0..0, pairs);
            merged.report.yielded = yielded;
            return Ok(merged);
        }
        for side in [true, false] {
            let ids: Vec<(&str, &str)> = yields
                .iter()
                .filter(|y| y.ours == side)
                .map(|y| (y.gave.as_str(), y.now.as_str()))
                .collect();
            let body = if side { &mut o_body } else { &mut t_body };
            if !ids.is_empty() {
                *body = with_ids(body, &ids)
                    .ok_or("an action item to renumber could not be found in its side's text")?;
            }
        }
        yielded.extend(yields);
    }
    Err("the merge kept renumbering action items".into())
}

/// `body` with the action items that `ids` names by their id given the
/// new id there (`(id, new id)`); None when one is not found.
fn with_ids(body: &str, ids: &[(&str, &str)]) -> Option<String> {
    let tree = yaml::parse_tree(body).ok()?;
    let items = tree.get("action_items").map_or(&[][..], yaml::Node::items);
    let mut spans = Vec::new();
    for (id, new) in ids {
        let node = items
            .iter()
            .filter_map(|item| item.get("id"))
            .find(|node| node.as_str() == Some(id))?;
        spans.push((node.start, node.end, yaml::scalar(new)));
    }
    spans.sort_by_key(|&(start, _, _)| std::cmp::Reverse(start));
    let mut text = body.to_string();
    for (start, end, new) in spans {
        text.replace_range(start..end, &new);
    }
    Some(text)
}

/// One merge by meaning of the sides' texts (LF line ends, no BOM): the
/// result, and the action items the engine found renumbered into an id
/// the other side holds (when any, the result is not to be used).
fn merge_bodies(
    base: &str,
    ours: &str,
    theirs: &str,
    markers: &Markers,
) -> (Result<Merged, String>, Vec<engine::Yielded>) {
    let tree = |body: &str, name: &str| {
        let invalid = |err: yaml::YamlError| format!("{name} is not a valid post-mortem ({err})");
        let tree = yaml::parse_tree(body).map_err(invalid)?;
        store::parse_postmortem_after_tree(body).map_err(invalid)?;
        Ok::<_, String>(tree)
    };
    // In pm sync the upstream is merged as ours and the local work as
    // theirs: named as the person knows them there.
    let (o_name, t_name) = if markers.theirs_is_local {
        ("the others' side", "your side")
    } else {
        ("our side", "their side")
    };
    let trees = tree(ours, o_name).and_then(|o| Ok((o, tree(theirs, t_name)?)));
    let (o_tree, t_tree) = match trees {
        Ok(trees) => trees,
        Err(why) => return (Err(why), Vec::new()),
    };
    // A base that cannot be read (both sides added the file, or an earlier
    // conflict) counts as empty: then everything is "added on both sides".
    let b_tree = if base.trim().is_empty() {
        None
    } else {
        yaml::parse_tree(base).ok()
    };
    for tree in [Some(&o_tree), Some(&t_tree), b_tree.as_ref()]
        .into_iter()
        .flatten()
    {
        if has_alias(tree) {
            return (Err("the file uses YAML aliases".into()), Vec::new());
        }
    }
    let mut engine = Engine::new(base, ours, theirs, markers.clone());
    let done = engine.document(b_tree.as_ref(), &o_tree, &t_tree);
    if !engine.yields.is_empty() {
        let yields = std::mem::take(&mut engine.yields);
        return (Err("renumbered".into()), yields);
    }
    let merged = (|| {
        let (out, expected) = done.map_err(|fail| match fail {
            Fail::Unsupported(why) => why,
            Fail::Conflict => "the files differ at the top level".into(),
        })?;
        // The spliced text must read back as exactly the intended document
        // (with any conflict resolved to our side): a wrong splice never
        // reaches the file.
        let resolved = text::flatten(&out.pieces, None);
        match yaml::parse_tree(&resolved) {
            Ok(tree) if Val::of(&tree) == expected => {}
            _ => return Err("the merged text did not read back as intended".to_string()),
        }
        let clean = !out.has_conflicts();
        let text = if clean {
            store::parse_postmortem_after_tree(&resolved).map_err(|err| {
                format!("the merged file would not be a valid post-mortem ({err})")
            })?;
            resolved
        } else {
            text::flatten(&out.pieces, Some(markers))
        };
        let conflicts = if clean {
            Vec::new()
        } else {
            markers::find(&text)
        };
        Ok(Merged {
            text,
            clean,
            report: std::mem::take(&mut engine.report),
            fallback: None,
            conflicts,
            duplicate_id: None,
        })
    })();
    (merged, Vec::new())
}

/// The action item ids `tree` gives more than one item, compared as pm
/// compares them (trimmed, in any case), each as its first item writes it.
fn shared_action_ids(tree: &yaml::Node) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut shared: Vec<String> = Vec::new();
    let items = tree.get("action_items").map_or(&[][..], yaml::Node::items);
    for item in items {
        let Some(id) = item
            .get("id")
            .filter(|n| !n.is_null())
            .and_then(yaml::Node::as_str)
            .map(str::trim)
            .filter(|id| !id.is_empty())
        else {
            continue;
        };
        match seen.iter().find(|s| s.eq_ignore_ascii_case(id)) {
            Some(first) if !shared.iter().any(|s| s.eq_ignore_ascii_case(id)) => {
                shared.push(first.to_string());
            }
            Some(_) => {}
            None => seen.push(id),
        }
    }
    shared
}

/// The whole lines of a text's `action_items` (its key and its items), or
/// an empty range at the end when it has none.
fn action_lines(text: &str, tree: &yaml::Node) -> std::ops::Range<usize> {
    match tree.entry("action_items") {
        Some((key, value)) => {
            let start = crate::edit::line_start(text, key.start);
            let last = value.end.max(key.end).saturating_sub(1).max(key.start);
            start..crate::edit::line_end(text, last)
        }
        None => text.len()..text.len(),
    }
}

/// git's line merge knows nothing of ids: its clean result may give two
/// action items one id that neither side gave two (each side added an A3
/// in another place of the list; one side renumbered an item by hand to
/// an id the other gave a new item). Such a result is not written: the
/// action items are left as a conflict between the two sides' lists, as
/// git leaves lines both sides changed, for the person to keep each item
/// once under its own id; the rest of the file is the line merge's. The
/// id and the conflicted text; None when the merged text gives no id
/// twice that a side did not already (or cannot be read as YAML).
fn shared_id_as_conflict(
    merged: &str,
    ours: &str,
    theirs: &str,
    markers: &Markers,
) -> Option<(String, String)> {
    let m = Prepared::new(merged);
    let tree = yaml::parse_tree(&m.body).ok()?;
    let shared = shared_action_ids(&tree);
    if shared.is_empty() {
        return None;
    }
    let (o, t) = (Prepared::new(ours), Prepared::new(theirs));
    let (o_tree, t_tree) = (
        yaml::parse_tree(&o.body).ok(),
        yaml::parse_tree(&t.body).ok(),
    );
    let already: Vec<String> = [&o_tree, &t_tree]
        .into_iter()
        .flatten()
        .flat_map(shared_action_ids)
        .collect();
    let id = shared
        .into_iter()
        .find(|id| !already.iter().any(|a| a.eq_ignore_ascii_case(id)))?;
    let mut out = text::Out::default();
    if let (Some(o_tree), Some(t_tree)) = (&o_tree, &t_tree) {
        let here = action_lines(&m.body, &tree);
        out.lines(m.body[..here.start].to_string());
        out.conflict(
            o.body[action_lines(&o.body, o_tree)].to_string(),
            t.body[action_lines(&t.body, t_tree)].to_string(),
        );
        out.lines(m.body[here.end..].to_string());
    }
    // A side that is not YAML: the two whole files, as git leaves a file
    // it cannot merge.
    if !out.has_conflicts() {
        out = text::Out::default();
        out.conflict(o.body.clone(), t.body.clone());
    }
    Some((id, m.restore(text::flatten(&out.pieces, Some(markers)))))
}

fn has_alias(node: &yaml::Node) -> bool {
    match &node.kind {
        yaml::NodeKind::Alias { .. } => true,
        yaml::NodeKind::Seq(items) => items.iter().any(has_alias),
        yaml::NodeKind::Map(entries) => entries.iter().any(|(k, v)| has_alias(k) || has_alias(v)),
        yaml::NodeKind::Scalar { .. } => false,
    }
}

/// git's ordinary line merge of whole files (what git does without a driver).
pub fn line_merge(base: &str, ours: &str, theirs: &str, markers: &Markers) -> (String, bool) {
    // When nothing sensible can be made, keep ours with the conflict
    // reported, which is what git does when a driver fails.
    merge_lines(base, ours, theirs, markers).unwrap_or_else(|| (ours.to_string(), false))
}

/// Line-based three-way merge with our labels and marker size: the text,
/// and whether it merged cleanly.
fn merge_lines(base: &str, ours: &str, theirs: &str, markers: &Markers) -> Option<(String, bool)> {
    merge_lines_with(base, ours, theirs, markers, false)
}

/// [`merge_lines`], or with `union` the lines of both sides where they
/// overlap, ours first (git's `merge=union`).
fn merge_lines_with(
    base: &str,
    ours: &str,
    theirs: &str,
    markers: &Markers,
    union: bool,
) -> Option<(String, bool)> {
    fn input(text: &str) -> git2::MergeFileInput<'_> {
        let mut i = git2::MergeFileInput::new();
        // libgit2 needs a path and a file mode, even for text in memory.
        i.content(text.as_bytes()).path("post-mortem.yaml");
        i
    }
    let mut opts = git2::MergeFileOptions::new();
    opts.our_label(&markers.ours)
        .their_label(&markers.theirs)
        .marker_size(markers.size.clamp(7, u16::MAX as usize) as u16);
    if union {
        opts.favor(git2::FileFavor::Union);
    }
    // git2's merge_file does not initialise libgit2 itself, and fails at
    // random when nothing else did; this call does.
    let _ = git2::Config::new();
    let result =
        git2::merge_file(&input(base), &input(ours), &input(theirs), Some(&mut opts)).ok()?;
    Some((
        String::from_utf8_lossy(result.content()).into_owned(),
        result.is_automergeable(),
    ))
}

#[cfg(test)]
mod tests;
