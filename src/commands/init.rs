//! `pm init [DIR]`: make a folder a post-mortem repository.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::InitArgs;
use crate::config::{CONFIG_FILE, DEFAULT_CONFIG};
use crate::error::{Exit, UserError};
use crate::git::{self, Git};
use crate::merge::install;
use crate::output;
use crate::store::change;
use crate::store::paths::Base;
use crate::store::{self, POSTMORTEMS_DIR};

/// Keeps post-mortems with LF line endings whatever a contributor's editor
/// does, so diffs stay about content, and has git merge them with
/// `pm merge-driver` (docs/collaboration.md). The comment points at pm's
/// documentation, not at a path: the user has no copy of pm's source tree.
const GITATTRIBUTES: &str = "# Written by pm init: LF line endings, and merges by meaning (`pm sync --help` says how).\npostmortems/**/*.yaml text eol=lf merge=pm\npostmortems/**/*.yml text eol=lf merge=pm\npm.yaml text eol=lf\n";

/// A repository made inside another's postmortems/ folder would be read by
/// neither: its files sit where the outer repository expects only
/// post-mortems, and `pm` run there finds the inner pm.yaml first.
fn refuse_inside_postmortems(dir: &Path) -> Result<()> {
    let absolute = resolved(dir);
    for outer in absolute.ancestors().skip(1) {
        let folder = outer.join(POSTMORTEMS_DIR);
        if outer.join(CONFIG_FILE).is_file() && absolute.starts_with(&folder) {
            return Err(UserError::new(format!(
                "{} is inside the postmortems folder of the pm repository at {}",
                dir.display(),
                outer.display()
            ))
            .hint(format!(
                "that repository is already set up: run pm there (cd {}), or choose a folder outside it",
                outer.display()
            ))
            .into());
        }
    }
    Ok(())
}

/// `dir` as the folder it is on disk: `..` taken away, and the part that
/// exists with its symlinks followed (the rest is made by init).
fn resolved(dir: &Path) -> PathBuf {
    let lexical = crate::store::paths::normalize(dir);
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while fs::metadata(existing).is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            return lexical;
        };
        rest.push(name);
        existing = parent;
    }
    let mut out = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// git's own folder (or a folder inside it, or a bare repository) is
/// not a place for a pm repository: git refuses to commit files there.
fn refuse_inside_git_dir(dir: &Path) -> Result<()> {
    let in_dot_git = resolved(dir)
        .components()
        .any(|part| part.as_os_str() == ".git");
    let bare = crate::git::discover(dir).is_ok_and(|repo| repo.workdir().is_none());
    if in_dot_git || bare {
        return Err(UserError::new(format!(
            "{} is inside git's own folder (or a bare repository); git cannot commit files there",
            dir.display()
        ))
        .hint("run pm init in the repository's work tree (the folder that holds .git); nothing was changed")
        .into());
    }
    Ok(())
}

/// What this run of `pm init` created, removed again when it fails, so
/// that "nothing was changed" is true: the folder, git's folder (only
/// when this run made it) and the post-mortems folder.
struct Created {
    dirs: Vec<PathBuf>,
    git: Option<PathBuf>,
}

impl Created {
    fn undo(&self) {
        if let Some(git) = &self.git {
            fs::remove_dir_all(git).ok();
        }
        // Innermost first, and only when empty: anything someone put
        // there meanwhile stays.
        for dir in self.dirs.iter().rev() {
            fs::remove_dir(dir).ok();
        }
    }
}

/// The folders of `dir` that do not exist yet, outermost first: what
/// `create_dir_all` would make.
fn missing_folders(dir: &Path) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|up| fs::symlink_metadata(up).is_err())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    missing
}

