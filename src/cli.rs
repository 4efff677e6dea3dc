//! The command line. Doc comments here are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Blameless incident post-mortems, kept as YAML files in git.
///
/// Exit codes: 0 success, 1 findings (lint errors, overdue items with
/// --check, a conflict pm sync stopped at), 2 errors (usage, bad input,
/// repository problems).
#[derive(Debug, Parser)]
#[command(name = "pm", version, max_term_width = 100)]
pub struct Cli {
    /// The post-mortem repository (default: $PM_REPO, else the nearest
    /// folder with pm.yaml from here up).
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    /// Write files but do not commit them (for the commands that commit;
    /// the others accept it and ignore it).
    #[arg(long, global = true)]
    pub no_commit: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands that commit what they write: the only ones whose help,
/// manual page and completions offer `--no-commit`. Every command still
/// accepts it (it is global), so `pm --no-commit list` in a script works.
pub const COMMITTING: &[&str] = &[
    "init",
    "new",
    "edit",
    "timeline add",
    "timeline import",
    "timeline rm",
    "timeline edit",
    "action add",
    "action done",
    "action drop",
    "action edit",
    "action rm",
    "status",
    "review",
    "close",
];

/// The command line as pm parses it, documents it (`--help`, `pm man`)
/// and completes it: the derived definition, with `--no-commit` hidden
/// where it means nothing (reading commands and command groups).
///
/// clap copies a global flag into each subcommand unless the subcommand
/// has its own under the same id; so every subcommand gets its own copy
/// here, visible or hidden. Values still flow between the levels by id:
/// `pm --no-commit list` and `pm list --no-commit` both parse.
pub fn command() -> clap::Command {
    let command = <Cli as clap::CommandFactory>::command();
    let flag = no_commit_flag(&command);
    with_no_commit(command, "", &flag, false)
}

/// `--no-commit` as `Cli` defines it.
fn no_commit_flag(command: &clap::Command) -> clap::Arg {
    command
        .get_arguments()
        .find(|a| a.get_id() == "no_commit")
        .cloned()
        .expect("--no-commit is defined on Cli")
}

/// The definition shell completion uses: [`command`], with `--no-commit`
/// left out of the commands that do not commit, instead of hidden.
/// clap_complete offers a hidden flag when nothing visible matches what
/// was typed (`pm list --n<Tab>` offered `--no-commit`).
pub fn completion_command() -> clap::Command {
    let command = <Cli as clap::CommandFactory>::command();
    let flag = no_commit_flag(&command);
    // Not global: clap would copy it into every command that lacks it.
    let command = command.mut_arg("no_commit", |a| a.global(false));
    with_no_commit(command, "", &flag, true)
}

fn with_no_commit(
    command: clap::Command,
    path: &str,
    flag: &clap::Arg,
    leave_out: bool,
) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    let mut command = command;
    for name in names {
        let full = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        let commits = COMMITTING.contains(&full.as_str());
        let copy = flag.clone().global(false).hide(!commits);
        command = command.mut_subcommand(&name, |sub| {
            let sub = if commits || !leave_out {
                sub.arg(copy)
            } else {
                sub
            };
            with_no_commit(sub, &full, flag, leave_out)
        });
    }
    command
}

/// Parse the process's arguments with [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    let mut matches = command().try_get_matches()?;
    <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches)
}

/// A usage error as clap renders it, with its usage line replaced by the
/// subcommand's own (`pm timeline add [OPTIONS] <TEXT>`).
///
/// clap writes the usage line of an error from the arguments it saw,
/// counting the one it suggests for a typo as given: after `--kidn` it says
/// `Usage: pm timeline add --kind <KIND> <TEXT>`, which reads as if
/// `--kind` were required. The subcommand's usage shows optional flags as
/// optional.
pub fn usage_error(err: &clap::Error) -> String {
    if err.kind() == clap::error::ErrorKind::InvalidUtf8
        && let Some(message) = invalid_utf8(&std::env::args_os().collect::<Vec<_>>())
    {
        return message;
    }
    // clap quotes typed values as they are, a line break included, and its
    // rendering strips escape sequences from them (so the quote is not what
    // was typed). Parsed again from the arguments made one safe line each
    // (the output escaping: a break becomes a space, ESC `␛`), the same
    // error quotes them as every pm error does.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let safe: Vec<std::ffi::OsString> = args
        .iter()
        .map(|a| match a.to_str() {
            Some(text) => crate::output::line(text).into_owned().into(),
            None => a.clone(),
        })
        .collect();
    let remade = (safe != args)
        .then(|| command().try_get_matches_from(&safe).err())
        .flatten()
        .filter(|again| again.kind() == err.kind());
    let err = remade.as_ref().unwrap_or(err);
    let rendered = err.render().to_string();
    let Some(start) = rendered.find("Usage: ") else {
        return rendered;
    };
    // The usage runs to the next blank line (a group has several lines).
    let end = rendered[start..]
        .find("\n\n")
        .map_or(rendered.len(), |n| start + n);
    let mut command = command();
    command.build();
    let mut sub = &mut command;
    let mut path: Vec<String> = Vec::new();
    // `args_os`: an argument that is not UTF-8 is what clap may be
    // reporting, and `args` would panic on it.
    for arg in std::env::args_os().skip(1) {
        let Some(arg) = arg.to_str() else {
            continue;
        };
        if arg == "--" {
            break;
        }
        // Only a word naming a subcommand of the one reached so far
        // descends: flag values and positional text never do.
        if sub.find_subcommand(arg).is_some() {
            sub = sub.find_subcommand_mut(arg).expect("found above");
            path.push(sub.get_name().to_string());
        }
    }
    let usage = sub.render_usage().to_string();
    let mut head = rendered[..start].to_string();
    let typed: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if let Some(tip) = pm_tip(err, sub, &path.join(" "), &typed) {
        // In place of clap's tips: after an unknown flag clap offers
        // `-- --time` (to pass it as text), which is never what was meant.
        let first = head.find('\n').map_or(head.len(), |n| n + 1);
        head = format!("{}\n  tip: {tip}\n\n", &head[..first]);
    }
    format!("{head}{}{}", usage.trim_end(), &rendered[end..])
}

