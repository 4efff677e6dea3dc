//! `pm init [DIR]`: make a folder a post-mortem repository.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::InitArgs;
use crate::config::{CONFIG_FILE, DEFAULT_CONFIG};
use crate::error::{Exit, UserError};
use crate::git::{self, Git};
use crate::output;
use crate::store::change;
use crate::store::paths::Base;
use crate::store::{self, POSTMORTEMS_DIR};

/// Keeps post-mortems with LF line endings whatever a contributor's editor
/// does, so diffs stay about content.
const GITATTRIBUTES: &str =
    "# Written by pm init.\npostmortems/**/*.yaml text eol=lf\npm.yaml text eol=lf\n";

pub fn run(args: &InitArgs, no_commit: bool) -> Result<Exit> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir()?,
    };
    if dir.exists() && !dir.is_dir() {
        crate::bail_user!("{} exists and is not a directory", dir.display());
    }
    fs::create_dir_all(&dir).map_err(|err| {
        UserError::new(format!("cannot create {}: {err}", dir.display()))
            .hint("choose a folder you can write to")
    })?;

    let mut created: Vec<PathBuf> = Vec::new();
    let config_path = dir.join(CONFIG_FILE);
    let attributes = dir.join(".gitattributes");
    let keep = dir.join(POSTMORTEMS_DIR).join(".gitkeep");
    let git_initialised = git::init_if_needed(&dir)?;

    // Never through a symlink: a `postmortems` linked elsewhere is refused.
    let base = Base::root(&dir);
    let exists = |p: &Path| fs::symlink_metadata(p).is_ok();
    let mut writes: Vec<(PathBuf, &[u8])> = Vec::new();
    for (path, text) in [
        (config_path.clone(), DEFAULT_CONFIG),
        (attributes, GITATTRIBUTES),
        (keep, ""),
    ] {
        if !exists(&path) {
            created.push(path.clone());
            writes.push((path, text.as_bytes()));
        }
    }
    let config = if exists(&config_path) {
        crate::config::Config::load(&dir)?
    } else {
        crate::config::Config::default()
    };
    // git is checked (identity, locks) before anything is written, and the
    // files are put back if the commit fails.
    let git = if config.autocommit && !no_commit && !writes.is_empty() {
        Some(Git::open_for_commit(&dir)?)
    } else {
        None
    };
    change::write_and_commit(
        &base,
        git.as_ref(),
        &writes,
        store::MAX_FILE_BYTES,
        "pm: init: post-mortem repository",
        None,
    )?;

    if created.is_empty() && !git_initialised {
        output::emitln(&format!(
            "{} is already a pm repository; nothing changed",
            dir.display()
        ));
        return Ok(Exit::Ok);
    }
    if git_initialised {
        output::emitln(&format!(
            "Initialised a git repository in {}",
            dir.display()
        ));
    }
    output::emitln(&format!(
        "Created a pm repository in {}\nNext: pm new \"What happened\" --severity SEV2",
        dir.display()
    ));
    Ok(Exit::Ok)
}