pub fn run(args: &InitArgs, no_commit: bool) -> Result<Exit> {
    // Absolute and without `.` or `..` (`pm init .`, `pm init ../team`):
    // git refuses paths that start with a dot.
    let dir = match &args.dir {
        Some(dir) => crate::store::paths::normalize(&std::path::absolute(dir)?),
        None => std::env::current_dir()?,
    };
    if dir.exists() && !dir.is_dir() {
        crate::bail_user!("{} exists and is not a directory", dir.display());
    }
    refuse_inside_postmortems(&dir)?;
    refuse_inside_git_dir(&dir)?;

    // Everything init writes is checked before anything is created: never
    // through a symlink (a `postmortems` or `.gitattributes` linked
    // elsewhere is refused), never over a folder.
    let base = Base::root(&dir);
    let config_path = dir.join(CONFIG_FILE);
    let attributes = dir.join(".gitattributes");
    let keep = dir.join(POSTMORTEMS_DIR).join(".gitkeep");
    for path in [&config_path, &attributes, &keep] {
        crate::store::paths::check_writable(&base, path)?;
    }
    let exists = |p: &Path| fs::symlink_metadata(p).is_ok();
    let config = if exists(&config_path) {
        crate::config::Config::load(&dir)?
    } else {
        crate::config::Config::default()
    };

    let mut created = Created {
        dirs: Vec::new(),
        git: None,
    };
    created.dirs.extend(missing_folders(&dir));
    fs::create_dir_all(&dir).map_err(|err| {
        UserError::new(format!("cannot create {}: {err}", dir.display()))
            .hint("choose a folder you can write to")
    })?;
    let had_git = exists(&dir.join(".git"));
    let result = set_up(&dir, &base, &config, no_commit, &mut created, had_git);
    if result.is_err() {
        created.undo();
    }
    result
}