/// Flags other tools (or other pm commands) spell differently, in the
/// commands where pm means them: (command, typed, pm's flag).
const FLAG_SYNONYMS: &[(&str, &str, &str)] = &[
    ("timeline add", "--time", "--at"),
    ("timeline add", "--when", "--at"),
    ("timeline edit", "--time", "--at"),
    ("timeline edit", "--when", "--at"),
    ("new", "--at", "--started"),
    ("new", "--time", "--started"),
    ("new", "--start-time", "--started"),
    ("action add", "--assignee", "--owner"),
    ("action edit", "--assignee", "--owner"),
    ("action add", "--deadline", "--due"),
    ("action edit", "--deadline", "--due"),
    ("due", "--days", "--within"),
];

/// Subcommands named by another word a person may reach for first:
/// (parent command, typed, pm's subcommand).
const SUBCOMMAND_SYNONYMS: &[(&str, &str, &str)] = &[
    ("action", "finish", "done"),
    ("action", "complete", "done"),
    ("action", "close", "done"),
    ("action", "resolve", "done"),
    ("action", "cancel", "drop"),
    ("action", "abandon", "drop"),
    ("action", "delete", "rm"),
    ("action", "remove", "rm"),
    ("action", "create", "add"),
    ("action", "new", "add"),
    ("action", "update", "edit"),
    ("action", "ls", "list"),
    ("timeline", "delete", "rm"),
    ("timeline", "remove", "rm"),
    ("timeline", "create", "add"),
    ("timeline", "new", "add"),
    ("timeline", "update", "edit"),
    ("timeline", "ls", "list"),
    ("", "create", "new"),
    ("", "ls", "list"),
    ("", "view", "show"),
    ("", "find", "search"),
];

/// A length's unit written as a word (`2 weeks`), and its letter in pm's
/// lengths (`2w`; `m` is minutes, `mo` months).
const UNIT_WORDS: &[(&str, &str)] = &[
    ("second", "s"),
    ("seconds", "s"),
    ("sec", "s"),
    ("secs", "s"),
    ("minute", "m"),
    ("minutes", "m"),
    ("min", "m"),
    ("mins", "m"),
    ("hour", "h"),
    ("hours", "h"),
    ("day", "d"),
    ("days", "d"),
    ("week", "w"),
    ("weeks", "w"),
    ("month", "mo"),
    ("months", "mo"),
    ("year", "y"),
    ("years", "y"),
];

