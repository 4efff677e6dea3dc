//! One module per subcommand, and the write transaction they share.

mod action;
mod close;
mod due;
mod edit;
mod init;
mod lint;
mod list;
mod man;
mod merge_driver;
mod new;
mod render;
mod review;
mod schema;
mod search;
mod show;
mod site;
mod stats;
mod status;
mod sync;
mod timeline;
mod timeline_change;
mod use_;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

pub use action::ACTION_TYPES;

use crate::cli::{ActionCommand, Cli, Command, TimelineCommand};
use crate::edit::Edit;
use crate::error::{Exit, UserError};
use crate::git::Git;
use crate::output;
use crate::store::{Loaded, Store};

/// What every command gets: the repository and the global flags.
pub struct Ctx {
    pub store: Store,
    pub no_commit: bool,
    /// A commit this run makes is synced right after (`--sync`, `sync:
    /// auto`): what the sync needs is checked before anything is written.
    pub syncs: bool,
}

impl Ctx {
    fn open(cli_repo: Option<&Path>, no_commit: bool) -> Result<Ctx> {
        Ok(Ctx {
            store: Store::discover(cli_repo)?,
            no_commit,
            syncs: false,
        })
    }

    /// Whether changes are committed (autocommit on, --no-commit not given).
    pub fn commits(&self) -> bool {
        self.store.config.autocommit && !self.no_commit
    }

