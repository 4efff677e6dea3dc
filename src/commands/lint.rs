//! `pm lint [PATH|ID ...]`: the CI check.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use crate::archive;
use crate::cli::{LintArgs, LintFormat};
use crate::commands::Ctx;
use crate::error::{Exit, UserError};
use crate::git;
use crate::index;
use crate::lint::{self, Finding, LintConfig, Linter, Severity, cache, completeness};
use crate::output;
use crate::store::Store;
use crate::store::paths::{self, Base};
use crate::yaml;

/// Runs over fewer files lint them directly: reading the findings cache
/// costs more than it saves for a pre-commit hook's one or two files.
const CACHED_FROM: usize = 32;

pub fn run(ctx: &Ctx, args: &LintArgs) -> Result<Exit> {
    let store = &ctx.store;
    // Skipped files are findings here, not warnings.
    crate::store::quiet_skipped_files();
    let linter = Linter::for_repository(&store.config)?;
    let whole_repository = args.targets.is_empty() && args.changed_since.is_none();
    let files = select_files(ctx, args)?;
    // A pre-commit hook lints a file or two: start quickly.
    lint::rules::data::set_quick_start(files.len() <= 4);

    // Each file is read as every reader reads it (never through a symlink,
    // never a folder, FIFO or device, at most the size limit); a file that
    // cannot be read is a finding, and the others are still linted.
    let (findings, cache_to_write) = if files.len() >= CACHED_FROM {
        lint_cached(store, &linter, &files, whole_repository)
    } else {
        let lint_one = |path: &PathBuf| {
            let shown = store.relative(path);
            match store.read_bytes(path) {
                Ok(bytes) => lint_bytes(&linter, &shown, bytes),
                Err(err) => unreadable(&shown, &err),
            }
        };
        // One file (a pre-commit hook) does not start the thread pool.
        let per_file: Vec<Vec<Finding>> = if files.len() == 1 {
            files.iter().map(lint_one).collect()
        } else {
            files.par_iter().map(lint_one).collect()
        };
        (per_file.into_iter().flatten().collect(), None)
    };

    let mut findings = findings;
    // Ids are files' names: one shared by files in two folders (or as
    // .yaml and .yml, or in another case) names neither.
    findings.extend(
        duplicate_ids(store, &files, whole_repository)?
            .into_iter()
            .filter_map(|f| linter.configured(f)),
    );
    // A file pm never reads passes every check unseen: say so, once per
    // whole-repository run. One walk finds both kinds below.
    let walked: Vec<PathBuf> = args
        .targets
        .iter()
        .map(|t| paths::normalize(t))
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()))
        .collect();
    let unread = if whole_repository
        || !walked.is_empty()
        || files.iter().any(|p| crate::store::Skipped::of(p).is_some())
    {
        store.unread_files()
    } else {
        Vec::new()
    };
    if whole_repository {
        findings.extend(
            crate::store::Store::misplaced(&unread)
                .iter()
                .filter_map(|path| {
                    linter.configured(lint::completeness::misplaced(&store.relative(path)))
                }),
        );
    }
    // A file in a year's folder that every reader skips (a name that is
    // not UTF-8, or that starts with a dot) is an error, so CI does not
    // pass with its overdue items or broken YAML unseen. Given by its path
    // (a pre-commit hook's, `--changed-since`), it is linted too, and still
    // gets this error; in a folder given, it gets it too.
    let skipped: Vec<_> = crate::store::Store::skipped(unread)
        .into_iter()
        .filter(|(path, _)| {
            whole_repository || files.contains(path) || walked.iter().any(|d| path.starts_with(d))
        })
        .collect();
    findings.extend(skipped.iter().map(|(path, why)| {
        lint::completeness::unreadable(
            &store.shown_bytes(path),
            &format!(
                "pm cannot read this file: {}, and every command skips it",
                why.why()
            ),
            Some(why.fix()),
        )
    }));
    let unnamed: Vec<PathBuf> = skipped.into_iter().map(|(path, _)| path).collect();

    let format = if args.json {
        LintFormat::Json
    } else {
        args.format
    };
    // GitHub counts columns in UTF-16 code units (lint::output::sarif).
    if matches!(format, LintFormat::Github | LintFormat::Sarif) {
        lint::output::to_utf16_columns(&mut findings, |shown| {
            let bytes = store.read_bytes(&store.root.join(shown)).ok()?;
            yaml::decode(bytes).ok()
        });
    }
    // SARIF names a file by its bytes: a name that is not UTF-8 is shown
    // with `\xNN` in findings, which names no file.
    let mut raw_names = std::collections::HashMap::new();
    if format == LintFormat::Sarif {
        let prefix = store.worktree_prefix();
        for path in unnamed
            .iter()
            .chain(&files)
            .filter(|p| p.to_str().is_none())
        {
            let rel = path.strip_prefix(&store.root).unwrap_or(path);
            let mut bytes = prefix.as_bytes().to_vec();
            bytes.extend_from_slice(rel.as_os_str().as_encoded_bytes());
            for shown in [store.shown_bytes(path), store.relative(path)] {
                raw_names.insert(format!("{prefix}{shown}"), bytes.clone());
            }
        }
    }
    // CI tools place findings by paths from the top of the git repository,
    // which is not pm.yaml's folder when that is a sub-folder.
    if matches!(
        format,
        LintFormat::Github | LintFormat::Sarif | LintFormat::Codequality
    ) {
        let prefix = store.worktree_prefix();
        if !prefix.is_empty() {
            for f in &mut findings {
                f.file.insert_str(0, &prefix);
            }
        }
    }
    // The cache is written before anything is printed: a reader that
    // stops early (`| head`) ends pm, which must not leave it half written.
    if let Some(writer) = cache_to_write {
        cache::write(store, writer).ok();
    }
    match format {
        LintFormat::Human => {
            let mut out = output::Emitter::stdout();
            lint::output::human(&findings, files.len(), output::color_stdout(), |piece| {
                out.text(piece)
            });
            out.finish();
        }
        LintFormat::Json => output::emit_json(&lint::output::json_findings(&findings)),
        // Annotations escape their own text (lint::output::github).
        LintFormat::Github => output::emit_raw(&lint::output::github(&findings)),
        LintFormat::Sarif => output::emit_raw(&output::json_safe(&lint::output::sarif(
            &findings,
            &linter.config.custom,
            &raw_names,
        ))),
        LintFormat::Codequality => output::emit_json(&lint::output::codequality(&findings)),
    }
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    let warnings = findings.iter().any(|f| f.severity == Severity::Warning);
    // pm exits next: freeing every finding one by one would only cost time.
    std::mem::forget(findings);
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
            LintConfig::from_value(&store.config.lint, &store.config.lint_places)?,
            store.config.people.clone(),
        ),
        None => (LintConfig::default(), Vec::new()),
    };
    if args.rules {
        return Ok(list_rules(
            &config,
            args.json || args.format == LintFormat::Json,
        ));
    }
    let linter = Linter::new(config, &people);
    if args.features {
        for path in &args.eval {
            output::emit(&lint::eval::features(&linter, path)?);
        }
        return Ok(Exit::Ok);
    }
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

