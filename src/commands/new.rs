//! `pm new [TITLE]`: scaffold a post-mortem from a template.

use anyhow::Result;
use chrono::{DateTime, FixedOffset};

use crate::cli::NewArgs;
use crate::clock;
use crate::commands::{self, Ctx};
use crate::error::{Exit, UserError};
use crate::output;
use crate::render::{self, ScaffoldContext};
use crate::store::{self, Store};

pub fn run(ctx: &Ctx, mut args: NewArgs) -> Result<Exit> {
    let store = &ctx.store;
    let zone = store.config.zone().map_err(UserError::new)?;
    let now = clock::now()?;
    let prompting = commands::interactive();
    if prompting {
        ask_missing(store, &mut args)?;
    }
    // Without prompts, as the prompt's default: the author is whoever git
    // says you are, unless `--author` names others or `--author -` asks for
    // none. Without a git identity the list stays empty.
    if args.authors.iter().any(|a| a.trim() == "-") {
        if args.authors.len() > 1 {
            return Err(UserError::new(
                "--author - means no authors, and other --author flags name some",
            )
            .hint("leave out `--author -` to list authors, or the others for none; nothing was written")
            .into());
        }
        args.authors.clear();
    } else if !prompting
        && args.authors.is_empty()
        && let Some(me) = crate::git::user_name(&store.root)
    {
        args.authors.push(me);
    }

    // Control characters (a pasted bell, a line break) and a byte order
    // mark or zero-width space pasted from a document have no place in a
    // title: they become spaces.
    let title: String = args
        .title
        .as_deref()
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{feff}' | '\u{200b}') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.is_empty() {
        return Err(UserError::new("missing the title")
            .hint(
                "pass it as the first argument: pm new \"Checkout latency spike\" --severity SEV2",
            )
            .into());
    }
    let slug = match &args.id {
        Some(name) => name.trim().to_string(),
        None => {
            let slug = store::slug(&title);
            if slug.is_empty() {
                return Err(UserError::new(format!(
                    "the title `{title}` has no letters or digits to make an id from"
                ))
                .hint("give the id's name with --id, such as --id checkout-outage")
                .into());
            }
            slug
        }
    };
    let severity = match &args.severity {
        Some(s) => store
            .config
            .severity(s)
            .map(str::to_string)
            .ok_or_else(|| {
                UserError::new(format!(
                    "--severity `{s}` is not one of {}",
                    store.config.severities.join(", ")
                ))
                .hint("severities are listed in pm.yaml")
            })?,
        None => {
            return Err(UserError::new("missing --severity")
                .hint(format!(
                    "pass one of {}",
                    store.config.severities.join(", ")
                ))
                .into());
        }
    };
    let started: Option<DateTime<FixedOffset>> = match &args.started {
        Some(text) => Some(clock::moment_arg("--started", text, now, &zone)?),
        None => None,
    };
    if let Some(at) = started
        && clock::add_minutes(now, 5).is_ok_and(|limit| at > limit)
    {
        return Err(UserError::new(format!(
            "--started {} is in the future (now is {} in {})",
            clock::wall_time(&zone, at, "%Y-%m-%d %H:%M"),
            clock::wall_time(&zone, now, "%Y-%m-%d %H:%M"),
            zone.name(),
        ))
        .hint(
            "check --started: HH:MM is the most recent such time, -20m twenty minutes ago (+20m is twenty minutes from now)",
        )
        .hint("nothing was changed")
        .into());
    }
    if started.is_none() {
        clock::check_now_writable(now, &zone)?;
    }
    let date = zone.to_local(started.unwrap_or(now)).date_naive();
    // `--started 09:12` typed at 06:14 is yesterday's 09:12 (the most
    // recent one), and the id keeps that date for good: say so, since a
    // time meant for today (a typo, another zone) looks just like it.
    let read_as_yesterday = match (&args.started, started) {
        (Some(text), Some(at)) => clock::read_as_yesterday("--started", text, at, now, &zone),
        _ => None,
    };
    let explicit = args.id.is_some();
    let slug = id_name(slug, explicit, date)?;
    for (flag, values) in [
        ("--service", &args.services),
        ("--author", &args.authors),
        ("--tag", &args.tags),
    ] {
        if values.iter().any(|v| v.trim().is_empty()) {
            crate::bail_user!("{flag} is empty; give a value or leave the flag out");
        }
    }

    let source = render::template_source(&store.root, &args.template)?;
    let _lock = store.lock()?;
    let git = ctx.git()?;
    let (id, path) = if explicit {
        taken_or_free(store, &format!("{}-{slug}", date.format("%Y-%m-%d")))?
    } else {
        free_id(store, &date.format("%Y-%m-%d").to_string(), &slug)?
    };
    let context = ScaffoldContext {
        id: id.clone(),
        title: title.clone(),
        severity,
        date: date.format("%Y-%m-%d").to_string(),
        started: started.map(|t| clock::format_at(zone.to_local(t))),
        services: trimmed(&args.services),
        authors: trimmed(&args.authors),
        tags: trimmed(&args.tags),
        follow_up_days: store.config.follow_up_days,
        follow_up_due: store
            .config
            .follow_up_due(date)?
            .format("%Y-%m-%d")
            .to_string(),
        yaml: Default::default(),
    }
    .with_yaml();
    let mut text = render::render_scaffold(&source, &args.template, &context)?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let parsed = store::parse_postmortem(&text).map_err(|err| {
        UserError::new(format!(
            "template `{}` gives an invalid post-mortem: {err}",
            args.template
        ))
        .hint("fix the template; nothing was written")
    })?;
    if parsed.title != title || parsed.id != id {
        crate::bail_user!(
            "template `{}` does not write the title and id as given; use {{{{ yaml.title }}}} and {{{{ id }}}}",
            args.template
        );
    }
    // Folders are created one by one, never through a symlink.
    commands::save(
        ctx,
        git.as_ref(),
        &path,
        &text,
        &format!("pm: new {id}: {title}"),
    )?;
    // The incident just opened is the one the responders write to now: a
    // `pm use` from an older incident must not catch its entries. Written
    // under the lock, where no other pm clears pm's temporary files. The
    // post-mortem is committed by now, so a failure here is a warning: an
    // error would say nothing was changed, and a retry would make a copy.
    if let Err(err) = crate::target::set_current(store, &id) {
        output::note(&format!(
            "warning: {id} is created, but pm could not make it the one writes go to: {err:#}; `pm use {id}` does it"
        ));
    }
    drop(_lock);
    let rel = store.shown(&path);
    output::emitln(&format!("Created {id}\n  {rel}"));
    if let Some(note) = read_as_yesterday {
        output::note(&note);
    }
    // Two responders opening the same incident make two files: say so, so
    // the second can use the first (`pm use`) and remove its own.
    if !explicit
        && let Some(first) = id
            .rsplit_once('-')
            .filter(|(_, n)| n.parse::<u32>().is_ok_and(|n| n >= 2))
            .map(|(first, _)| first)
            .filter(|first| {
                store
                    .resolve(first)
                    .is_ok_and(|p| crate::target::id_of(&p) == *first)
            })
    {
        output::note(&format!(
            "note: {first} already exists (a title that gives the same id, today); if it is this incident, \
             `pm use {first}` and remove {id} with `git rm`"
        ));
    }
    output::note(&format!(
        "note: timeline and action commands now write to {id} (pm use)"
    ));
    if prompting && !args.no_edit {
        let open = dialoguer::Confirm::new()
            .with_prompt("Open it in your editor now?")
            .default(true)
            .interact()
            .unwrap_or(false);
        if open {
            return commands::edit::edit_path(ctx, &path);
        }
    }
    Ok(Exit::Ok)
}

