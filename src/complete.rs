//! Shell completion, with clap_complete's dynamic completion: the shell
//! runs `pm` itself on every Tab (`COMPLETE=bash pm -- pm show 2026`), so
//! completions know the post-mortems, action items, owners, severities and
//! timeline kinds of the repository found from the current directory (or
//! `--repo` on the line being completed, or `PM_REPO`).
//!
//! A completer never writes anything (not even the summary cache) and never
//! fails loudly: on any error it offers nothing. A candidate made from what
//! people wrote is offered only when it holds no control or bidi character
//! ([`output::line`] would leave it as it is); descriptions are made safe
//! the same way.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use clap_complete::env::{Bash, CompleteEnv, Elvish, EnvCompleter, Fish, Powershell, Shells};

use crate::index;
use crate::model::{ActionStatus, Status};
use crate::output;
use crate::store::Store;

/// The variable the shells set to ask for completions (clap_complete's).
const VAR: &str = "COMPLETE";

/// The shells pm registers with: clap_complete's, with zsh's script made
/// to work both sourced and autoloaded from `fpath`.
const SHELLS: Shells<'static> = Shells(&[&Bash, &Elvish, &Fish, &Powershell, &ZshAutoload]);

/// The shell asking, remembered before clap_complete removes the variable:
/// bash inserts candidates as they are, so pm quotes them for it.
static SHELL: OnceLock<String> = OnceLock::new();

/// Answer the shell when it asks (`COMPLETE=SHELL pm ...`), then exit;
/// otherwise return and let pm run. Called first thing in `main`.
///
/// `COMPLETE=bash pm` prints the script that registers the completion;
/// `COMPLETE=bash pm -- pm show 20` prints the candidates.
pub fn complete_from_env() {
    let Some(shell) = std::env::var_os(VAR) else {
        return;
    };
    let name = Path::new(&shell)
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    if shell.is_empty() || shell == "0" {
        // clap_complete's way to turn completion off.
        return;
    }
    if SHELLS.completer(&name).is_none() {
        output::print_lines_stderr(&format!(
            "error: {VAR}={} is not a shell pm completes for\n  use one of: {}",
            shell.to_string_lossy(),
            SHELLS.names().collect::<Vec<_>>().join(", ")
        ));
        std::process::exit(2);
    }
    let _ = SHELL.set(name);
    let cwd = std::env::current_dir().ok();
    let answered = CompleteEnv::with_factory(crate::cli::completion_command)
        .var(VAR)
        .shells(SHELLS)
        .try_complete(std::env::args_os(), cwd.as_deref());
    match answered {
        Ok(false) => {}
        Ok(true) => std::process::exit(0),
        // While a shell completes, a message would land in the middle of
        // the command line: offer nothing instead.
        Err(_) => std::process::exit(1),
    }
}

/// The registration script for `pm completions SHELL`: the same one
/// `COMPLETE=SHELL pm` prints.
pub fn registration(shell: &str) -> Option<String> {
    let completer = SHELLS.completer(shell)?;
    // As clap_complete does: the program as it was run, made absolute when
    // it was run by a path, so the script runs this same pm (a bare `pm`
    // is looked up on PATH at each Tab).
    let argv0 = PathBuf::from(std::env::args_os().next().unwrap_or_else(|| "pm".into()));
    let program = if argv0.components().count() > 1 {
        std::env::current_dir()
            .map(|cwd| cwd.join(&argv0))
            .unwrap_or(argv0)
    } else {
        argv0
    };
    let mut buf = Vec::new();
    completer
        .write_registration(VAR, "pm", "pm", &program.to_string_lossy(), &mut buf)
        .ok()?;
    String::from_utf8(buf).ok()
}

/// clap_complete's zsh script, plus the lines that make it work as an
/// autoloaded `_pm` in `fpath`: loaded on the first Tab, it registers
/// itself and answers that same Tab.
struct ZshAutoload;

impl EnvCompleter for ZshAutoload {
    fn name(&self) -> &'static str {
        clap_complete::env::Zsh.name()
    }
    fn is(&self, name: &str) -> bool {
        clap_complete::env::Zsh.is(name)
    }
    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn std::io::Write,
    ) -> Result<(), std::io::Error> {
        clap_complete::env::Zsh.write_registration(var, name, bin, completer, buf)?;
        let function = format!("_clap_dynamic_completer_{}", name.replace('-', "_"));
        writeln!(
            buf,
            "if [[ \"${{funcstack[1]}}\" == \"_{bin}\" ]]; then\n    {function} \"$@\"\nfi"
        )
    }
    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&Path>,
        buf: &mut dyn std::io::Write,
    ) -> Result<(), std::io::Error> {
        clap_complete::env::Zsh.write_complete(cmd, args, current_dir, buf)
    }
}

// ---------------------------------------------------------------------------
// The completers, attached to the arguments in cli.rs.

/// Post-mortem ids (the file names, as `pm show` resolves them), newest
/// first, with their titles as descriptions where the shell shows them.
pub fn ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| guarded(|| ids_for(current)))
}