fn unreadable(shown: &str, err: &UserError) -> Vec<Finding> {
    vec![completeness::unreadable(
        shown,
        &err.message,
        err.hints.first().map(String::as_str),
    )]
}

fn lint_bytes(linter: &Linter, shown: &str, bytes: Vec<u8>) -> Vec<Finding> {
    match yaml::decode_keeping(bytes) {
        Ok(text) => completeness::lint_file(linter, shown, &text),
        Err((err, bytes)) => {
            let line = bytes.map_or_else(String::new, |bytes| bad_line(&bytes, err.line));
            vec![Finding::parse_error(shown, &err, line)]
        }
    }
}

/// Line `number` of a file that is not UTF-8, with U+FFFD for each bad
/// byte: the human format shows where it is, and GitHub's and SARIF's
/// columns are counted on it (the characters before the bad byte are the
/// file's own).
fn bad_line(bytes: &[u8], number: usize) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let line = bytes
        .split(|&b| b == b'\n')
        .nth(number.saturating_sub(1))
        .unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    lint::shown_line(&String::from_utf8_lossy(line))
}

/// Files linted and archived at a time when the cache is rebuilt, so that
/// copies of their findings for the cache take little memory.
const PART: usize = 4096;

/// Lint with the findings cache (see `lint/cache.rs`): files whose identity
/// or bytes are unchanged keep their findings. Only a run over the whole
/// repository writes the cache, so that linting a few files never drops
/// the others' entries, and only when something changed: then the cache
/// to write is returned with the findings.
fn lint_cached(
    store: &Store,
    linter: &Linter,
    files: &[PathBuf],
    write: bool,
) -> (Vec<Finding>, Option<archive::Writer>) {
    let key = cache::key(&store.config);
    let old = cache::read(store, key).unwrap_or_default();
    let old: Vec<&cache::ArchivedEntry> = old.iter().flat_map(|p| p.entries.iter()).collect();
    let stamps = index::stamps(store, files);
    // Each file's entry in the cache, and whether it is unchanged.
    let before: Vec<(Option<&cache::ArchivedEntry>, bool)> = stamps
        .iter()
        .map(|(shown, stamp)| {
            let entry = old
                .binary_search_by(|e| e.file.as_str().cmp(shown))
                .ok()
                .map(|i| old[i]);
            let kept =
                matches!((entry, stamp), (Some(e), Some(st)) if e.trusted && e.stamp.matches(st));
            (entry, kept)
        })
        .collect();
    let unchanged = old.len() == files.len() && before.iter().all(|(_, kept)| *kept);
    let mut writer = (write && !unchanged).then(|| cache::writer(key));

    let mut findings = Vec::new();
    let now = index::now_nanos();
    let want_entries = writer.is_some();
    // Each part's entries are archived on one thread while the next part
    // is linted on the others: no thread waits for the archiving.
    let mut pending: Option<Vec<cache::Entry>> = None;
    for ((paths, stamps), before) in files
        .chunks(PART)
        .zip(stamps.chunks(PART))
        .zip(before.chunks(PART))
    {
        let (part, ()) = rayon::join(
            || {
                paths
                    .par_iter()
                    .zip(stamps)
                    .zip(before)
                    .map(|((path, (shown, stamp)), &(entry, kept))| {
                        if let (Some(entry), true) = (entry, kept) {
                            let keep = want_entries
                                .then(|| cache::Entry::from_archived(entry))
                                .flatten();
                            return (entry.findings(shown), keep);
                        }
                        let bytes = match store.read_bytes(path) {
                            Ok(bytes) => bytes,
                            Err(err) => return (unreadable(shown, &err), None),
                        };
                        let content = cache::content_hash(&bytes);
                        let found = match entry.filter(|e| e.content == content) {
                            Some(entry) => entry.findings(shown),
                            None => lint_bytes(linter, shown, bytes),
                        };
                        let keep = stamp.as_ref().filter(|_| want_entries).map(|st| {
                            let mut entry =
                                cache::Entry::new(shown.clone(), st.clone(), content, &found);
                            entry.trusted = index::settled(st, now);
                            entry
                        });
                        (found, keep)
                    })
                    .collect::<Vec<(Vec<Finding>, Option<cache::Entry>)>>()
            },
            || archive_part(&mut writer, pending.take()),
        );
        let mut entries = Vec::new();
        for (found, entry) in part {
            findings.extend(found);
            entries.extend(entry);
        }
        pending = want_entries.then_some(entries);
    }
    archive_part(&mut writer, pending);
    (findings, writer)
}

