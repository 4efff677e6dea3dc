//! `pm lint [PATH|ID ...]`: the CI check.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use crate::cli::{LintArgs, LintFormat};
use crate::commands::Ctx;
use crate::error::{Exit, UserError};
use crate::git;
use crate::lint::{self, Finding, LintConfig, Linter, Severity};
use crate::output;
use crate::yaml;

pub fn run(ctx: &Ctx, args: &LintArgs) -> Result<Exit> {
    let store = &ctx.store;
    let config = LintConfig::from_value(&store.config.lint)?;
    let linter = Linter::new(config, &store.config.people);
    let files = select_files(ctx, args)?;
    // A pre-commit hook lints a file or two: start quickly.
    lint::rules::data::set_quick_start(files.len() <= 4);

    let results: Vec<Result<Vec<Finding>, UserError>> = files
        .par_iter()
        .map(|path| {
            let shown = store.relative(path);
            let bytes = std::fs::read(path)
                .map_err(|err| UserError::new(format!("cannot read {shown}: {err}")))?;
            Ok(match yaml::decode(bytes) {
                Ok(text) => linter.lint(&shown, &text, None),
                Err(err) => vec![Finding::parse_error(&shown, &err, String::new())],
            })
        })
        .collect();
    let mut findings = Vec::new();
    for r in results {
        findings.extend(r?);
    }

    let format = if args.json {
        LintFormat::Json
    } else {
        args.format
    };
    let text = match format {
        LintFormat::Human => lint::output::human(&findings, files.len(), output::color_stdout()),
        LintFormat::Json => lint::output::json(&findings),
        LintFormat::Github => lint::output::github(&findings),
        LintFormat::Sarif => lint::output::sarif(&findings, &linter.config.custom),
    };
    output::emit(&text);
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
    let postmortems = store.postmortems_dir();
    if let Some(rev) = &args.changed_since {
        if !args.targets.is_empty() {
            crate::bail_user!("give either --changed-since or files, not both");
        }
        let canonical = postmortems.canonicalize().unwrap_or(postmortems.clone());
        return Ok(git::changed_since(&store.root, rev)?
            .into_iter()
            .filter(|p| is_yaml(p) && p.exists())
            .filter(|p| p.canonicalize().is_ok_and(|c| c.starts_with(&canonical)))
            .collect());
    }
    if args.targets.is_empty() {
        return store.files();
    }
    let mut files = Vec::new();
    for target in &args.targets {
        let path = PathBuf::from(target);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walk(&path);
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.canonicalize().unwrap_or(path));
        } else if is_yaml(&path) {
            return Err(UserError::new(format!("{target}: no such file"))
                .hint("give a post-mortem file, a folder, or an id")
                .into());
        } else {
            files.push(store.resolve(target)?);
        }
    }
    Ok(files)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if is_yaml(&path) && !path.ends_with("pm.yaml") {
            out.push(path);
        }
    }
    out
}
