//! `pm edit ID`: edit a post-mortem in the person's editor.
//!
//! The editor works on a draft copy under .git/pm/drafts/. Only a draft
//! that parses as a valid post-mortem replaces the file and is committed;
//! an invalid one is kept (and the person told where), never thrown away.
//! If someone changed the file meanwhile (a `pm timeline add` during the
//! incident), pm refuses to overwrite it and keeps the draft.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitStatus};

use anyhow::Result;

use crate::cli::EditArgs;
use crate::commands::{self, Ctx};
use crate::error::{Exit, UserError};
use crate::git;
use crate::output;
use crate::store;

pub fn run(ctx: &Ctx, args: &EditArgs) -> Result<Exit> {
    let path = ctx.store.resolve(&args.id)?;
    edit_path(ctx, &path)
}

pub fn edit_path(ctx: &Ctx, path: &Path) -> Result<Exit> {
    let store = &ctx.store;
    // Before any draft is written: with no editor there is nothing to do.
    let editor = editor_command()?;
    let shown = store.shown(path);
    let current = store.read_text(path)?;
    // A merge left conflict markers: resolving them in the editor is fine,
    // but not a commit on top of an unfinished merge.
    if let Some(err) = crate::merge::markers::user_error(&shown, &current, &store.root) {
        if ctx.commits() {
            return Err(err
                .hint(format!(
                    "or resolve it with `{}` (the file is checked before it is saved), then {}",
                    store::edit_no_commit(&crate::target::id_of(path)),
                    crate::merge::markers::finish(&shown, crate::git::operation_at(&store.root))
                ))
                .into());
        }
        output::note(&format!("note: {}; resolve it in the editor", err.message));
    }
    let id = crate::target::id_of(path);
    // `pm edit` commits the file, and changes to it that are not committed
    // yet (a hand edit, the usual reason to run `pm edit` at all) would go
    // into that commit under pm's message: said before the editor opens,
    // not after the person's work in it, with the way that keeps them.
    if let Some(git) = ctx.git()? {
        git.check_clean(&[path.to_path_buf()])
            .map_err(|err| uncommitted(err, &id))?;
    }
    // One session at a time per post-mortem: a second would resume the
    // draft the first is still writing, and save it half-done.
    let Some(_session) = store.draft_lock(&id)? else {
        return Err(UserError::new(format!(
            "another `pm edit` of {shown} is open; finish or quit it first"
        ))
        .hint("nothing was changed")
        .into());
    };
    let drafts = store.state_dir().join("drafts");
    let draft = drafts.join(format!("{id}.yaml"));
    // What the draft was copied from: only a file still equal to it may be
    // replaced, so a timeline entry added meanwhile is never lost.
    let base = drafts.join(format!("{id}.base"));
    // A draft left by an earlier failed edit is the person's latest words:
    // resume from it rather than from the file. It is only worth anything
    // with its starting point: without the base pm cannot tell the
    // person's changes from changes made to the file since, and saving the
    // draft as it is would silently undo the latter.
    // Whether the draft holds text of the person's that is not in the file
    // (an earlier unsaved edit resumed, or an invalid one gone back to).
    let mut held_text = false;
    let original = if draft.is_file() {
        let started_from = store
            .read_state(&base, store::MAX_FILE_BYTES)?
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match started_from {
            Some(started_from) => {
                held_text = true;
                output::note(&format!(
                    "note: resuming your unsaved edit from {}",
                    draft.display()
                ));
                started_from
            }
            None if store.read_text(&draft).is_ok_and(|d| d == current) => {
                // The draft says nothing the file does not: start afresh.
                store.write_state(&base, current.as_bytes())?;
                current.clone()
            }
            None => {
                let kept = store.shown(&draft);
                return Err(UserError::new(format!(
                    "{kept}: this unsaved edit of {shown} has lost its starting point ({id}.base is missing), so pm cannot tell your changes from changes made to the file since"
                ))
                .hint(format!(
                    "nothing was saved; compare your text with the file: git diff --no-index {shown} {kept}"
                ))
                .hint(format!(
                    "to go on, move the draft away (mv {kept} my-edit.yaml), run `{}` and copy over what you want to keep",
                    store::edit_command(&id)
                ))
                .into());
            }
        }
    } else {
        store.write_state(&base, current.as_bytes())?;
        store.write_state(&draft, current.as_bytes())?;
        current.clone()
    };

    // The `id:` the file has: an edit may keep it as it is, or make it the
    // file's name. A copy renamed by hand keeps the `id:` it came from
    // (`pm lint`'s id-file-name warning); every other command writes such
    // a file, so its edit is refused only for changing the `id`.
    let kept_id = store::parse_postmortem(&original).ok().map(|pm| pm.id);
    let id_ok = |new_id: &str| new_id == id || kept_id.as_deref() == Some(new_id);
    loop {
        let status = open_editor(&editor, &draft)?;
        if !status.success() {
            return Err(aborted(
                ctx,
                &format!("the editor `{editor}` exited with {status}"),
                &shown,
                &id,
                &current,
            ));
        }
        // The editor (or the person) removed the draft: there is no text
        // to save, and none kept. Say so, rather than send them to a file
        // that is not there, and take away the base it was compared with
        // (the next `pm edit` starts afresh from the file).
        if fs::symlink_metadata(&draft).is_err_and(|err| err.kind() == std::io::ErrorKind::NotFound)
        {
            fs::remove_file(&base).ok();
            let earlier = if held_text {
                " (with it went the unsaved text it held)"
            } else {
                ""
            };
            return Err(UserError::new(format!(
                "{shown} was not changed: the draft {} is gone{earlier}, so there is no edit to save",
                store.shown(&draft)
            ))
            .hint(format!(
                "{shown} is as it was; run `{}` to start again from it",
                store::edit_command(&id)
            ))
            .hint("an editor that saves by writing a new file must put it back at the draft's name")
            .into());
        }
        // Too large or no longer text: the words are still in the draft.
        let edited = store.read_text(&draft).map_err(|err| {
            with_hint(
                err,
                format!(
                    "your edit was not saved; its text is kept in {} (make it valid there and run `{}` again)",
                    draft.display(),
                    store::edit_command(&id)
                ),
            )
        })?;
        if edited == original && original == current {
            fs::remove_file(&draft).ok();
            fs::remove_file(&base).ok();
            output::emitln(&format!("No changes to {shown}"));
            return Ok(Exit::Ok);
        }
        match store::parse_postmortem(&edited) {
            Ok(pm) if id_ok(&pm.id) => {
                // The repository lock first: another pm may be committing.
                let _lock = store.lock()?;
                let git = ctx.git()?;
                // Gone or unreadable meanwhile (removed, renamed by a
                // checkout): the person's text is in the draft; say where.
                let now_on_disk = store.read_text(path).map_err(|err| {
                    with_hint(
                        err,
                        format!(
                            "your edit was not saved; its text is kept in {} (copy it to {shown} to put the file back with your edit)",
                            draft.display()
                        ),
                    )
                })?;
                let mut edited = edited;
                if now_on_disk != original {
                    // Someone changed the file meanwhile (a timeline entry
                    // during the incident): merge both, as git would.
                    let (merged, clean) =
                        git::merge_text(&original, &edited, &now_on_disk, &store.relative(path))?;
                    let valid = store::parse_postmortem(&merged).is_ok_and(|pm| id_ok(&pm.id));
                    if !(clean && valid) {
                        store.write_state(&draft, merged.as_bytes())?;
                        store.write_state(&base, now_on_disk.as_bytes())?;
                        return Err(UserError::new(format!(
                            "{shown} changed while you were editing it, and the changes overlap"
                        ))
                        .hint(format!(
                            "your edit and the other change are both in {}, with conflict markers",
                            draft.display()
                        ))
                        .hint(format!(
                            "run `{}` again to resolve them; nothing was saved over the file",
                            store::edit_command(&id)
                        ))
                        .into());
                    }
                    output::note(&format!(
                        "note: merged your edit with changes made to {shown} meanwhile"
                    ));
                    edited = merged;
                }
                // Nothing to save (the edit equals what is on disk now): no
                // write, no empty commit, no draft left behind.
                if edited == now_on_disk {
                    fs::remove_file(&draft).ok();
                    fs::remove_file(&base).ok();
                    output::emitln(&format!("No changes to {shown}"));
                    return Ok(Exit::Ok);
                }
                // Refused (a hand edit made meanwhile, a hook): the
                // person's text stays in the draft, and they are told.
                commands::save(
                    ctx,
                    git.as_ref(),
                    path,
                    &edited,
                    &format!("pm: edit {id}: hand edit"),
                )
                .map_err(|err| {
                    with_hint(
                        err,
                        format!(
                            "your edit was not saved; its text is kept in {} (the next `{}` continues from it)",
                            draft.display(),
                            store::edit_command(&id)
                        ),
                    )
                })?;
                fs::remove_file(&draft).ok();
                fs::remove_file(&base).ok();
                output::emitln(&format!("Saved {shown}"));
                report_lint(ctx, &store.relative(path), &edited, &id);
                return Ok(Exit::Ok);
            }
            Ok(pm) => {
                let keep = match kept_id.as_deref() {
                    Some(kept) if kept != id => format!("`{kept}` as it was, or `{id}`"),
                    _ => format!("`{id}`"),
                };
                report_invalid(&format!(
                    "{shown}: `id` was changed to `{}`, but the id is the file's name ({id}); make it {keep}, or rename the file with `git mv`",
                    pm.id
                ));
            }
            // The error is in the person's draft, not in the repository's
            // file: point at the lines they are editing.
            Err(err) => report_invalid(&format!("{}:{err}", store.shown(&draft))),
        }
        if !commands::interactive() || !ask_again() {
            return Err(
                UserError::new(format!("{shown} was not saved: the edit is not valid"))
                    .hint(format!("your text is kept in {}", draft.display()))
                    .hint(format!(
                        "run `{}` again to continue from it",
                        store::edit_command(&id)
                    ))
                    .into(),
            );
        }
        held_text = true;
    }
}