/// pm's tip for a usage error clap has none (or only a misleading one)
/// for: a flag spelled as elsewhere (`--time` for `--at`), a length typed
/// as two words (`--within 2 weeks`), a subcommand named by a synonym
/// (`pm action finish`). `sub` is the subcommand reached and `command`
/// its path (`timeline add`), `typed` the arguments after `pm`.
fn pm_tip(
    err: &clap::Error,
    sub: &clap::Command,
    command: &str,
    typed: &[String],
) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    // The command line again, with one argument replaced.
    let retyped = |at: usize, with: &[String]| {
        let mut words: Vec<String> = typed[..at].to_vec();
        words.extend(with.iter().cloned());
        words.extend(typed[at + 1..].iter().cloned());
        let words: Vec<String> = words
            .iter()
            .map(|w| crate::output::shell_word(w).into_owned())
            .collect();
        format!("pm {}", words.join(" "))
    };
    match err.kind() {
        ErrorKind::InvalidSubcommand => {
            let word = context(ContextKind::InvalidSubcommand)?;
            if context(ContextKind::SuggestedSubcommand).is_some() {
                return None;
            }
            let (_, _, meant) = SUBCOMMAND_SYNONYMS
                .iter()
                .find(|(parent, w, _)| *parent == command && *w == word)?;
            let at = typed.iter().position(|a| a == word)?;
            Some(format!(
                "the subcommand is `{meant}`: {}",
                retyped(at, &[meant.to_string()])
            ))
        }
        ErrorKind::UnknownArgument => {
            let arg = context(ContextKind::InvalidArg)?;
            // `--pm -rf`: a value that starts with `-` after a flag that
            // takes one is read as flags (clap then offers `-- -r`, which
            // is never what was meant); joined with `=` it is the value.
            if let Some(at) = typed.iter().position(|a| {
                a == arg || (!arg.starts_with("--") && !a.starts_with("--") && a.starts_with(arg))
            }) && let Some(flag) = at.checked_sub(1).map(|i| typed[i].as_str())
                && flag.starts_with("--")
                && !flag.contains('=')
                && sub
                    .get_arguments()
                    .any(|a| a.get_long() == Some(&flag[2..]) && a.get_action().takes_values())
            {
                let value = &typed[at];
                let mut line = typed[..at - 1].to_vec();
                line.push(format!("{flag}={value}"));
                line.extend(typed[at + 1..].iter().cloned());
                let words: Vec<String> = line
                    .iter()
                    .map(|w| crate::output::shell_word(w).into_owned())
                    .collect();
                return Some(format!(
                    "to give {flag} a value that starts with `-`, join them with `=`: pm {}",
                    words.join(" ")
                ));
            }
            // `--time=10:00` is reported as `--time`.
            let at = typed.iter().position(|a| {
                a == arg || (arg.starts_with("--") && a.starts_with(&format!("{arg}=")))
            })?;
            let arg = typed[at].as_str();
            let pm_command = if command.is_empty() {
                "pm".to_string()
            } else {
                format!("pm {command}")
            };
            let no_such_flag = |flag: &str| {
                format!(
                    "`{pm_command}` has no {flag}; `{pm_command} --help` lists its flags (to give the text `{flag}` itself, put `--` before it)"
                )
            };
            // `-x`: clap's tip is `-- -x`, as for a long flag.
            if arg.len() > 1 && arg.starts_with('-') && !arg.starts_with("--") {
                return context(ContextKind::SuggestedArg)
                    .is_none()
                    .then(|| no_such_flag(arg));
            }
            if let Some(name) = arg.strip_prefix("--") {
                let (name, value) = match name.split_once('=') {
                    Some((name, value)) => (name, Some(value)),
                    None => (name, None),
                };
                // A typo clap recognises (`--onwer`): its suggestion, with
                // the command as it should have been typed.
                if let Some(suggested) = context(ContextKind::SuggestedArg) {
                    let suggested = suggested.split_whitespace().next()?;
                    if !suggested.starts_with("--") {
                        return None;
                    }
                    let with = match value {
                        Some(v) => format!("{suggested}={v}"),
                        None => suggested.to_string(),
                    };
                    return Some(format!(
                        "did you mean {suggested}? {}",
                        retyped(at, &[with])
                    ));
                }
                let flag = format!("--{name}");
                return Some(
                    match FLAG_SYNONYMS
                        .iter()
                        .find(|(c, typed, _)| *c == command && *typed == flag)
                    {
                        Some((_, _, meant)) => {
                            let with: Vec<String> = match value {
                                Some(v) => vec![format!("{meant}={v}")],
                                None => vec![meant.to_string()],
                            };
                            format!("`{pm_command}` calls it {meant}: {}", retyped(at, &with))
                        }
                        None => no_such_flag(&flag),
                    },
                );
            }
            // `--within 2 weeks`: a length is one word, `2w`.
            let unit = UNIT_WORDS
                .iter()
                .find(|(word, _)| word.eq_ignore_ascii_case(arg))
                .map(|(_, unit)| *unit)?;
            let number = typed.get(at.checked_sub(1)?)?;
            let digits = number.trim_start_matches(['+', '-']);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let flag = typed.get(at.checked_sub(2)?)?;
            if !flag.starts_with("--") {
                return None;
            }
            let length = format!("{number}{unit}");
            let mut line = typed[..at - 1].to_vec();
            line.push(length.clone());
            line.extend(typed[at + 1..].iter().cloned());
            let words: Vec<String> = line
                .iter()
                .map(|w| crate::output::shell_word(w).into_owned())
                .collect();
            Some(format!(
                "a length is one word, `{length}` (m minutes, h hours, d days, w weeks, mo months, y years): pm {}",
                words.join(" ")
            ))
        }
        _ => None,
    }
}

/// clap's "invalid UTF-8 was detected in one or more arguments" names no
/// argument. Find it: the first argument that is not UTF-8 and that clap
/// refuses for it (a path may be any bytes: `--from`, `-o` take them), and
/// name its flag or positional (`--owner `o\xff` is not valid UTF-8
/// text`). None when it cannot be told (clap's message is kept).
fn invalid_utf8(args: &[std::ffi::OsString]) -> Option<String> {
    use std::ffi::OsString;
    let lossy = |a: &OsString| OsString::from(a.to_string_lossy().into_owned());
    let bad: Vec<usize> = (1..args.len())
        .filter(|&i| args[i].to_str().is_none())
        .collect();
    // Each argument that is not UTF-8 alone, the others made text: the
    // one clap still refuses is one it cannot take.
    let refused = |i: usize| {
        let trial = args.iter().enumerate().map(|(j, a)| {
            if j != i && bad.contains(&j) {
                lossy(a)
            } else {
                a.clone()
            }
        });
        matches!(command().try_get_matches_from(trial),
            Err(e) if e.kind() == clap::error::ErrorKind::InvalidUtf8)
    };
    let at = bad.iter().copied().find(|&i| refused(i))?;
    let bytes = args[at].as_encoded_bytes();
    let typed = String::from_utf8_lossy(bytes);
    let (what, value) = match typed.strip_prefix("--").and_then(|t| t.split_once('=')) {
        // `--owner=o\xff`: the flag is in the argument itself.
        Some((flag, _)) => {
            let cut = flag.len() + 3;
            (
                format!("--{flag}"),
                crate::output::name_bytes(&bytes[cut..]),
            )
        }
        None => {
            let all: Vec<OsString> = args
                .iter()
                .map(|a| {
                    if a.to_str().is_none() {
                        lossy(a)
                    } else {
                        a.clone()
                    }
                })
                .collect();
            let matches = command().try_get_matches_from(&all).ok()?;
            let what = arg_at(&command(), &matches, &all, 0, at)?;
            (what, crate::output::name_bytes(bytes))
        }
    };
    Some(format!(
        "error: {what} `{value}` is not valid UTF-8 text\n  pm takes every argument as UTF-8 text; check the encoding of what typed it (the terminal's or the script's: LANG); nothing was changed\n"
    ))
}