fn set_up(
    dir: &Path,
    base: &Base,
    config: &crate::config::Config,
    no_commit: bool,
    created: &mut Created,
    had_git: bool,
) -> Result<Exit> {
    let dir = dir.to_path_buf();
    let mut new_files: Vec<PathBuf> = Vec::new();
    let config_path = dir.join(CONFIG_FILE);
    let attributes = dir.join(".gitattributes");
    let postmortems = dir.join(POSTMORTEMS_DIR);
    let keep = postmortems.join(".gitkeep");
    let git_initialised = git::init_if_needed(&dir)?;
    if git_initialised && !had_git {
        created.git = Some(dir.join(".git"));
    }
    let exists = |p: &Path| fs::symlink_metadata(p).is_ok();
    if !exists(&postmortems) {
        created.dirs.push(postmortems.clone());
    }
    // A new repository types and shows times in this machine's zone: a
    // responder in Berlin who types `--at 13:28` means Berlin's 13:28.
    let zone = crate::clock::local_zone_name();
    let config_text = match &zone {
        Some(name) => {
            DEFAULT_CONFIG.replacen("\ntimezone: UTC\n", &format!("\ntimezone: {name}\n"), 1)
        }
        None => DEFAULT_CONFIG.to_string(),
    };
    let mut writes: Vec<(PathBuf, &[u8])> = Vec::new();
    for (path, text) in [
        (config_path.clone(), config_text.as_str()),
        (attributes.clone(), GITATTRIBUTES),
        (keep, ""),
    ] {
        if !exists(&path) {
            new_files.push(path.clone());
            writes.push((path, text.as_bytes()));
        }
    }
    let commits = config.autocommit && !no_commit;
    // git is checked (identity, locks) before anything is written, and the
    // files are put back if the commit fails.
    let git = if commits && !writes.is_empty() {
        Some(open_git(&dir)?)
    } else {
        None
    };
    change::write_and_commit(
        base,
        git.as_ref(),
        &writes,
        store::MAX_FILE_BYTES,
        "pm: init: post-mortem repository",
        None,
    )?;

    // The merge driver: `.gitattributes` asks for it (versioned, for every
    // clone), and this clone's git config says how to run it. An older
    // repository gains the merge attributes in a commit of its own, made
    // (or refused) as every change is: checked first, put back on failure.
    let attributes_added = if new_files.contains(&attributes) {
        None
    } else if let Some((path, text)) = install::attributes_with_driver(&dir)? {
        let git = if commits { Some(open_git(&dir)?) } else { None };
        change::write_and_commit(
            base,
            git.as_ref(),
            &[(path.clone(), text.as_bytes())],
            store::MAX_FILE_BYTES,
            "pm: init: merge post-mortems with pm's merge driver",
            None,
        )?;
        Some(path)
    } else {
        None
    };
    let driver_installed = match install::driver_state(&dir) {
        Some(install::DriverState::Installed) | None => false,
        Some(_) => {
            install::install_driver(&dir)?;
            true
        }
    };

    if new_files.is_empty() && !git_initialised && attributes_added.is_none() && !driver_installed {
        output::emitln(&format!(
            "{} is already a pm repository; nothing changed",
            dir.display()
        ));
        return Ok(Exit::Ok);
    }
    let fresh = !new_files.is_empty();
    if !fresh && !git_initialised {
        if attributes_added.is_some() {
            output::emitln(if commits {
                "Added merge=pm for post-mortems to .gitattributes (committed)"
            } else {
                "Added merge=pm for post-mortems to .gitattributes (not committed)"
            });
        }
        if driver_installed {
            output::emitln(
                "Installed the merge driver for post-mortems in this clone's git config (merge.pm)",
            );
        }
        return Ok(Exit::Ok);
    }
    if git_initialised {
        output::emitln(&format!(
            "Initialised a git repository in {}",
            dir.display()
        ));
    }
    output::emitln(&format!("Created a pm repository in {}", dir.display()));
    // Inside a checkout of something else (the README's first steps run
    // in a clone of a project): say where pm's commits go.
    if !git_initialised && let Some(enclosing) = enclosing_repository(&dir) {
        output::emitln(&format!(
            "{} in the git repository at {}{}",
            if commits {
                "Committed"
            } else {
                "Not committed"
            },
            output::name(&enclosing.0.display().to_string()),
            match &enclosing.1 {
                Some(branch) => format!(", on its branch {}", output::name(branch)),
                None => String::new(),
            }
        ));
        output::note(
            "note: pm's commits go to that repository; for a repository of its own, run `pm init DIR` outside any git work tree",
        );
    }
    if new_files.contains(&config_path) {
        // Said in every case: a UTC machine (a server, a container) writes
        // UTC, which the team may not want either.
        if zone.is_none()
            && let Some(tz) = crate::clock::unusable_tz()
        {
            // A POSIX rule or a path that is no zone file: the C library
            // may read it, pm does not; UTC would silently shift every
            // `--at` typed afterwards.
            output::note(&format!(
                "note: TZ={} is not a time zone pm understands (an IANA name such as Asia/Tokyo, or a path to one under zoneinfo/); wrote `timezone: UTC` to pm.yaml: set your zone there",
                output::name(&tz)
            ));
        }
        output::emitln(&match &zone {
            Some(name) => format!(
                "Times are typed and shown in {name}, this machine's time zone (`timezone` in pm.yaml)"
            ),
            None => "Times are typed and shown in UTC (`timezone` in pm.yaml; set your team's zone there, for example Europe/Berlin)".to_string(),
        });
    }
    if driver_installed {
        output::emitln(
            "Post-mortems merge by meaning in this clone (`pm sync --help` says how to share them)",
        );
    }
    output::emitln("Next: pm new \"What happened\" --severity SEV2");
    Ok(Exit::Ok)
}

/// The work tree of the git repository `dir` is inside of, when that is
/// not `dir` itself, with its current branch.
fn enclosing_repository(dir: &Path) -> Option<(PathBuf, Option<String>)> {
    let repo = crate::git::discover(dir).ok()?;
    let top = repo.workdir()?.canonicalize().ok()?;
    if top == dir.canonicalize().ok()? {
        return None;
    }
    let branch = repo
        .head()
        .ok()
        .filter(|h| h.is_branch())
        .and_then(|h| h.shorthand().ok().map(String::from));
    Some((top, branch))
}

/// git, checked for a commit, with hints that fit `pm init`: there is no
/// pm.yaml to set `autocommit: false` in yet.
fn open_git(dir: &Path) -> Result<Git> {
    Git::open_for_commit(dir).map_err(|err| match err.downcast::<UserError>() {
        Ok(mut user) => {
            if user.hints.iter().any(|h| h.contains("autocommit: false")) {
                user.hints.retain(|h| !h.contains("autocommit: false"));
                user.hints.push(
                    "or run `pm init --no-commit` to set the repository up without committing (commit the files yourself); nothing was changed"
                        .into(),
                );
            }
            user.into()
        }
        Err(other) => other,
    })
}