/// `Git::check_clean`'s refusal, said for `pm edit`: the way that keeps
/// the changes first (edit them in without committing), then committing
/// or discarding them first.
fn uncommitted(err: anyhow::Error, id: &str) -> anyhow::Error {
    let mut user = match err.downcast::<UserError>() {
        Ok(user) => user,
        Err(other) => return other,
    };
    user.hints.retain(|h| !h.starts_with("or pass --no-commit"));
    user.hints.insert(
        0,
        format!(
            "to keep them, edit the file with them without committing: `{}` (saved only once it is valid), then commit it yourself",
            store::edit_no_commit(id)
        ),
    );
    user.hint("nothing was changed; the editor was not opened")
        .into()
}

/// `err` as a person's error with `hint` after it.
fn with_hint(err: anyhow::Error, hint: String) -> anyhow::Error {
    match err.downcast::<UserError>() {
        Ok(user) => user.hint(hint).into(),
        Err(other) => UserError::new(format!("{other:#}")).hint(hint).into(),
    }
}

/// What `pm lint` says of the saved file, in short: the edit is saved
/// (it is valid YAML of a post-mortem), but a severity pm.yaml does not
/// know or blame in the prose is worth hearing now, not in CI.
fn report_lint(ctx: &Ctx, file: &str, text: &str, id: &str) {
    let Ok(linter) = crate::lint::Linter::for_repository(&ctx.store.config) else {
        return;
    };
    let mut findings: Vec<_> = linter
        .lint(file, text, None)
        .into_iter()
        .filter(|f| f.severity != crate::lint::Severity::Info && f.rule != "empty-section")
        .collect();
    if findings.is_empty() {
        return;
    }
    // Errors first (the enum orders them so).
    findings.sort_by_key(|f| f.severity);
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::lint::Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    output::note(&format!(
        "note: `pm lint {}` reports {errors} error{} and {warnings} warning{}:",
        output::arg_word(id),
        output::plural_s(errors as u64),
        output::plural_s(warnings as u64),
    ));
    for f in findings.iter().take(3) {
        output::note(&format!(
            "  {}:{}: {}[{}] {}",
            output::name(&f.file),
            f.line,
            f.severity.as_str(),
            f.rule,
            f.message
        ));
    }
}

