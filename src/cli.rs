//! The command line. Doc comments here are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Blameless incident post-mortems, kept as YAML files in git.
///
/// Exit codes: 0 success, 1 findings (lint errors, overdue items with
/// --check), 2 errors (usage, bad input, repository problems).
#[derive(Debug, Parser)]
#[command(name = "pm", version, max_term_width = 100)]
pub struct Cli {
    /// The post-mortem repository (default: $PM_REPO, else the nearest
    /// folder with pm.yaml from here up).
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    /// Write files but do not commit them.
    #[arg(long, global = true)]
    pub no_commit: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a post-mortem repository: pm.yaml, folders, git init, a first commit.
    Init(InitArgs),
    /// Start a post-mortem from a template.
    New(NewArgs),
    /// List post-mortems with their open and overdue action items.
    List(ListArgs),
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
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
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
    #[arg(long, short)]
    pub severity: Option<String>,
    /// When impact started: RFC 3339, 'YYYY-MM-DD HH:MM', HH:MM or -2h. Adds an impact-start entry.
    #[arg(long, allow_hyphen_values = true)]
    pub started: Option<String>,
    /// An affected service (repeat for several).
    #[arg(long = "service", value_name = "SERVICE")]
    pub services: Vec<String>,
    /// An author (repeat for several).
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// A tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Template name: templates/NAME.yaml.tera, or .pm/templates/NAME.yaml.tera in the repository.
    #[arg(long, default_value = "default")]
    pub template: String,
    /// Do not offer to open the editor.
    #[arg(long)]
    pub no_edit: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this status (draft, review, published, closed).
    #[arg(long)]
    pub status: Option<String>,
    /// Only this severity.
    #[arg(long)]
    pub severity: Option<String>,
    /// Only post-mortems with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only post-mortems touching this service.
    #[arg(long)]
    pub service: Option<String>,
    /// Only post-mortems dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Post-mortem id (a unique prefix or part of it is enough).
    pub id: String,
    /// Print JSON (the document plus derived figures).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Post-mortem id (a unique prefix or part of it is enough).
    pub id: String,
}

#[derive(Debug, Args)]
pub struct UseArgs {
    /// Post-mortem id; without one, print the current choice.
    pub id: Option<String>,
    /// Forget the choice (go back to the newest draft).
    #[arg(long, conflicts_with = "id")]
    pub clear: bool,
}

/// Which post-mortem a write goes to.
#[derive(Debug, Args, Clone, Default)]
pub struct TargetArgs {
    /// The post-mortem (default: the one chosen with `pm use`, else the newest draft).
    #[arg(long = "pm", value_name = "ID")]
    pub pm: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TimelineCommand {
    /// Add an entry (TEXT, or - to read it from standard input).
    Add(TimelineAddArgs),
    /// Show the timeline with offsets from impact start and the derived figures.
    List(TimelineListArgs),
    /// Import entries from a JSON-lines log, by trace id and/or level.
    Import(TimelineImportArgs),
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
    #[arg(long, default_value = "note")]
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
    /// Accept a time in the future or long before the incident.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TimelineListArgs {
    /// Post-mortem id (default: the one chosen with `pm use`, else the newest draft).
    pub id: Option<String>,
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
    pub id: Option<String>,
    /// The log file: one JSON object per line (- for standard input).
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// Keep lines with this trace id.
    #[arg(long)]
    pub trace_id: Option<String>,
    /// Keep lines at this level or above (trace, debug, info, warn, error, fatal).
    #[arg(long)]
    pub level: Option<String>,
    /// Show what would be added without changing anything.
    #[arg(long)]
    pub dry_run: bool,
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
    /// Accept entries in the future or long before the incident.
    #[arg(long)]
    pub force: bool,
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
}

#[derive(Debug, Args)]
pub struct ActionAddArgs {
    /// What will change, specific and bounded ("Alert on checkout p99 > 2s").
    pub title: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Who owns it (a person or team).
    #[arg(long)]
    pub owner: Option<String>,
    /// YYYY-MM-DD or relative (+3d, 2w, +1m); default from the severity policy in pm.yaml.
    #[arg(long)]
    pub due: Option<String>,
    /// prevent, mitigate, detect or process.
    #[arg(long = "type", value_name = "TYPE")]
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
    pub reference: String,
    #[command(flatten)]
    pub target: TargetArgs,
    #[arg(long)]
    pub owner: Option<String>,
    /// YYYY-MM-DD or relative (+3d, 2w, +1m).
    #[arg(long)]
    pub due: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct ActionListArgs {
    /// Only this post-mortem.
    pub id: Option<String>,
    /// Only this owner.
    #[arg(long)]
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
    pub id: String,
    /// What the review found.
    #[arg(long)]
    pub notes: Option<String>,
    /// Schedule another review this long from today (14d, 2w).
    #[arg(long, value_name = "DURATION")]
    pub again: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum NewStatus {
    Draft,
    Review,
    Published,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Post-mortem id.
    pub id: String,
    /// The new status.
    #[arg(value_enum)]
    pub status: NewStatus,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// Post-mortem id.
    pub id: String,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DueGroup {
    Owner,
    Postmortem,
    Due,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// How far ahead counts as due soon (7d, 2w).
    #[arg(long, default_value = "7d")]
    pub within: String,
    /// Group the table by owner, post-mortem, or not at all (due).
    #[arg(long, value_enum, default_value = "owner")]
    pub by: DueGroup,
    /// Only this owner (repeat for several).
    #[arg(long = "owner", value_name = "OWNER")]
    pub owners: Vec<String>,
    /// Only post-mortems of this severity.
    #[arg(long)]
    pub severity: Option<String>,
    /// Only post-mortems touching this service.
    #[arg(long)]
    pub service: Option<String>,
    /// Only post-mortems with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Print JSON: {"today": ..., "items": [...]}.
    #[arg(long)]
    pub json: bool,
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
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or post-mortem ids (default: every post-mortem).
    pub targets: Vec<String>,
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
    /// and false-warning rates per family.
    #[arg(long, value_name = "TSV", num_args = 1.., conflicts_with_all = ["targets", "changed_since"])]
    pub eval: Vec<PathBuf>,
    /// With --eval: list each missed blaming sentence and each blameless
    /// sentence with a finding.
    #[arg(long, requires = "eval")]
    pub details: bool,
    /// Shorthand for `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}