fn trimmed(values: &[String]) -> Vec<String> {
    values.iter().map(|v| v.trim().to_string()).collect()
}

/// The name part of the id: checked when given with --id (a leading date
/// equal to the post-mortem's is accepted and dropped).
fn id_name(name: String, explicit: bool, date: chrono::NaiveDate) -> Result<String> {
    if !explicit {
        return Ok(name);
    }
    let day = date.format("%Y-%m-%d").to_string();
    let name = match name.strip_prefix(&format!("{day}-")) {
        Some(rest) => rest.to_string(),
        None => name,
    };
    let dated = crate::clock::iso_date(name.get(..10).unwrap_or("")).is_some();
    if dated {
        return Err(UserError::new(format!(
            "--id `{name}` starts with a date other than the post-mortem's ({day})"
        ))
        .hint("give the name only: pm puts the post-mortem's date before it")
        .hint("the date comes from --started (or today)")
        .into());
    }
    if store::is_slug(&name) {
        return Ok(name);
    }
    let suggestion = store::slug(&name);
    let mut err = UserError::new(format!(
        "--id `{name}`: an id's name is lowercase letters, digits and single dashes, at most {} characters",
        store::SLUG_MAX
    ));
    if !suggestion.is_empty() {
        err = err.hint(format!("such as --id {suggestion}"));
    }
    Err(err.into())
}

/// An id given with --id: refused when a post-mortem already has it, in
/// any folder, in any case (see [`Store::taken_ids`]).
fn taken_or_free(store: &Store, id: &str) -> Result<(String, std::path::PathBuf)> {
    let path = store
        .postmortems_dir()
        .join(&id[..4])
        .join(format!("{id}.yaml"));
    if let Some(other) = store.taken_ids()?.get(&store::id_fold(id)) {
        let other_id = crate::target::id_of(other);
        let mut err = UserError::new(format!("--id: {id} already exists"));
        if other_id != id {
            err = UserError::new(format!(
                "--id: {id} is taken by {other_id} ({}): ids that differ only in case are one file on macOS and Windows",
                store.relative(other)
            ));
        } else if !other.starts_with(path.parent().unwrap_or(&path)) {
            err = err.hint(format!("it is {}", store.relative(other)));
        }
        return Err(err
            .hint("choose another name, or leave --id out to get a free one")
            .into());
    }
    Ok((id.to_string(), path))
}