fn report_invalid(message: &str) {
    output::note(&format!("error: {message}"));
}

fn ask_again() -> bool {
    dialoguer::Confirm::new()
        .with_prompt("Edit again?")
        .default(true)
        .interact()
        .unwrap_or(false)
}

/// `$VISUAL`, else `$EDITOR`, else `vi` on a terminal.
fn editor_command() -> Result<String> {
    let chosen = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        });
    match chosen {
        Some(editor) => Ok(editor),
        // vi on a pipe hangs a script: only a person at a terminal gets it.
        None if commands::interactive() => Ok("vi".to_string()),
        None => Err(
            UserError::new("no editor to open: $VISUAL and $EDITOR are not set")
                .hint("set EDITOR (EDITOR=nano pm edit ID), or change the file with pm timeline/action commands")
                .hint("without a terminal pm does not start vi; nothing was changed")
                .into(),
        ),
    }
}

/// Run the editor through the shell so that an editor with arguments
/// (`code --wait`) works. A failure exit means the person
/// aborted the edit (vim's `:cq`, as for a git commit message).
fn open_editor(editor: &str, file: &Path) -> Result<ExitStatus> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("pm-editor")
        .arg(file)
        .status()
        .map_err(|err| UserError::new(format!("cannot start the editor `{editor}`: {err}")))?;
    Ok(status)
}

