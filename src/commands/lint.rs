//! `pm lint [PATH|ID ...]`: the CI check.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use crate::cli::{LintArgs, LintFormat};
use crate::commands::Ctx;
use crate::error::{Exit, UserError};
use crate::git;
use crate::index;
use crate::lint::{self, Finding, LintConfig, Linter, Severity, completeness};
use crate::output;
use crate::store::paths::{self, Base};
use crate::yaml;

pub fn run(ctx: &Ctx, args: &LintArgs) -> Result<Exit> {
    let store = &ctx.store;
    let config = LintConfig::from_value(&store.config.lint)?;
    let linter = Linter::new(config, &store.config.people);
    let files = select_files(ctx, args)?;
    // A pre-commit hook lints a file or two: start quickly.
    lint::rules::data::set_quick_start(files.len() <= 4);

    // Each file is read as every reader reads it (never through a symlink,
    // never a folder, FIFO or device, at most the size limit); a file that
    // cannot be read is a finding, and the others are still linted. The
    // typed loader runs on each file too, unless `pm due`'s cache says it
    // accepted the file as it is.
    let accepted = index::Accepted::load(store);
    let results: Vec<Vec<Finding>> = files
        .par_iter()
        .map(|path| {
            let shown = store.relative(path);
            match store.read_bytes(path) {
                Ok(bytes) => match yaml::decode(bytes) {
                    Ok(text) => {
                        let known = accepted.contains(&shown, path);
                        completeness::lint_file(&linter, &shown, &text, known)
                    }
                    Err(err) => vec![Finding::parse_error(&shown, &err, String::new())],
                },
                Err(err) => vec![completeness::unreadable(
                    &shown,
                    &err.message,
                    err.hints.first().map(String::as_str),
                )],
            }
        })
        .collect();
    let findings: Vec<Finding> = results.into_iter().flatten().collect();

    let format = if args.json {
        LintFormat::Json
    } else {
        args.format
    };
    match format {
        LintFormat::Human => output::emit(&lint::output::human(
            &findings,
            files.len(),
            output::color_stdout(),
        )),
        LintFormat::Json => output::emit_raw(&output::json_safe(&lint::output::json(&findings))),
        // Annotations escape their own text (lint::output::github).
        LintFormat::Github => output::emit_raw(&lint::output::github(&findings)),
        LintFormat::Sarif => output::emit_raw(&output::json_safe(&lint::output::sarif(
            &findings,
            &linter.config.custom,
        ))),
    }
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    let warnings = findings.iter().any(|f| f.severity == Severity::Warning);
    Ok(if errors || (args.deny.is_some() && warnings) {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// `pm lint --eval FILE.tsv...`: score the blame check on labelled
/// sentences, with the repository's pm.yaml when there is one.
pub fn eval(store: Option<&crate::store::Store>, args: &LintArgs) -> Result<Exit> {
    let (config, people) = match store {
        Some(store) => (
            LintConfig::from_value(&store.config.lint)?,
            store.config.people.clone(),
        ),
        None => (LintConfig::default(), Vec::new()),
    };
    let linter = Linter::new(config, &people);
    let mut reports = Vec::new();
    for path in &args.eval {
        reports.push(lint::eval::evaluate(&linter, path, args.details)?);
    }
    if args.json || args.format == LintFormat::Json {
        output::emit_json(&reports);
    } else {
        output::emit(&lint::eval::human(&reports));
    }
    Ok(Exit::Ok)
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn select_files(ctx: &Ctx, args: &LintArgs) -> Result<Vec<PathBuf>> {
    let store = &ctx.store;
    if let Some(rev) = &args.changed_since {
        if !args.targets.is_empty() {
            crate::bail_user!("give either --changed-since or files, not both");
        }
        // Changed entries of any kind are linted (a symlink is reported);
        // deleted ones are not.
        let postmortems = Base::root(&store.postmortems_dir());
        return Ok(git::changed_since(&store.root, rev)?
            .into_iter()
            .filter(|p| is_yaml(p) && std::fs::symlink_metadata(p).is_ok())
            .filter(|p| postmortems.below(p).is_some())
            .collect());
    }
    if args.targets.is_empty() {
        return store.files();
    }
    let root = store.base();
    let mut files = Vec::new();
    for target in &args.targets {
        let path = paths::normalize(Path::new(target));
        let inside = path == root.dir || root.below(&path).is_some();
        match std::fs::symlink_metadata(&path) {
            Ok(_) if !inside => {
                return Err(UserError::new(format!(
                    "{target} is outside the repository ({})",
                    root.dir.display()
                ))
                .hint("pm lints the post-mortems of the repository it runs in; pass --repo DIR for another")
                .into());
            }
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                walk(&path, &mut found);
                found.sort();
                files.extend(found);
            }
            // A file, or a symlink, FIFO... that is then reported as such.
            Ok(_) => files.push(path),
            Err(_) if is_yaml(&path) => {
                return Err(UserError::new(format!("{target}: no such file"))
                    .hint("give a post-mortem file, a folder, or an id")
                    .into());
            }
            Err(_) => files.push(store.resolve(target)?),
        }
    }
    Ok(files)
}

/// The YAML files below a folder, without following symlinks: a symlink
/// named `*.yaml` is listed (and then reported), a symlinked folder is not
/// entered. Hidden entries (`.git`) are skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, out);
        } else if is_yaml(&path) && !path.ends_with("pm.yaml") {
            out.push(path);
        }
    }
}