    /// Open git for a commit, before anything is written, so that a missing
    /// identity or a locked index stops the command with nothing changed.
    pub fn git(&self) -> Result<Option<Git>> {
        if self.commits() {
            refuse_mid_operation(&self.store.root)?;
            if self.syncs {
                // A usage error of the sync to come (a bad
                // PM_NETWORK_TIMEOUT) stops the command before it
                // writes, not after it committed.
                sync::check_settings()?;
            }
            Git::open_for_commit(&self.store.root).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// pm commits on top of HEAD; in the middle of a merge or rebase (a
/// conflict waiting for the person) that commit would land in the wrong
/// place, so pm refuses and says how to finish.
fn refuse_mid_operation(root: &Path) -> Result<()> {
    let Ok(repo) = crate::git::discover(root) else {
        return Ok(());
    };
    let (what, finish, abort): (String, String, String) = match repo.state() {
        git2::RepositoryState::Clean => return Ok(()),
        git2::RepositoryState::Merge => (
            "a merge".into(),
            "resolve the conflicts, `git add` the files and `git commit` (or run `pm sync`)".into(),
            "git merge --abort".into(),
        ),
        git2::RepositoryState::Rebase
        | git2::RepositoryState::RebaseInteractive
        | git2::RepositoryState::RebaseMerge
        | git2::RepositoryState::ApplyMailboxOrRebase => (
            "a rebase".into(),
            "resolve the conflicts and run `pm sync` (or `git add` the files and `git rebase --continue`)".into(),
            "git rebase --abort".into(),
        ),
        // Named, with its own commands (`git bisect reset`, not `--abort`).
        state => {
            let op = crate::git::operation(state).unwrap_or("operation");
            (
                format!("a git {op}"),
                crate::git::finish_command(op),
                crate::git::abort_command(op),
            )
        }
    };
    Err(UserError::new(format!(
        "{what} is in progress in this clone; pm does not commit in the middle of it"
    ))
    .hint(format!("finish it: {finish}"))
    .hint(format!("or abort it: {abort}"))
    .hint("or write without committing: --no-commit; nothing was changed")
    .into())
}

/// Set when this run made a commit, for `--sync` and `sync: auto`.
static COMMITTED: AtomicBool = AtomicBool::new(false);

pub fn run(cli: Cli) -> Result<Exit> {
    if let Command::Init(args) = &cli.command {
        return init::run(args, cli.no_commit);
    }
    if let Command::Schema = &cli.command {
        return schema::run();
    }
    if let Command::MergeDriver(args) = &cli.command {
        // git runs the driver anywhere, with files outside any repository.
        return merge_driver::run(args);
    }
    if let Command::Completions(args) = &cli.command {
        // Completions need no repository: the script is installed once per
        // shell, and runs pm to complete (see complete.rs).
        let Some(script) = crate::complete::registration(&args.shell.to_string()) else {
            crate::bail_user!("pm cannot complete for {}", args.shell);
        };
        output::emit_raw(&script);
        return Ok(Exit::Ok);
    }
    if let Command::Man(args) = &cli.command {
        return man::run(args, cli.repo.as_deref());
    }
    if let Command::Lint(args) = &cli.command
        && (!args.eval.is_empty() || args.rules)
    {
        // Scoring labelled sentences needs no repository; inside one, its
        // pm.yaml (people, team rules, severities) applies.
        // Outside a repository (no --repo, no PM_REPO, no pm.yaml above),
        // the defaults apply; a pm.yaml that is there but broken is an error.
        let outside = cli.repo.is_none()
            && std::env::var_os("PM_REPO").is_none_or(|v| v.is_empty())
            && std::env::current_dir().is_ok_and(|cwd| {
                !cwd.ancestors()
                    .any(|d| d.join(crate::config::CONFIG_FILE).is_file())
            });
        let store = if outside {
            None
        } else {
            Some(Store::discover(cli.repo.as_deref())?)
        };
        return lint::eval(store.as_ref(), args);
    }
    let mut ctx = Ctx::open(cli.repo.as_deref(), cli.no_commit)?;
    if let Some(hint) = crate::merge::install::hint(&ctx.store.root) {
        output::note(&hint);
    }
    let sync_flag = matches!(&cli.command, Command::Timeline(TimelineCommand::Add(a)) if a.sync);
    if sync_flag && !ctx.commits() {
        return Err(UserError::new(
            "--sync shares a commit, and this change would not be committed",
        )
        .hint("drop --no-commit (or set `autocommit: true` in pm.yaml); nothing was changed")
        .into());
    }
    let auto = ctx.store.config.sync == crate::config::SyncMode::Auto;
    let is_sync = matches!(cli.command, Command::Sync(_));
    ctx.syncs = (sync_flag || auto) && !is_sync;
    let exit = dispatch(&ctx, cli.command)?;
    if (sync_flag || auto) && !is_sync && COMMITTED.load(Ordering::SeqCst) {
        sync::after_write(&ctx);
    }
    Ok(exit)
}

fn dispatch(ctx: &Ctx, command: Command) -> Result<Exit> {
    match command {
        Command::Init(_)
        | Command::Schema
        | Command::Completions(_)
        | Command::Man(_)
        | Command::MergeDriver(_) => {
            unreachable!("handled above")
        }
        Command::Sync(args) => sync::run(ctx, &args),
        Command::New(args) => new::run(ctx, args),
        Command::List(args) => list::run(ctx, &args),
        Command::Search(args) => search::run(ctx, &args),
        Command::Show(args) => show::run(ctx, &args),
        Command::Edit(args) => edit::run(ctx, &args),
        Command::Use(args) => use_::run(ctx, &args),
        Command::Timeline(TimelineCommand::Add(args)) => timeline::add(ctx, args),
        Command::Timeline(TimelineCommand::List(args)) => timeline::list(ctx, &args),
        Command::Timeline(TimelineCommand::Import(args)) => timeline::import(ctx, &args),
        Command::Timeline(TimelineCommand::Rm(args)) => timeline_change::rm(ctx, &args),
        Command::Timeline(TimelineCommand::Edit(args)) => timeline_change::edit(ctx, &args),
        Command::Action(ActionCommand::Add(args)) => action::add(ctx, &args),
        Command::Action(ActionCommand::Done(args)) => action::done(ctx, &args),
        Command::Action(ActionCommand::Drop(args)) => action::drop(ctx, &args),
        Command::Action(ActionCommand::Edit(args)) => action::edit(ctx, &args),
        Command::Action(ActionCommand::List(args)) => action::list(ctx, &args),
        Command::Action(ActionCommand::Rm(args)) => action::rm(ctx, &args),
        Command::Status(args) => status::run(ctx, &args),
        Command::Review(args) => review::run(ctx, &args),
        Command::Close(args) => close::run(ctx, &args),
        Command::Due(args) => due::run(ctx, &args),
        Command::Lint(args) => lint::run(ctx, &args),
        Command::Render(args) => render::run(ctx, &args),
        Command::Stats(args) => stats::run(ctx, &args),
        Command::Site(args) => site::run(ctx, &args),
    }
}

/// Change one post-mortem: lock, load the current text, apply `change`
/// through the minimal-edit path, check the result is a valid post-mortem,
/// write it atomically, and commit it with `pm: <verb> <id>: <what>`.
///
/// `change` returns the `<what>` of the commit message. Returns the
/// post-mortem as loaded before the change, and the message.
pub fn update_postmortem(
    ctx: &Ctx,
    path: &Path,
    verb: &str,
    change: impl FnOnce(&Loaded, &mut Edit) -> Result<String>,
) -> Result<(Loaded, String)> {
    // The repository lock first, then git: while another pm commits, git's
    // index is briefly locked, and that must not look like a foreign lock.
    let _lock = ctx.store.lock()?;
    let git = ctx.git()?;
    let loaded = ctx.store.load(path)?;
    let shown = ctx.store.shown(path);
    let mut edit = Edit::new(&shown, &loaded.text)?;
    let what = change(&loaded, &mut edit)?;
    let new_text = edit.finish()?;
    // A change that turned out to change nothing (another writer got there
    // first) writes nothing and makes no empty commit.
    if new_text != loaded.text {
        // Refused before anything is written when the result would be a
        // file pm cannot read back (invalid, or over the size limit).
        let message = format!("pm: {verb} {}: {what}", loaded.pm.id);
        save(ctx, git.as_ref(), path, &new_text, &message)?;
    }
    Ok((loaded, what))
}

/// New work (an action item, another review) on a closed post-mortem
/// would be work `pm due` tracks on something everyone considers done:
/// reopening is a deliberate edit of `status`.
pub fn refuse_closed(loaded: &Loaded, what: &str) -> Result<()> {
    if loaded.pm.status == crate::model::Status::Closed {
        crate::bail_user!(
            "{} is closed, so it takes no {what}; reopen it by editing `status` with `pm edit` if there is new work",
            loaded.pm.id
        );
    }
    Ok(())
}

/// Refuse to move a post-mortem to `status` (review, published, closed)
/// while `pm lint` would report errors for it at that status: the same
/// completeness and blame rules as CI, so the two never disagree. A gap
/// is a warning in a draft and an error from review on, so the refusal
/// counts both as `pm lint` reports them now: errors, and warnings that
/// become errors at `status`.
pub fn check_ready(
    ctx: &Ctx,
    loaded: &Loaded,
    file: &str,
    status: &str,
    force: bool,
) -> Result<()> {
    use crate::lint::Severity;
    if force {
        return Ok(());
    }
    let linter = crate::lint::Linter::for_repository(&ctx.store.config)?;
    let findings = linter.lint(file, &loaded.text, Some(status));
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return check_blame_warnings(
            linter.config.deny_warnings_on_publish,
            loaded,
            &findings,
            status,
        );
    }
    // What `pm lint` says of each at the post-mortem's own status: an
    // error, a warning, or nothing yet (a milestone missing from a draft).
    let now: std::collections::HashMap<(String, usize, usize), Severity> = linter
        .lint(file, &loaded.text, None)
        .into_iter()
        .map(|f| ((f.rule, f.line, f.column), f.severity))
        .collect();
    let severity_now =
        |f: &crate::lint::Finding| now.get(&(f.rule.clone(), f.line, f.column)).copied();
    let count_now = |severity: Option<Severity>| {
        errors
            .iter()
            .filter(|f| severity_now(f) == severity)
            .count()
    };
    let already = count_now(Some(Severity::Error));
    let lint_says = if already == errors.len() {
        format!(
            "`pm lint` reports {} for it",
            output::count(already as u64, "error")
        )
    } else {
        let is_are = |n: usize| if n == 1 { "is" } else { "are" };
        let parts: Vec<String> = [
            (already, "an error", "errors"),
            (count_now(Some(Severity::Warning)), "a warning", "warnings"),
            (count_now(Some(Severity::Info)), "a note", "notes"),
            (count_now(None), "not reported yet", "not reported yet"),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| format!("{n} {} {}", is_are(n), if n == 1 { one } else { many }))
        .collect();
        let parts = match parts.as_slice() {
            [only] => only.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        };
        format!(
            "`pm lint` would report {} for it there; as it is now (`{}`), {parts}",
            output::count(errors.len() as u64, "error"),
            loaded.pm.status.as_str()
        )
    };
    let mut err = crate::error::UserError::new(format!(
        "{} is not ready for status `{status}`: {lint_says}",
        loaded.pm.id,
    ));
    for f in errors.iter().take(10) {
        err = err.hint(format!(
            "{}:{}: {}[{}] {}",
            crate::output::name(&f.file),
            f.line,
            severity_now(f).unwrap_or(Severity::Error).as_str(),
            f.rule,
            f.message
        ));
    }
    if errors.len() > 10 {
        err = err.hint(format!(
            "... and {} more (run `pm lint {}`)",
            errors.len() - 10,
            output::arg_word(&loaded.pm.id)
        ));
    }
    Err(err
        .hint("fix these (`pm edit`), or pass --force to change the status anyway")
        .into())
}

/// Publishing with blame warnings left: the warnings are pm's doubts, so
/// by default they are named and the post-mortem moves on; with
/// `lint.deny_on_publish: warnings` they stop it as errors do.
fn check_blame_warnings(
    deny: bool,
    loaded: &Loaded,
    findings: &[crate::lint::Finding],
    status: &str,
) -> Result<()> {
    if status != "published" {
        return Ok(());
    }
    let warnings: Vec<_> = findings
        .iter()
        .filter(|f| {
            f.severity == crate::lint::Severity::Warning && crate::lint::is_blame_finding(&f.rule)
        })
        .collect();
    if warnings.is_empty() {
        return Ok(());
    }
    let id = output::arg_word(&loaded.pm.id);
    let what = output::count(warnings.len() as u64, "blame warning");
    if !deny {
        output::note(&format!(
            "note: {what} left in {}: readers will see these sentences (`pm lint {id}` lists them; `lint.deny_on_publish: warnings` in pm.yaml makes publishing wait for them)",
            loaded.pm.id
        ));
        return Ok(());
    }
    let mut err = crate::error::UserError::new(format!(
        "{} is not ready for status `published`: `pm lint` reports {what}, and pm.yaml's `lint.deny_on_publish` is `warnings`",
        loaded.pm.id
    ));
    for f in warnings.iter().take(10) {
        err = err.hint(format!(
            "{}:{}: warning[{}] {}",
            crate::output::name(&f.file),
            f.line,
            f.rule,
            f.message
        ));
    }
    if warnings.len() > 10 {
        err = err.hint(format!(
            "... and {} more (run `pm lint {id}`)",
            warnings.len() - 10
        ));
    }
    Err(err
        .hint("reword them (`pm edit`), mark a sentence that is fair with a `pm-lint: allow` comment, or pass --force to publish anyway")
        .into())
}

/// Write a post-mortem and commit it when committing is on (say so when it
/// is off), as one change: on any error nothing was changed.
pub fn save(ctx: &Ctx, git: Option<&Git>, path: &Path, text: &str, message: &str) -> Result<()> {
    ctx.store.save(git, path, text, message)?;
    if git.is_some() {
        COMMITTED.store(true, Ordering::SeqCst);
    }
    if git.is_none() {
        output::note("note: not committed (--no-commit or autocommit: false)");
    }
    Ok(())
}

/// Whether this runs in CI (the `CI` variable CI services set, not empty,
/// `false` or `0`): hints meant for a person's clone stay out of the log.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Whether standard input and error are a terminal: only then does pm prompt.
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}