/// `date-slug`, or `date-slug-2`, `-3`... when taken: by a post-mortem in
/// any folder, in any case (see [`Store::taken_ids`]), or by anything at
/// the path itself.
fn free_id(store: &Store, date: &str, slug: &str) -> Result<(String, std::path::PathBuf)> {
    let dir = store.postmortems_dir().join(&date[..4]);
    let taken_ids = store.taken_ids()?;
    let exists = |p: &std::path::Path| std::fs::symlink_metadata(p).is_ok();
    for n in 1..10_000 {
        let id = if n == 1 {
            format!("{date}-{slug}")
        } else {
            format!("{date}-{slug}-{n}")
        };
        let path = dir.join(format!("{id}.yaml"));
        if !taken_ids.contains_key(&store::id_fold(&id))
            && !exists(&path)
            && !exists(&dir.join(format!("{id}.yml")))
        {
            return Ok((id, path));
        }
    }
    crate::bail_user!("too many post-mortems named {date}-{slug}")
}

/// Prompt for what the flags did not give. Ctrl-C leaves nothing behind.
fn ask_missing(store: &Store, args: &mut NewArgs) -> Result<()> {
    use dialoguer::{FuzzySelect, Input};
    let cancelled = |err: dialoguer::Error| -> anyhow::Error {
        restore_cursor();
        UserError::new(format!("cancelled ({err}); nothing was written")).into()
    };
    if args.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        let title: String = Input::new()
            .with_prompt("Title (what happened, in a few words)")
            .validate_with(|t: &String| -> Result<(), String> {
                if store::slug(t).is_empty() {
                    Err("describe what happened in words (letters or digits)".into())
                } else {
                    Ok(())
                }
            })
            .interact_text()
            .map_err(cancelled)?;
        args.title = Some(title);
    }
    if args.severity.is_none() {
        // Typing filters the list ("3" or "sev3" picks SEV3), arrows move:
        // a newcomer's first instinct is to type the severity.
        let choice = FuzzySelect::new()
            .with_prompt("Severity (type or use the arrows)")
            .items(&store.config.severities)
            .default(store.config.severities.len().saturating_sub(1).min(1))
            .interact()
            .map_err(cancelled)?;
        args.severity = Some(store.config.severities[choice].clone());
    }
    if args.started.is_none() {
        // Each answer is checked where it is typed: a time pm cannot read is
        // asked for again, never found out after the last question.
        let zone = store.config.zone().map_err(UserError::new)?;
        let now = clock::now()?;
        let started: String = Input::new()
            .with_prompt("When did impact start? (HH:MM, -2h, YYYY-MM-DD HH:MM; empty if unknown)")
            .allow_empty(true)
            .validate_with(|t: &String| -> Result<(), String> {
                if t.trim().is_empty() {
                    return Ok(());
                }
                match clock::moment_arg("the start time", t, now, &zone) {
                    Ok(at) if clock::add_minutes(now, 5).is_ok_and(|limit| at > limit) => Err(
                        format!("{} is in the future", clock::format_at(zone.to_local(at))),
                    ),
                    Ok(_) => Ok(()),
                    Err(_) => Err(format!(
                        "not a time pm understands; use {}",
                        clock::AT_FORMATS
                    )),
                }
            })
            .interact_text()
            .map_err(cancelled)?;
        if !started.trim().is_empty() {
            args.started = Some(started);
        }
    }
    if args.services.is_empty() {
        args.services =
            ask_list("Affected services (comma-separated, empty for none)").map_err(cancelled)?;
    }
    if args.authors.is_empty() {
        // git's user.name is the likeliest author: offered, not imposed.
        let me = crate::git::user_name(&store.root).unwrap_or_default();
        let mut input = Input::new().allow_empty(true);
        if me.trim().is_empty() {
            input = input.with_prompt("Authors (comma-separated, empty for none)");
        } else {
            input = input
                .with_prompt("Authors (comma-separated, - for none)")
                .default(me);
        }
        let text: String = input.interact_text().map_err(cancelled)?;
        args.authors = if text.trim() == "-" {
            Vec::new()
        } else {
            split_list(&text)
        };
    }
    Ok(())
}

fn ask_list(prompt: &str) -> Result<Vec<String>, dialoguer::Error> {
    let text: String = dialoguer::Input::new()
        .with_prompt(prompt)
        .allow_empty(true)
        .interact_text()?;
    Ok(split_list(&text))
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// dialoguer hides the cursor while it prompts and leaves it hidden on
/// Ctrl-C; show it again.
fn restore_cursor() {
    use std::io::Write;
    // Standard error may be closed or full: nothing to restore then.
    let _ = write!(std::io::stderr(), "\x1b[?25h");
}