/// Add a part's entries to the cache being written. A part that cannot be
/// archived (never seen) leaves the cache as it was: nothing is written.
fn archive_part(writer: &mut Option<archive::Writer>, entries: Option<Vec<cache::Entry>>) {
    if let Some(entries) = entries
        && writer
            .as_mut()
            .is_some_and(|w| w.part(&cache::Cache { entries }).is_err())
    {
        *writer = None;
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// A duplicate-id finding for each of `files` whose id (compared as
/// `pm new` compares taken ids: in any case, in Unicode NFC) another
/// post-mortem file has too.
fn duplicate_ids(store: &Store, files: &[PathBuf], whole_repository: bool) -> Result<Vec<Finding>> {
    use crate::store::path_id_fold;
    let folds: Vec<String> = files.iter().map(|p| path_id_fold(p)).collect();
    // Only the ids of the files linted are looked for: a pre-commit hook's
    // one file among every file, not every file among every file. Over the
    // whole repository the files linted are every file, listed once.
    let wanted: std::collections::HashSet<&str> = folds.iter().map(String::as_str).collect();
    let listed: Vec<PathBuf>;
    let listed_folds: Vec<String>;
    let (all, all_folds) = if whole_repository {
        (files, &folds)
    } else {
        listed = store.files_in_any_order()?;
        listed_folds = listed.iter().map(|p| path_id_fold(p)).collect();
        (&listed[..], &listed_folds)
    };
    let mut by_id: std::collections::HashMap<&str, Vec<&PathBuf>> = Default::default();
    for (path, id) in all.iter().zip(all_folds) {
        if wanted.contains(id.as_str()) {
            by_id.entry(id.as_str()).or_default().push(path);
        }
    }
    let mut out = Vec::new();
    for (path, id) in files.iter().zip(&folds) {
        let Some(sharing) = by_id.get(id.as_str()).filter(|s| s.len() > 1) else {
            continue;
        };
        // In path order, as the message names them.
        let mut sharing = sharing.clone();
        crate::store::sort_paths(&mut sharing);
        let sharing: Vec<String> = sharing.iter().map(|p| store.relative(p)).collect();
        let file = store.relative(path);
        if sharing.contains(&file) {
            let others: Vec<String> = sharing.iter().filter(|o| **o != file).cloned().collect();
            let id = crate::target::id_of(path);
            out.push(completeness::duplicate_id(&file, &id, &others));
        }
    }
    Ok(out)
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
        let path = paths::normalize(target);
        // Named with its bytes spelled out (`o\xff`) when not UTF-8.
        let shown = || crate::output::name_bytes(target.as_os_str().as_encoded_bytes());
        let inside = path == root.dir || root.below(&path).is_some();
        match std::fs::symlink_metadata(&path) {
            Ok(_) if !inside => {
                return Err(UserError::new(format!(
                    "{} is outside the repository ({})",
                    shown(),
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
                return Err(UserError::new(format!("{}: no such file", shown()))
                    .hint("give a post-mortem file, a folder, or an id")
                    .into());
            }
            Err(_) => match target.to_str() {
                Some(id) => files.push(store.resolve(id)?),
                // Not a file, and an id is text.
                None => {
                    return Err(UserError::new(format!("{}: no such file", shown()))
                        .hint("give a post-mortem file, a folder, or an id")
                        .into());
                }
            },
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

/// `pm lint --rules`: every rule pm checks here, built in or the team's,
/// with its severity after pm.yaml (`off` when disabled), why it flags and
/// what to write instead. What a user without pm's documentation needs to
/// name a rule in pm.yaml or in an allow comment.
fn list_rules(config: &LintConfig, json: bool) -> Exit {
    struct Row<'a> {
        id: &'a str,
        kind: &'static str,
        severity: Severity,
        message: &'a str,
        suggestion: &'a str,
    }
    let built_in = |r: &'static lint::rules::RuleInfo, kind| Row {
        id: r.id,
        kind,
        severity: r.severity,
        message: r.message,
        suggestion: r.suggestion,
    };
    let rows: Vec<Row> = lint::rules::BLAME_RULES
        .iter()
        .map(|r| built_in(r, "blame"))
        .chain(
            completeness::RULES
                .iter()
                .map(|r| built_in(r, "completeness")),
        )
        .chain(config.custom.iter().map(|c| Row {
            id: &c.id,
            kind: "team",
            severity: c.severity,
            message: &c.message,
            suggestion: c.suggestion.as_deref().unwrap_or(""),
        }))
        .collect();
    let severity = |r: &Row| -> &'static str {
        if config.disabled.contains(r.id) {
            "off"
        } else {
            config
                .severity
                .get(r.id)
                .copied()
                .unwrap_or(r.severity)
                .as_str()
        }
    };
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "kind": r.kind,
                    "severity": severity(r),
                    "message": r.message,
                    "suggestion": r.suggestion,
                })
            })
            .collect();
        output::emit_json(&list);
        return Exit::Ok;
    }
    let columns = [
        output::Column::id("RULE"),
        output::Column::whole("SEVERITY", 8),
        output::Column::wrap("WHY, AND WHAT TO WRITE INSTEAD", None),
    ];
    let table: Vec<Vec<output::Cell>> = rows
        .iter()
        .map(|r| {
            let why = if r.suggestion.is_empty() {
                r.message.to_string()
            } else {
                format!("{} {}", r.message, r.suggestion)
            };
            vec![r.id.into(), severity(r).into(), why.into()]
        })
        .collect();
    output::emitln(&output::render_table(&columns, &table));
    Exit::Ok
}