/// The editor exited with a failure: as with a git commit message, the
/// edit is aborted. Nothing is saved, and the draft is not resumed by the
/// next `pm edit` (quitting that one unchanged would save text the person
/// never confirmed). Its text is moved aside, where the person is told.
fn aborted(ctx: &Ctx, why: &str, shown: &str, id: &str, current: &str) -> anyhow::Error {
    let store = &ctx.store;
    let drafts = store.state_dir().join("drafts");
    let draft = drafts.join(format!("{id}.yaml"));
    let base = drafts.join(format!("{id}.base"));
    // Each abort keeps its own copy: a second abort (or an editor that
    // crashed, then an abort) never overwrites the text of the first.
    let aborted_dir = drafts.join("aborted");
    let copy = (1..)
        .map(|n| match n {
            1 => aborted_dir.join(format!("{id}.yaml")),
            n => aborted_dir.join(format!("{id}-{n}.yaml")),
        })
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("an unused name");
    let text = store.read_text(&draft).ok();
    let err = UserError::new(format!(
        "{why}: the edit of {shown} is aborted; nothing was saved"
    ));
    let err = match text {
        // Nothing written in it that the file does not hold: nothing to keep.
        Some(text) if text == current => {
            fs::remove_file(&draft).ok();
            fs::remove_file(&base).ok();
            err
        }
        Some(text) => match store.write_state(&copy, text.as_bytes()) {
            Ok(()) => {
                fs::remove_file(&draft).ok();
                fs::remove_file(&base).ok();
                err.hint(format!(
                    "a copy of the text you left in the editor is in {}",
                    copy.display()
                ))
            }
            // Keep the draft rather than lose the text, but without its
            // base: the next `pm edit` then refuses to save it unseen.
            Err(_) => {
                fs::remove_file(&base).ok();
                return err
                    .hint(format!("your text is kept in {}", draft.display()))
                    .hint(format!(
                        "move it away before `{}`, which will not start over a draft it cannot check",
                        store::edit_command(id)
                    ))
                    .into();
            }
        },
        None => {
            fs::remove_file(&base).ok();
            err
        }
    };
    err.hint(format!(
        "run `{}` to start again from the file",
        store::edit_command(id)
    ))
    .into()
}
