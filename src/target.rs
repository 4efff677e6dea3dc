//! Which post-mortem a write goes to: `--pm ID`, else the one chosen with
//! `pm use` (kept per clone under .git/pm/, never committed), else the
//! newest draft.
//!
//! Finding the newest draft reads only the `status:` line of files from
//! the newest backwards, so writes stay fast in repositories with
//! thousands of post-mortems.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::UserError;
use crate::store::Store;
use crate::yaml;

const CURRENT_FILE: &str = "current";

pub fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn current(store: &Store) -> Result<Option<String>> {
    let path = store.state_dir().join(CURRENT_FILE);
    let text = store
        .read_state(&path, 4096)?
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string());
    Ok(text.filter(|s| !s.is_empty()))
}

/// The file of the post-mortem `pm use` chose. `pm use` keeps the exact
/// id it chose: read as a partial id, a choice whose file is gone would
/// fall through to another post-mortem that starts like it
/// ("2026-11-30-db" to "2026-11-30-db-2"), so it must match exactly.
pub fn chosen_path(store: &Store, id: &str) -> Result<PathBuf> {
    // A choice among files that share an id is kept as the file's path.
    let mut files = if id.contains('/') {
        let path = store.root.join(id);
        store.files()?.into_iter().filter(|p| *p == path).collect()
    } else {
        store.files_named(id)?
    };
    match files.len() {
        0 => Err(UserError::new(format!(
            "`pm use` chose {}, which no longer exists",
            crate::output::line(id)
        ))
        .hint("choose another with `pm use ID`, or `pm use --clear`")
        .into()),
        1 => Ok(files.remove(0)),
        // Copies that share the id: which one is meant is not for pm to guess.
        _ => Err(store.ambiguous_for(id, &files, Some("pm use"))),
    }
}

pub fn set_current(store: &Store, id: &str) -> Result<()> {
    let path = store.state_dir().join(CURRENT_FILE);
    store.write_state(&path, format!("{id}\n").as_bytes())
}

pub fn clear_current(store: &Store) -> Result<()> {
    match fs::remove_file(store.state_dir().join(CURRENT_FILE)) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// How the target was chosen, to tell the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    Flag,
    Use,
    NewestDraft,
}

impl Chosen {
    /// What a write's confirmation adds after the id, so the person sees
    /// why it went there: nothing when they named it.
    pub fn why(self) -> &'static str {
        match self {
            Chosen::Flag => "",
            Chosen::Use => " (chosen with pm use)",
            Chosen::NewestDraft => " (the newest draft)",
        }
    }
}

/// The post-mortem a write goes to. Another pm writing (a `pm sync`
/// rebasing, say) rewrites the folder while it holds the repository lock,
/// so the folder is read only once that lock is free: a draft is never
/// missed because a checkout had it out of place for a moment.
pub fn resolve(store: &Store, flag: Option<&str>) -> Result<(PathBuf, Chosen)> {
    store.wait_for_writers()?;
    resolve_now(store, flag)
}

/// As `resolve`, without waiting for other writers: for shell completion,
/// which must answer at once and writes nothing.
pub fn resolve_now(store: &Store, flag: Option<&str>) -> Result<(PathBuf, Chosen)> {
    if let Some(query) = flag {
        return Ok((store.resolve(query)?, Chosen::Flag));
    }
    if let Some(id) = current(store)? {
        let path = chosen_path(store, &id)?;
        return Ok((path, Chosen::Use));
    }
    newest_draft(store).map(|p| (p, Chosen::NewestDraft))
}

fn newest_draft(store: &Store) -> Result<PathBuf> {
    let files = store.files()?;
    let mut found: Vec<PathBuf> = Vec::new();
    // Files no draft could be told from: named when no draft is found,
    // as one of them may be the draft meant.
    let mut unreadable: Vec<String> = Vec::new();
    // The newest that is not a draft but still open to writing (`review`,
    // `published`): moved on from `draft` a moment ago, it is most likely
    // the one meant.
    let mut newest_open: Option<(PathBuf, String)> = None;
    for path in files.iter().rev() {
        let id = id_of(path);
        // Ids start with the date; once a draft is found, only drafts of the
        // same day can tie with it.
        if let Some(first) = found.first()
            && id.get(..10) != id_of(first).get(..10)
        {
            break;
        }
        match store.read_text(path) {
            Ok(text) => match yaml::top_level_scalar(&text, "status").as_deref() {
                Some("draft") => found.push(path.clone()),
                Some(status @ ("review" | "published")) if newest_open.is_none() => {
                    newest_open = Some((path.clone(), status.to_string()));
                }
                _ => {}
            },
            Err(err) => unreadable.push(crate::output::line(&err.to_string()).into_owned()),
        }
    }
    match found.len() {
        0 => {
            let mut err = UserError::new("no draft post-mortem to write to");
            for why in unreadable.iter().take(3) {
                err = err.hint(format!("pm cannot read {why}"));
            }
            if let Some((path, status)) = &newest_open {
                let id = crate::output::shell_word(&id_of(path)).into_owned();
                err = err.hint(format!(
                    "the newest post-mortem, {id}, is in `{status}`, no longer a draft: to write to it, pass --pm {id} or choose it with `pm use {id}`"
                ));
            }
            Err(err
                .hint("pass --pm ID, choose one with `pm use ID`, or start one with `pm new`")
                .into())
        }
        1 => Ok(found.remove(0)),
        _ => {
            let mut err = UserError::new(format!(
                "{} drafts are equally new; which one did you mean?",
                found.len()
            ));
            for path in &found {
                err = err.hint(id_of(path));
            }
            Err(err
                .hint("pass --pm ID, or choose one for this clone with `pm use ID`")
                .into())
        }
    }
}