/// For `pm lint`: ids, or files and folders once a path is being typed
/// (a `/` in it, or a start with `.`).
pub fn ids_or_paths() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let typed = current.to_string_lossy();
        if typed.contains('/') || typed.starts_with('.') {
            use clap_complete::engine::ValueCompleter;
            clap_complete::engine::PathCompleter::any().complete(current)
        } else {
            guarded(|| ids_for(current))
        }
    })
}

/// Action references as pm prints them (`ID#A2`) for the open items, or
/// `A2` alone with `--pm` or when `A` is typed (the post-mortem then being
/// the one the command would write to).
pub fn open_actions() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| guarded(|| actions_for(current, true)))
}

/// As [`open_actions`], every item (done and dropped ones too).
pub fn all_actions() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| guarded(|| actions_for(current, false)))
}

/// Action owners and post-mortem authors.
pub fn owners() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        guarded(|| {
            let all = index::load_all_read_only(&store()?).ok()?;
            let mut names = Vec::new();
            for summary in all.iter().filter_map(|i| i.summary) {
                names.extend(summary.authors().map(str::to_string));
                names.extend(
                    summary
                        .actions()
                        .iter()
                        .filter_map(|a| a.owner())
                        .map(str::to_string),
                );
            }
            Some(pick(current, plain(sorted(names))))
        })
    })
}

/// Services named in any post-mortem.
pub fn services() -> ArgValueCompleter {
    summary_words(|s| s.services().map(str::to_string).collect())
}

/// Tags of any post-mortem.
pub fn tags() -> ArgValueCompleter {
    summary_words(|s| s.tags().map(str::to_string).collect())
}

/// The words `of` lists for each post-mortem's summary, once each, sorted.
fn summary_words(of: fn(&index::ArchivedSummary) -> Vec<String>) -> ArgValueCompleter {
    ArgValueCompleter::new(move |current: &OsStr| {
        guarded(|| {
            let all = index::load_all_read_only(&store()?).ok()?;
            let names = all.iter().filter_map(|i| i.summary).flat_map(of);
            Some(pick(current, plain(sorted(names))))
        })
    })
}

/// The severities in pm.yaml.
pub fn severities() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        guarded(|| {
            let store = store()?;
            Some(pick(
                current,
                plain(store.config.severities.iter().cloned()),
            ))
        })
    })
}

/// The built-in timeline kinds and those added in pm.yaml.
pub fn kinds() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        guarded(|| {
            let store = store()?;
            let kinds = store.config.timeline_kinds().into_iter().map(String::from);
            Some(pick(current, plain(kinds)))
        })
    })
}

/// Post-mortem statuses (`pm list --status`).
pub fn statuses() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        guarded(|| {
            let all = Status::ALL.iter().map(|s| s.as_str().to_string());
            Some(pick(current, plain(all)))
        })
    })
}

/// A fixed list of words (action types, log levels).
pub fn words(list: &'static [&'static str]) -> ArgValueCompleter {
    ArgValueCompleter::new(move |current: &OsStr| {
        guarded(|| Some(pick(current, plain(list.iter().map(|s| s.to_string())))))
    })
}

// ---------------------------------------------------------------------------

/// Run a completer: None (any error) offers nothing.
fn guarded(f: impl FnOnce() -> Option<Vec<CompletionCandidate>>) -> Vec<CompletionCandidate> {
    f().unwrap_or_default()
}

/// Names in alphabetical order, whatever their case.
fn sorted(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort_by_cached_key(|n| (n.to_lowercase(), n.clone()));
    names
}

fn plain(
    values: impl IntoIterator<Item = String>,
) -> impl Iterator<Item = (String, Option<String>)> {
    values.into_iter().map(|v| (v, None))
}

fn ids_for(current: &OsStr) -> Option<Vec<CompletionCandidate>> {
    let store = store()?;
    let files = store.files().ok()?;
    let all = if shows_descriptions() {
        index::load_all_read_only(&store).ok()
    } else {
        None
    };
    let titles: std::collections::HashMap<&str, &str> = all
        .iter()
        .flat_map(|all| all.iter())
        .filter_map(|i| Some((stem(i.file), i.summary?.title())))
        .collect();
    let ids = files.iter().rev().map(|path| {
        let id = crate::target::id_of(path);
        let title = titles.get(id.as_str()).map(|t| t.to_string());
        (id, title)
    });
    Some(pick(current, ids))
}