/// The flag (`--owner`) or positional (`TEXT`) whose value is argument
/// `index` of the command line `args`, in the subcommand that took it.
/// clap counts a subcommand's arguments from its name (`start`).
fn arg_at(
    cmd: &clap::Command,
    matches: &clap::ArgMatches,
    args: &[std::ffi::OsString],
    start: usize,
    index: usize,
) -> Option<String> {
    if let Some((name, sub)) = matches.subcommand() {
        let at = (start + 1..index).find(|&i| args[i] == name)?;
        return arg_at(cmd.find_subcommand(name)?, sub, args, at, index);
    }
    let arg = cmd.get_arguments().find(|a| {
        let id = a.get_id().as_str();
        // A default value has an index too: only what was typed counts.
        matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
            && matches
                .indices_of(id)
                .is_some_and(|mut i| i.any(|i| start + i == index))
    })?;
    Some(match (arg.get_long(), arg.get_value_names()) {
        (Some(long), _) => format!("--{long}"),
        (None, Some([name, ..])) => name.to_string(),
        (None, _) => arg.get_id().as_str().to_uppercase(),
    })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a post-mortem repository: pm.yaml, folders, git init, a first commit.
    Init(InitArgs),
    /// Start a post-mortem from a template.
    New(NewArgs),
    /// List post-mortems with their open and overdue action items.
    List(ListArgs),
    /// Find past post-mortems by words in any field (all words must match).
    Search(SearchArgs),
    /// Show a post-mortem for reading, with figures from its timeline.
    Show(ShowArgs),
    /// Open a post-mortem in $VISUAL or $EDITOR; it is validated before it is committed.
    Edit(EditArgs),
    /// Print the JSON Schema of the post-mortem format.
    Schema,
    /// Choose the post-mortem that timeline and action commands write to (kept per clone).
    Use(UseArgs),
    /// Record and read the timeline of an incident.
    #[command(subcommand)]
    Timeline(TimelineCommand),
    /// Track action items.
    #[command(subcommand)]
    Action(ActionCommand),
    /// Move a post-mortem to draft, review or published (closing is `pm close`).
    Status(StatusArgs),
    /// Record that the follow-up review was held.
    Review(ReviewArgs),
    /// Close a post-mortem whose review is held and whose action items are all done or dropped.
    Close(CloseArgs),
    /// What needs attention: overdue and soon-due action items, and due reviews.
    Due(DueArgs),
    /// Check post-mortems for blame language and missing sections.
    Lint(LintArgs),
    /// Bring in what others pushed and push your commits (post-mortems merge by meaning).
    ///
    /// Fetches the branch's upstream, rebases your commits onto it (timeline
    /// entries and action items from both sides are kept; a colliding new
    /// action id of yours is renumbered), and pushes, retrying when someone
    /// pushed first. It makes no commit of its own, except to finish the
    /// rebase or merge whose conflict you resolved. Exit 1 when it stopped
    /// at a conflict: resolve the file and run pm sync again.
    ///
    /// Setup, once per team: a shared remote the branch tracks (`git remote
    /// add origin URL`, then `git push -u origin main`), and `pm init` in
    /// each clone, which registers pm's merge driver so that `git pull` and
    /// `git merge` merge post-mortems by meaning too. Then write with
    /// `--sync` (`pm timeline add TEXT --sync`), or set `sync: auto` in
    /// pm.yaml to sync after every change pm commits. A fetch or push that
    /// gets no answer is stopped after PM_NETWORK_TIMEOUT seconds (60; 0
    /// waits for ever).
    Sync(SyncArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page, or write a page per subcommand with --out.
    Man(ManArgs),
    /// Merge three versions of a post-mortem; git runs this (`pm init` registers it).
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
    /// Render a post-mortem as a document: Markdown, or one self-contained HTML file.
    Render(RenderArgs),
    /// Figures across post-mortems: times to detect and resolve, action items, reviews.
    Stats(StatsArgs),
    /// Build a static site of every post-mortem, with trends, into a folder.
    Site(SiteArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write pm.1 and one page per subcommand (pm-timeline-add.1, ...) into
    /// this folder, e.g. ~/.local/share/man/man1; created if missing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only bring changes in (fetch and rebase); do not push.
    #[arg(long)]
    pub no_push: bool,
}

/// git substitutes `%O %A %B %P` and `%L` (see gitattributes(5)).
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (%O).
    pub base: PathBuf,
    /// Our version (%A); the merged result is written here.
    pub ours: PathBuf,
    /// Their version (%B).
    pub theirs: PathBuf,
    /// The file's path in the repository (%P), for messages.
    pub path: Option<String>,
    /// Length of conflict markers (%L).
    #[arg(long, default_value_t = 7)]
    pub marker_size: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RenderFormat {
    /// Markdown (also `markdown`, as in `pm due --format markdown`).
    #[value(alias = "markdown")]
    Md,
    Html,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Post-mortem id (a unique prefix or part of it is enough).
    #[arg(add = crate::complete::ids())]
    pub id: String,
    /// md (Markdown) or html (default: from the -o file's extension, else md).
    #[arg(long, value_enum)]
    pub format: Option<RenderFormat>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StatsBy {
    Month,
    Quarter,
    Service,
    Severity,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only post-mortems dated on or after this day (YYYY-MM-DD, or 90d, 2w, 3mo back from today).
    #[arg(long, allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Only post-mortems dated on or before this day (YYYY-MM-DD).
    #[arg(long, allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Only post-mortems listing this service.
    #[arg(long, value_parser = filter_value, add = crate::complete::services())]
    pub service: Option<String>,
    /// Only post-mortems of this severity.
    #[arg(long, add = crate::complete::severities())]
    pub severity: Option<String>,
    /// Also give the figures per month, quarter, service or severity.
    #[arg(long, value_enum)]
    pub by: Option<StatsBy>,
    /// Print JSON (every figure, in seconds and counts).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the site into: new, empty, or made by pm site before.
    pub out_dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to initialise (default: the current directory); created if missing.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Title: what happened, in a few words ("Checkout latency spike").
    pub title: Option<String>,
    /// Severity, one of the names in pm.yaml (default SEV1..SEV4).
    #[arg(long, short, add = crate::complete::severities())]
    pub severity: Option<String>,
    /// When impact started: RFC 3339, 'YYYY-MM-DD HH:MM', HH:MM or -2h. Adds an impact-start entry.
    #[arg(long, allow_hyphen_values = true)]
    pub started: Option<String>,
    /// An affected service (repeat for several).
    #[arg(long = "service", value_name = "SERVICE", add = crate::complete::services())]
    pub services: Vec<String>,
    /// An author (repeat for several); default: you, as git's user.name
    /// says (`--author -` for none).
    #[arg(long = "author", value_name = "NAME", add = crate::complete::owners())]
    pub authors: Vec<String>,
    /// A tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG", add = crate::complete::tags())]
    pub tags: Vec<String>,
    /// The id's name, after its date (db-failover gives 2026-11-27-db-failover); default: from the title.
    #[arg(long, value_name = "NAME")]
    pub id: Option<String>,
    /// Template name: `default` is built into pm; a repository's own
    /// templates are .pm/templates/NAME.yaml.tera (a `default.yaml.tera`
    /// there replaces the built-in one for everyone in the repository).
    #[arg(long, default_value = "default")]
    pub template: String,
    /// Do not offer to open the editor.
    #[arg(long)]
    pub no_edit: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these statuses (draft, review, published, closed): repeat the
    /// flag or separate them with commas (`--status draft,review`).
    #[arg(long, value_delimiter = ',', add = crate::complete::statuses())]
    pub status: Vec<String>,
    /// Only the post-mortems not closed yet (draft, review, published).
    #[arg(long, conflicts_with = "status")]
    pub open: bool,
    /// Only this severity.
    #[arg(long, add = crate::complete::severities())]
    pub severity: Option<String>,
    /// Only post-mortems with this tag.
    #[arg(long, value_parser = filter_value, add = crate::complete::tags())]
    pub tag: Option<String>,
    /// Only post-mortems touching this service.
    #[arg(long, value_parser = filter_value, add = crate::complete::services())]
    pub service: Option<String>,
    /// Only post-mortems dated on or after this day (YYYY-MM-DD, or 2w, 3mo back from today).
    #[arg(long, allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Post-mortem id (a unique prefix or part of it is enough).
    #[arg(add = crate::complete::ids())]
    pub id: String,
    /// Print JSON (the document plus derived figures).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Post-mortem id (a unique prefix or part of it is enough).
    #[arg(add = crate::complete::ids())]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct UseArgs {
    /// Post-mortem id; without one, print the current choice.
    #[arg(add = crate::complete::ids())]
    pub id: Option<String>,
    /// Forget the choice (go back to the newest draft).
    #[arg(long, conflicts_with = "id")]
    pub clear: bool,
}

/// Which post-mortem a write goes to.
#[derive(Debug, Args, Clone, Default)]
pub struct TargetArgs {
    /// The post-mortem (default: the one chosen with `pm use`, else the newest draft).
    #[arg(long = "pm", value_name = "ID", add = crate::complete::ids())]
    pub pm: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TimelineCommand {
    /// Add an entry (TEXT, or - to read it from standard input).
    Add(TimelineAddArgs),
    /// Show the timeline with offsets from impact start and the derived figures.
    List(TimelineListArgs),
    /// Import entries from logs, by trace id and/or level.
    Import(TimelineImportArgs),
    /// Remove an entry added by mistake (by its # in `pm timeline list`, or its time).
    Rm(TimelineRmArgs),
    /// Change an entry's text, time, kind, role, link or trace id.
    Edit(TimelineEditArgs),
}

#[derive(Debug, Args)]
pub struct TimelineRmArgs {
    /// The entry: its number in `pm timeline list` (1, 2, ...), or its time
    /// (HH:MM, 'YYYY-MM-DD HH:MM', RFC 3339) when one entry has it.
    pub entry: String,
    #[command(flatten)]
    pub target: TargetArgs,
}

#[derive(Debug, Args)]
pub struct TimelineEditArgs {
    /// The entry: its number in `pm timeline list` (1, 2, ...), or its time
    /// (HH:MM, 'YYYY-MM-DD HH:MM', RFC 3339) when one entry has it.
    pub entry: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// New text.
    #[arg(long)]
    pub text: Option<String>,
    /// New time: HH:MM[:SS] (on the entry's own day), -15m, 'YYYY-MM-DD HH:MM', or RFC 3339; the entry moves to its place in time order.
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
    /// New kind.
    #[arg(long, add = crate::complete::kinds())]
    pub kind: Option<String>,
    /// New role that acted.
    #[arg(long)]
    pub by: Option<String>,
    /// New link to evidence.
    #[arg(long)]
    pub link: Option<String>,
    /// New trace id.
    #[arg(long)]
    pub trace_id: Option<String>,
    /// Accept a new time in the future or long before the incident.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TimelineAddArgs {
    /// What happened. Use - to read it from standard input.
    pub text: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// When: HH:MM[:SS], -15m, 'YYYY-MM-DD HH:MM', or RFC 3339 (default: now).
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
    /// impact-start, detected, acknowledged, mitigated, resolved, note, or a kind from pm.yaml.
    #[arg(long, default_value = "note", add = crate::complete::kinds())]
    pub kind: String,
    /// A trace id this entry is about.
    #[arg(long)]
    pub trace_id: Option<String>,
    /// A link to evidence (dashboard, log search, chat message).
    #[arg(long)]
    pub link: Option<String>,
    /// The role that acted (incident commander, on-call), not a person's name.
    #[arg(long)]
    pub by: Option<String>,
    /// Accept a time in the future or long before the incident, and write
    /// into a post-mortem whose timeline has been quiet for days without asking.
    #[arg(long)]
    pub force: bool,
    /// Commit and sync in one step (`pm sync`), so the others see the entry within seconds.
    #[arg(long)]
    pub sync: bool,
}

#[derive(Debug, Args)]
pub struct TimelineListArgs {
    /// Post-mortem id (default: the one chosen with `pm use`, else the newest draft).
    #[arg(add = crate::complete::ids())]
    pub id: Option<String>,
    /// The post-mortem, as for the other timeline commands (same as ID).
    #[arg(long = "pm", value_name = "ID", conflicts_with = "id", add = crate::complete::ids())]
    pub pm: Option<String>,
    /// Show times in UTC instead of the repository's time zone.
    #[arg(long)]
    pub utc: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TimelineImportArgs {
    /// Post-mortem id (default: the one chosen with `pm use`, else the newest draft).
    #[arg(add = crate::complete::ids())]
    pub id: Option<String>,
    /// The post-mortem, as for the other timeline commands (same as ID).
    #[arg(long = "pm", value_name = "ID", conflicts_with = "id", add = crate::complete::ids())]
    pub pm: Option<String>,
    /// Log files or folders of them (- for standard input): JSON lines,
    /// OTLP/JSON, Docker json-file, Kubernetes CRI, text lines that start
    /// with a date and time, RFC 5424 syslog, IIS (W3C), Windows events as
    /// JSON; uncompressed or compressed with gzip or zstd (`pm timeline
    /// import --help` lists every format).
    ///
    /// The format is told from each line's content, never from the file's
    /// name: JSON lines (Lambda, ECS, Go slog, pino, bunyan, Powertools,
    /// .NET's JSON console, Serilog's CLEF); a JSON array of records or a
    /// pretty-printed JSON object (`jq .`, `gcloud logging read
    /// --format=json`); the OpenTelemetry collector's file exporter
    /// (OTLP/JSON); Docker json-file and Kubernetes CRI on-node logs;
    /// Google Cloud Logging; Datadog JSON and Logs API results; CloudWatch
    /// Logs (`aws logs filter-log-events`, subscription payloads); Fluent
    /// Bit; Loki (`logcli query -o jsonl` and the HTTP API); Kubernetes
    /// events (`kubectl get events -o json`); `journalctl -o json`;
    /// Windows events (`Get-WinEvent | ConvertTo-Json`); `docker compose
    /// logs`; text lines that start with a date and time (`journalctl -o
    /// short-iso`, `kubectl logs --timestamps`, PostgreSQL, MySQL, nginx,
    /// Python, NLog, Ruby's Logger, Apache httpd's error log, `adb logcat
    /// -v threadtime,year,zone`); logfmt lines with a time; RFC 5424
    /// syslog; IIS and other W3C extended logs. A log pm does not read (a
    /// classic syslog line without a year, a table) is refused with the
    /// command that turns it into one it reads.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    pub from: Vec<PathBuf>,
    /// Keep lines with this trace id, in any spelling (W3C, X-Ray, GCP, Datadog).
    #[arg(long)]
    pub trace_id: Option<String>,
    /// Keep lines at this level or above (trace, debug, info, warn, error, fatal).
    #[arg(long, add = crate::complete::words(&["trace", "debug", "info", "warn", "error", "fatal"]))]
    pub level: Option<String>,
    /// Show what would be added without changing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Keep repeated messages apart instead of one entry per burst.
    #[arg(long)]
    pub no_group: bool,
    /// Field holding the timestamp (dots for nested fields).
    #[arg(long, value_name = "FIELD")]
    pub time_field: Option<String>,
    /// Field holding the message.
    #[arg(long, value_name = "FIELD")]
    pub message_field: Option<String>,
    /// Field holding the level.
    #[arg(long, value_name = "FIELD")]
    pub level_field: Option<String>,
    /// Field holding the trace id.
    #[arg(long, value_name = "FIELD")]
    pub trace_field: Option<String>,
    /// Keep only records at or after this time (as --at: HH:MM, -2h, "YYYY-MM-DD HH:MM" or RFC 3339).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Keep only records at or before this time.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// The time zone of log times written without a UTC offset (IANA name,
    /// UTC, or +02:00; default: the repository's, pm.yaml `timezone`).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub log_timezone: Option<String>,
    /// Accept entries in the future or long before the incident.
    #[arg(long)]
    pub force: bool,
    /// Refuse an import that would add more entries than this (a timeline
    /// of thousands of log lines buries the incident); 0 for no limit.
    #[arg(long, value_name = "N", default_value_t = crate::logs::MAX_ENTRIES)]
    pub max_entries: usize,
}

#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Add an action item.
    Add(ActionAddArgs),
    /// Mark an action item done.
    Done(ActionDoneArgs),
    /// Drop an action item, with the reason.
    Drop(ActionDropArgs),
    /// Change an action item's owner, due date or title.
    Edit(ActionEditArgs),
    /// List action items across post-mortems.
    List(ActionListArgs),
    /// Remove an action item added by mistake (to retire real work, use drop).
    Rm(ActionRmArgs),
}

#[derive(Debug, Args)]
pub struct ActionRmArgs {
    /// ID#A2 (id prefix allowed), or A2 with --pm.
    #[arg(add = crate::complete::all_actions())]
    pub reference: String,
    /// Remove it although the upstream already has it (others may have
    /// pulled it; their changes to it would land on the next item added)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub target: TargetArgs,
}

#[derive(Debug, Args)]
pub struct ActionAddArgs {
    /// What will change, specific and bounded ("Alert on checkout p99 > 2s").
    pub title: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Who owns it (a person or team).
    #[arg(long, add = crate::complete::owners())]
    pub owner: Option<String>,
    /// YYYY-MM-DD or from today (+3d, 2w, +1mo; m is minutes, mo months); default from the severity policy in pm.yaml.
    #[arg(long, allow_hyphen_values = true)]
    pub due: Option<String>,
    /// prevent, mitigate, detect or process.
    #[arg(long = "type", value_name = "TYPE", add = crate::complete::words(crate::commands::ACTION_TYPES))]
    pub kind: Option<String>,
    /// Priority, free text (P1, high).
    #[arg(long)]
    pub priority: Option<String>,
    /// A tracker ticket.
    #[arg(long)]
    pub link: Option<String>,
}

#[derive(Debug, Args)]
pub struct ActionDoneArgs {
    /// ID#A2 (id prefix allowed), or A2 with --pm.
    #[arg(add = crate::complete::open_actions())]
    pub reference: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// A note on what was done.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ActionDropArgs {
    /// ID#A2 (id prefix allowed), or A2 with --pm.
    #[arg(add = crate::complete::open_actions())]
    pub reference: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Why it is dropped.
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct ActionEditArgs {
    /// ID#A2 (id prefix allowed), or A2 with --pm.
    #[arg(add = crate::complete::open_actions())]
    pub reference: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// The new owner (a person or team).
    #[arg(long, add = crate::complete::owners())]
    pub owner: Option<String>,
    /// The new due date: YYYY-MM-DD or from today (+3d, 2w, +1mo; m is
    /// minutes, mo months).
    #[arg(long, allow_hyphen_values = true)]
    pub due: Option<String>,
    /// The new title: what will change, specific and bounded.
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct ActionListArgs {
    /// Only this post-mortem.
    #[arg(add = crate::complete::ids())]
    pub id: Option<String>,
    /// Only this owner.
    #[arg(long, value_parser = filter_value, add = crate::complete::owners())]
    pub owner: Option<String>,
    /// Only open items.
    #[arg(long)]
    pub open: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Post-mortem id.
    #[arg(add = crate::complete::ids())]
    pub id: String,
    /// What the review found.
    #[arg(long, visible_alias = "note")]
    pub notes: Option<String>,
    /// Schedule another review this long from today (14d, 2w, 1mo).
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub again: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum NewStatus {
    Draft,
    Review,
    Published,
    /// Not a move `pm status` makes: named so that the refusal can point
    /// at `pm close` (clap would suggest `published`).
    #[value(hide = true)]
    Closed,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Post-mortem id.
    #[arg(add = crate::complete::ids())]
    pub id: String,
    /// The new status.
    #[arg(value_enum)]
    pub status: NewStatus,
    /// Move to review or published even though `pm lint` would report
    /// errors at that status (blame; and the gaps, such as empty sections,
    /// that are warnings in a draft and errors from review on).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// Post-mortem id.
    #[arg(add = crate::complete::ids())]
    pub id: String,
    /// Close even though `pm lint` would report errors once it is closed
    /// (blame; and the gaps, such as empty sections, that are warnings in
    /// a draft and errors from review on).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DueGroup {
    Owner,
    Postmortem,
    Due,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DueFormat {
    /// The table, for a terminal.
    Table,
    /// JSON, for scripts (what --json prints).
    Json,
    /// Markdown, to paste into a meeting document (also `md`, as in `pm render --format md`).
    #[value(alias = "md")]
    Markdown,
    /// Slack mrkdwn, to paste or post to a channel.
    Slack,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find, without regard to case; a post-mortem matches when it holds every one.
    #[arg(required = true, value_name = "WORD")]
    pub words: Vec<String>,
    /// Print JSON: {"words": [...], "results": [...]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// How far ahead counts as due soon (7d, 2w, 1mo).
    #[arg(long, default_value = "7d", allow_hyphen_values = true)]
    pub within: String,
    /// Group the table by owner, post-mortem, or not at all (due).
    #[arg(long, value_enum, default_value = "owner")]
    pub by: DueGroup,
    /// Only this owner (repeat for several).
    #[arg(long = "owner", value_name = "OWNER", add = crate::complete::owners())]
    pub owners: Vec<String>,
    /// Only post-mortems of this severity.
    #[arg(long, add = crate::complete::severities())]
    pub severity: Option<String>,
    /// Only post-mortems touching this service.
    #[arg(long, value_parser = filter_value, add = crate::complete::services())]
    pub service: Option<String>,
    /// Only post-mortems with this tag.
    #[arg(long, value_parser = filter_value, add = crate::complete::tags())]
    pub tag: Option<String>,
    /// Print JSON: {"today": ..., "items": [...]}; shorthand for `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Output format: the table, json, or a list to paste (markdown, slack).
    #[arg(long, value_enum, default_value = "table")]
    pub format: DueFormat,
    /// Also list the action items done since this day (7d, 2w, YYYY-MM-DD).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub done_since: Option<String>,
    /// Exit 1 when anything is overdue.
    #[arg(long)]
    pub check: bool,
    /// Also write an iCalendar file with every open action item and pending review.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LintFormat {
    Human,
    Json,
    Github,
    Sarif,
    /// GitLab's Code Quality report (Code Climate JSON)
    Codequality,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or post-mortem ids (default: every post-mortem). A file's
    /// name may be any bytes, as git holds it.
    #[arg(add = crate::complete::ids_or_paths())]
    pub targets: Vec<PathBuf>,
    /// Only files changed since this git revision (for pull requests).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: LintFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Measure the blame check on labelled sentences instead of linting
    /// post-mortems: TSV files of `label<TAB>family<TAB>source<TAB>sentence`
    /// (see docs/lint-rules.md). Prints recall, precision and false-error
    /// and false-warning rates per family. For pm's developers: hidden
    /// from `--help` and the manual, documented in docs/lint-rules.md.
    #[arg(long, value_name = "TSV", num_args = 1.., conflicts_with_all = ["targets", "changed_since"], hide = true)]
    pub eval: Vec<PathBuf>,
    /// With --eval: list each missed blaming sentence and each blameless
    /// sentence with a finding.
    #[arg(long, requires = "eval", hide = true)]
    pub details: bool,
    /// With --eval: print each sentence's evidence-model features instead
    /// of the report (`label<TAB>family<TAB>features`), for fitting the
    /// weights with scripts/fit-blame-weights.py.
    #[arg(long, requires = "eval", conflicts_with = "details", hide = true)]
    pub features: bool,
    /// Shorthand for `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// List every rule instead of linting: its id (for `lint:` in pm.yaml
    /// and `# pm-lint: allow RULE` comments), its severity here (after
    /// pm.yaml's `severity` and `disabled`), why it flags and what to
    /// write instead; the team's own rules included.
    #[arg(long, conflicts_with_all = ["targets", "changed_since", "deny", "eval"])]
    pub rules: bool,
}

/// A filter flag's value (`--service`, `--tag`, `--owner`): an empty one
/// (a script's unset variable) is refused, as nothing or everything
/// matching it would be silently wrong.
fn filter_value(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        Err("it is empty; give a value, or leave the flag out to match every post-mortem".into())
    } else {
        Ok(value.to_string())
    }
}
