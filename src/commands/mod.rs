//! One module per subcommand, and the write transaction they share.

mod action;
mod close;
mod due;
mod edit;
mod init;
mod lint;
mod list;
mod new;
mod review;
mod schema;
mod show;
mod status;
mod timeline;
mod use_;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::{ActionCommand, Cli, Command, TimelineCommand};
use crate::edit::Edit;
use crate::error::{Exit, UserError};
use crate::git::Git;
use crate::output;
use crate::store::{self, Loaded, Store};

/// What every command gets: the repository and the global flags.
pub struct Ctx {
    pub store: Store,
    pub no_commit: bool,
}

impl Ctx {
    fn open(cli_repo: Option<&Path>, no_commit: bool) -> Result<Ctx> {
        Ok(Ctx {
            store: Store::discover(cli_repo)?,
            no_commit,
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
            Git::open_for_commit(&self.store.root).map(Some)
        } else {
            Ok(None)
        }
    }
}

pub fn run(cli: Cli) -> Result<Exit> {
    if let Command::Init(args) = &cli.command {
        return init::run(args, cli.no_commit);
    }
    if let Command::Schema = &cli.command {
        return schema::run();
    }
    if let Command::Completions(args) = &cli.command {
        // Completions need no repository: they are installed once per shell.
        let mut command = <Cli as clap::CommandFactory>::command();
        let mut script = Vec::new();
        clap_complete::generate(args.shell, &mut command, "pm", &mut script);
        output::emit(&String::from_utf8_lossy(&script));
        return Ok(Exit::Ok);
    }
    if let Command::Lint(args) = &cli.command
        && !args.eval.is_empty()
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
    let ctx = Ctx::open(cli.repo.as_deref(), cli.no_commit)?;
    match cli.command {
        Command::Init(_) | Command::Schema | Command::Completions(_) => {
            unreachable!("handled above")
        }
        Command::New(args) => new::run(&ctx, args),
        Command::List(args) => list::run(&ctx, &args),
        Command::Show(args) => show::run(&ctx, &args),
        Command::Edit(args) => edit::run(&ctx, &args),
        Command::Use(args) => use_::run(&ctx, &args),
        Command::Timeline(TimelineCommand::Add(args)) => timeline::add(&ctx, args),
        Command::Timeline(TimelineCommand::List(args)) => timeline::list(&ctx, &args),
        Command::Timeline(TimelineCommand::Import(args)) => timeline::import(&ctx, &args),
        Command::Action(ActionCommand::Add(args)) => action::add(&ctx, &args),
        Command::Action(ActionCommand::Done(args)) => action::done(&ctx, &args),
        Command::Action(ActionCommand::Drop(args)) => action::drop(&ctx, &args),
        Command::Action(ActionCommand::Edit(args)) => action::edit(&ctx, &args),
        Command::Action(ActionCommand::List(args)) => action::list(&ctx, &args),
        Command::Status(args) => status::run(&ctx, &args),
        Command::Review(args) => review::run(&ctx, &args),
        Command::Close(args) => close::run(&ctx, &args),
        Command::Due(args) => due::run(&ctx, &args),
        Command::Lint(args) => lint::run(&ctx, &args),
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
    let shown = ctx.store.relative(path);
    let mut edit = Edit::new(&shown, &loaded.text)?;
    let what = change(&loaded, &mut edit)?;
    let new_text = edit.finish()?;
    store::parse_postmortem(&new_text).map_err(|err| {
        UserError::new(format!(
            "{shown}: the change would make the file invalid: {err}"
        ))
        .hint("nothing was changed")
    })?;
    // A change that turned out to change nothing (another writer got there
    // first) writes nothing and makes no empty commit.
    if new_text != loaded.text {
        store::write_atomic(path, new_text.as_bytes())?;
        let message = format!("pm: {verb} {}: {what}", loaded.pm.id);
        commit(git.as_ref(), &[path.to_path_buf()], &message)?;
    }
    Ok((loaded, what))
}

/// Commit files when committing is on; say so when it is off.
pub fn commit(git: Option<&Git>, files: &[PathBuf], message: &str) -> Result<()> {
    match git {
        Some(git) => git.commit(files, message),
        None => {
            output::note("note: not committed (--no-commit or autocommit: false)");
            Ok(())
        }
    }
}

/// Whether standard input and error are a terminal: only then does pm prompt.
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}