fn actions_for(current: &OsStr, open_only: bool) -> Option<Vec<CompletionCandidate>> {
    let store = store()?;
    let typed = typed(current);
    let wanted = |status: ActionStatus| !open_only || status == ActionStatus::Open;
    let words = line_words();
    let pm_flag = flag_value(&words, "--pm");
    let bare = !typed.contains('#')
        && (pm_flag.is_some()
            || (typed.starts_with(['A', 'a']) && typed[1..].bytes().all(|b| b.is_ascii_digit())));
    if bare {
        // `A2` alone: the items of the post-mortem the command writes to.
        let (path, _) = crate::target::resolve_now(&store, pm_flag.as_deref()).ok()?;
        let loaded = store.load(&path).ok()?;
        let items = loaded
            .pm
            .action_items
            .iter()
            .filter(|a| wanted(a.status))
            .map(|a| (a.id.trim().to_string(), Some(a.title.clone())));
        return Some(pick(current, items));
    }
    let all = index::load_all_read_only(&store).ok()?;
    let mut refs = Vec::new();
    let summaries: Vec<_> = all.iter().collect();
    for i in summaries.into_iter().rev() {
        let Some(summary) = i.summary else { continue };
        let id = stem(i.file);
        for a in summary.actions().iter().filter(|a| wanted(a.status())) {
            refs.push((
                format!("{id}#{}", a.id().trim()),
                Some(a.title().to_string()),
            ));
        }
    }
    Some(pick(current, refs))
}

/// A post-mortem's id from its file (`postmortems/2026/ID.yaml`).
fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The candidates for what is typed: those starting with it; else (as pm
/// resolves ids) those containing it, in any case. Unsafe values are left
/// out, duplicates dropped, descriptions made safe.
fn pick(
    current: &OsStr,
    values: impl IntoIterator<Item = (String, Option<String>)>,
) -> Vec<CompletionCandidate> {
    let typed = typed(current);
    let mut seen = std::collections::HashSet::new();
    let values: Vec<(String, Option<String>)> = values
        .into_iter()
        .filter(|(v, _)| safe(v) && seen.insert(v.clone()))
        .collect();
    let lower = typed.to_lowercase();
    let mut chosen: Vec<&(String, Option<String>)> = values
        .iter()
        .filter(|(v, _)| v.starts_with(&typed))
        .collect();
    if chosen.is_empty() {
        chosen = values
            .iter()
            .filter(|(v, _)| v.to_lowercase().contains(&lower))
            .collect();
    }
    chosen
        .into_iter()
        .map(|(value, help)| {
            let help = help
                .as_deref()
                .map(|h| output::line(h).trim().to_string())
                .filter(|h| !h.is_empty());
            CompletionCandidate::new(for_shell(value).into_owned()).help(help.map(Into::into))
        })
        .collect()
}

/// Whether a value can be offered: not empty, nothing [`output::line`]
/// would replace (control characters, line breaks, tabs, bidi controls).
fn safe(value: &str) -> bool {
    !value.trim().is_empty() && matches!(output::line(value), Cow::Borrowed(_))
}

/// Whether the shell asking shows descriptions (bash does not: the titles
/// need not be read for it).
fn shows_descriptions() -> bool {
    SHELL.get().is_none_or(|s| s != "bash")
}

/// What is typed, as the value it stands for: bash passes the word as it
/// is on the line, quotes and backslashes included.
fn typed(current: &OsStr) -> String {
    let raw = current.to_string_lossy();
    if SHELL.get().is_some_and(|s| s == "bash") {
        let mut out = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                '\'' | '"' => {}
                c => out.push(c),
            }
        }
        out
    } else {
        raw.into_owned()
    }
}

/// A value as the shell inserts it: bash inserts it as it is, so every
/// character the shell would read specially is escaped with a backslash.
fn for_shell(value: &str) -> Cow<'_, str> {
    let special = |c: char| !(c.is_alphanumeric() || "_-.,/:@%+=#".contains(c));
    if SHELL.get().is_some_and(|s| s == "bash") && value.contains(special) {
        let mut out = String::with_capacity(value.len() + 4);
        for (i, c) in value.chars().enumerate() {
            if special(c) || (i == 0 && matches!(c, '#' | '~' | '=')) {
                out.push('\\');
            }
            out.push(c);
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(value)
    }
}

/// The words of the command line being completed (after the `--` the
/// shell's script passes).
fn line_words() -> Vec<String> {
    let args: Vec<OsString> = std::env::args_os().collect();
    match args.iter().position(|a| a == "--") {
        Some(at) => args[at + 1..]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        None => Vec::new(),
    }
}

/// The value of `--flag VALUE` or `--flag=VALUE` on the line, the word
/// being completed left out.
fn flag_value(words: &[String], flag: &str) -> Option<String> {
    let done = &words[..words.len().saturating_sub(1)];
    let mut found = None;
    for (i, word) in done.iter().enumerate() {
        if word == flag {
            found = done.get(i + 1).cloned().or(found);
        } else if let Some(value) = word.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
            found = Some(value.to_string());
        }
    }
    found.map(|v| typed(OsStr::new(&v)))
}

/// The repository the command line would use: its `--repo`, else as pm
/// finds it (PM_REPO, else pm.yaml from the current directory up).
fn store() -> Option<Store> {
    let repo = flag_value(&line_words(), "--repo").map(|dir| match dir.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(rest))
            .unwrap_or_else(|| PathBuf::from(&dir)),
        None => PathBuf::from(dir),
    });
    Store::discover(repo.as_deref()).ok()
}
